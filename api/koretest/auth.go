package koretest

import (
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// authorize checks the auth header as Kore.ai does: an HS256 JWT signed
// with the app's secret whose appId claim names the app. It returns a
// zero status when the request may go on.
func (s *Server) authorize(r *http.Request, f Faults) (status int, msg string, code int) {
	raw := r.Header.Get("auth")
	if raw == "" {
		return http.StatusUnauthorized, "Invalid SDK credentials", 4002
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) {
		return []byte(s.opts.Secret), nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(s.now))
	if err != nil {
		if errorIsExpired(err) {
			return http.StatusUnauthorized, "Token expired", 4003
		}
		return http.StatusUnauthorized, "Invalid SDK credentials", 4002
	}
	if app, _ := claims["appId"].(string); app != s.opts.ClientID {
		return http.StatusUnauthorized, "Invalid SDK credentials", 4002
	}
	if f.TokenMaxAge > 0 {
		iat, err := claims.GetIssuedAt()
		if err != nil || iat == nil || s.now().Sub(iat.Time) > f.TokenMaxAge {
			return http.StatusUnauthorized, "Token expired", 4003
		}
	}
	return 0, "", 0
}

func errorIsExpired(err error) bool {
	return err != nil && (jwtIs(err, jwt.ErrTokenExpired) || jwtIs(err, jwt.ErrTokenNotValidYet))
}

// Token mints a token the server accepts, issued at iat, for tests that
// need one by hand.
func (s *Server) Token(iat time.Time, ttl time.Duration) string {
	tok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"appId": s.opts.ClientID, "sub": "koretest", "iat": iat.Unix(), "exp": iat.Add(ttl).Unix(),
	}).SignedString([]byte(s.opts.Secret))
	return tok
}
