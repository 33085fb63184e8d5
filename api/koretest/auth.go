package koretest

import (
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// authorize checks the auth header as Kore.ai does: a JWT signed with the
// app's algorithm (HS256 by default; Options.Algorithm) whose appId claim
// names the app. It returns a zero status when the request may go on.
func (s *Server) authorize(r *http.Request, f Faults) (status int, msg string, code int) {
	raw := r.Header.Get("auth")
	if raw == "" {
		return http.StatusUnauthorized, "Invalid SDK credentials", 4002
	}
	if f.RequireJWE {
		return http.StatusUnauthorized, "Invalid token: JWE encryption is enabled for this app", 4002
	}
	alg := s.opts.Algorithm
	if alg == "" {
		alg = "HS256"
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) {
		if strings.HasPrefix(alg, "RS") {
			return s.opts.PublicKey, nil
		}
		return []byte(s.opts.Secret), nil
	}, jwt.WithValidMethods([]string{alg}), jwt.WithTimeFunc(s.now))
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
