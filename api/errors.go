package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is a response the server refused. Message is the server's own
// errors[0].msg, or the start of the body when it sent no such field; it
// never holds the request's token.
type APIError struct {
	Op         string // "getSessions", "getMessages"
	Status     int
	Code       int
	Message    string
	RetryAfter time.Duration // from Retry-After, when sent
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	if e.Code != 0 {
		return fmt.Sprintf("%s: HTTP %d: %s (code %d)", e.Op, e.Status, msg, e.Code)
	}
	return fmt.Sprintf("%s: HTTP %d: %s", e.Op, e.Status, msg)
}

// Temporary reports whether trying again later may succeed.
func (e *APIError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// IsStatus reports whether err is an APIError with the given HTTP status.
func IsStatus(err error, status int) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == status
}

// ErrInsecureHost is returned by New for a plain-http host that is not on
// loopback: the token would cross the network in clear text.
var ErrInsecureHost = errors.New("refusing to send credentials over plain http to a host that is not loopback; use https")

// ErrBusy is returned by a pager asked for its next page while a request
// for the previous one is still running: one fetch per pager, always.
var ErrBusy = errors.New("a fetch for this list is already running")

// parseAPIError builds an APIError from a refused response's body.
func parseAPIError(op string, status int, body []byte, header http.Header, now time.Time) *APIError {
	e := &APIError{Op: op, Status: status, RetryAfter: retryAfter(header, now)}
	var doc struct {
		Errors []struct {
			Msg  string          `json:"msg"`
			Code json.RawMessage `json:"code"`
		} `json:"errors"`
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	if json.Unmarshal(body, &doc) == nil {
		switch {
		case len(doc.Errors) > 0:
			e.Message = doc.Errors[0].Msg
			_ = json.Unmarshal(doc.Errors[0].Code, &e.Code)
		case doc.Message != "":
			e.Message = doc.Message
		case doc.Error != "":
			e.Message = doc.Error
		}
	}
	if e.Message == "" {
		e.Message = clip(strings.TrimSpace(string(body)), 200)
	}
	return e
}

// retryAfter reads Retry-After as seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && secs >= 0 {
		return min(time.Duration(secs)*time.Second, time.Hour)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), time.Hour)
	}
	return 0
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
