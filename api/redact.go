package api

import (
	"regexp"
	"strings"
)

// jwtShape matches a JSON Web Token: three base64url parts, the first a
// JSON header ("eyJ" is the encoding of `{"`). Compiled once, never
// written: a read-only table, not state.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// redactTokens removes the token sent, and anything shaped like a token,
// from server text: a server that echoes the auth header in its error
// must not get it printed, logged or exported.
func redactTokens(s, sent string) string {
	if sent != "" && len(sent) >= 8 {
		s = strings.ReplaceAll(s, sent, "[token]")
	}
	return jwtShape.ReplaceAllString(s, "[token]")
}
