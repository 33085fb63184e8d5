package api

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Credentials supply the JWT sent in the auth header.
type Credentials interface {
	// Token returns a token valid at now; fresh asks for a new one even if
	// the cached one has not expired (after a 401).
	Token(now time.Time, fresh bool) (string, error)
	// CanRefresh reports whether a fresh token can differ from the last.
	CanRefresh() bool
}

// StaticToken is a pre-minted token, for machines that hold no secret.
type StaticToken string

// Token returns the token as given, or an ExpiredTokenError without
// sending it when its exp claim has passed (read, not verified: konvo
// has no key to verify it with, and the server judges it anyway).
func (t StaticToken) Token(now time.Time, _ bool) (string, error) {
	if t == "" {
		return "", errors.New("no token given")
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(string(t), claims); err == nil {
		if exp, err := claims.GetExpirationTime(); err == nil && exp != nil && !now.Before(exp.Time) {
			return "", &ExpiredTokenError{At: exp.Time}
		}
	}
	return string(t), nil
}

// ExpiredTokenError is a pre-minted token whose exp has passed.
type ExpiredTokenError struct {
	At     time.Time
	Source string // where the token came from, e.g. "KONVO_TOKEN"
}

func (e *ExpiredTokenError) Error() string {
	from := "the token"
	if e.Source != "" {
		from = "the token from " + e.Source
	}
	return fmt.Sprintf("%s expired at %s; mint a new one, or use a client id and secret", from, e.At.UTC().Format("2006-01-02 15:04 UTC"))
}

// CanRefresh is false: a static token is what it is.
func (StaticToken) CanRefresh() bool { return false }

// String hides the token from fmt and logs.
func (StaticToken) String() string { return "StaticToken(redacted)" }

// GoString hides the token from %#v too.
func (t StaticToken) GoString() string { return t.String() }

// SigningKey is how an app's tokens are signed. Kore apps choose their
// algorithm: HS256 (the default) or HS512 with the client secret, RS256
// or RS512 with the app's private key.
type SigningKey struct {
	Algorithm string // HS256, HS512, RS256 or RS512; empty: HS256, or RS256 with a private key
	Secret    string
	Private   *rsa.PrivateKey
}

// method is the jwt signing method and key for k.
func (k SigningKey) method() (jwt.SigningMethod, any, error) {
	alg := strings.ToUpper(strings.TrimSpace(k.Algorithm))
	if alg == "" {
		alg = "HS256"
		if k.Private != nil {
			alg = "RS256"
		}
	}
	switch alg {
	case "HS256", "HS512":
		if k.Secret == "" {
			return nil, nil, fmt.Errorf("%s signs with the client secret, and it is empty", alg)
		}
		if alg == "HS512" {
			return jwt.SigningMethodHS512, []byte(k.Secret), nil
		}
		return jwt.SigningMethodHS256, []byte(k.Secret), nil
	case "RS256", "RS512":
		if k.Private == nil {
			return nil, nil, fmt.Errorf("%s signs with the app's private key: give it with --private-key-file or private_key_file", alg)
		}
		if alg == "RS512" {
			return jwt.SigningMethodRS512, k.Private, nil
		}
		return jwt.SigningMethodRS256, k.Private, nil
	}
	return nil, nil, fmt.Errorf("signing algorithm %q: konvo signs HS256, HS512, RS256 or RS512", k.Algorithm)
}

// ParsePrivateKey reads an RSA private key in PEM (PKCS #1 or #8).
func ParsePrivateKey(pem []byte) (*rsa.PrivateKey, error) {
	k, err := jwt.ParseRSAPrivateKeyFromPEM(pem)
	if err != nil {
		return nil, fmt.Errorf("read the private key: %w", err)
	}
	return k, nil
}

// Minter mints tokens from a Kore.ai app's client id and signing key and
// re-mints them shortly before they expire.
type Minter struct {
	clientID string
	ttl      time.Duration
	subject  string
	// held keeps the secret and the cached token behind a pointer: fmt
	// prints a nested pointer as an address, so no way of printing a
	// Minter, not even %#v of a copy, shows them.
	held *minterState
}

type minterState struct {
	mu      sync.Mutex
	method  jwt.SigningMethod
	key     any
	token   string
	expires time.Time
}

// DefaultTokenTTL is how long a minted token lives. Kore.ai documents no
// lifetime; short tokens limit the harm of one that leaks.
const DefaultTokenTTL = time.Hour

// NewMinter makes a Minter that signs HS256 with the client secret; ttl
// <= 0 means DefaultTokenTTL.
func NewMinter(clientID, secret string, ttl time.Duration) (*Minter, error) {
	if secret == "" {
		return nil, errors.New("client secret is empty")
	}
	return NewMinterKey(clientID, SigningKey{Secret: secret}, ttl)
}

// NewMinterKey makes a Minter that signs with the given key.
func NewMinterKey(clientID string, key SigningKey, ttl time.Duration) (*Minter, error) {
	if clientID == "" {
		return nil, errors.New("client id is empty")
	}
	method, k, err := key.method()
	if err != nil {
		return nil, err
	}
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	return &Minter{clientID: clientID, ttl: ttl, subject: "konvo", held: &minterState{method: method, key: k}}, nil
}

// Algorithm is the signing algorithm of the tokens minted.
func (m *Minter) Algorithm() string { return m.held.method.Alg() }

// String hides the secret from fmt and logs.
func (m Minter) String() string { return "Minter(" + m.clientID + ")" }

// GoString hides the secret and the cached token from %#v too.
func (m Minter) GoString() string { return m.String() }

// CanRefresh is true: a minter can always mint anew.
func (m *Minter) CanRefresh() bool { return true }

// Token returns the cached token, or mints one when fresh is set or the
// cached one has less than a tenth of its life (at most a minute) left.
func (m *Minter) Token(now time.Time, fresh bool) (string, error) {
	h := m.held
	h.mu.Lock()
	defer h.mu.Unlock()
	margin := min(m.ttl/10, time.Minute)
	if !fresh && h.token != "" && now.Add(margin).Before(h.expires) {
		return h.token, nil
	}
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", fmt.Errorf("mint token: %w", err)
	}
	exp := now.Add(m.ttl)
	claims := jwt.MapClaims{
		"appId": m.clientID,
		"iss":   m.clientID,
		"sub":   m.subject,
		"iat":   now.Unix(),
		"exp":   exp.Unix(),
		"jti":   hex.EncodeToString(jti),
	}
	signed, err := jwt.NewWithClaims(h.method, claims).SignedString(h.key)
	if err != nil {
		// jwt's errors name the method and key type, never the key.
		return "", fmt.Errorf("mint token: %w", err)
	}
	h.token, h.expires = signed, exp
	return signed, nil
}
