package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"konvo/model"
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
	// Credentials says where the refused credentials came from (Options.
	// CredentialSource), so a 401 can name them.
	Credentials string
}

// RateLimited reports whether the answer is the rate limit: a 429, or
// any status whose message is one of the documented rate-limit wordings
// ("Rate limit for this API has been reached…", "You've exceeded the
// per-minute rate limit…", "…hourly rate limit…"). Kore documents the
// messages but not the status they come with.
func (e *APIError) RateLimited() bool {
	if e.Status == http.StatusTooManyRequests {
		return true
	}
	m := strings.ToLower(e.Message)
	return strings.Contains(m, "rate limit") && (strings.Contains(m, "reached") || strings.Contains(m, "exceeded"))
}

// Hourly reports whether a rate-limit answer says the hourly limit, not
// the minute's, is spent.
func (e *APIError) Hourly() bool {
	return e.RateLimited() && strings.Contains(strings.ToLower(e.Message), "hour")
}

// Encrypted reports whether the server refused because the app expects
// encrypted tokens or payloads (JWE, or request/response encryption),
// which konvo does not send. The wording of that refusal is not
// documented; this reads the words such a message must use.
func (e *APIError) Encrypted() bool {
	m := strings.ToLower(e.Message)
	return strings.Contains(m, "jwe") || strings.Contains(m, "encrypt")
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
	return e.RateLimited() || e.Status >= 500
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
	// Kept as asked, up to a bound that cannot overflow: the client
	// refuses waits over its cap and says what the server asked for.
	const most = 10000 * time.Hour
	var secs int64
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && secs >= 0 {
		return min(time.Duration(min(secs, int64(most/time.Second)))*time.Second, most)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), most)
	}
	return 0
}

// WaitTooLongError is a server asking konvo to wait longer than it will.
type WaitTooLongError struct {
	Op     string
	Asked  time.Duration
	Cap    time.Duration
	Hourly bool  // the hourly limit is spent
	Err    error // the refusal, when there was one
}

func (e *WaitTooLongError) Error() string {
	what := "the server asked to wait " + Humanize(e.Asked)
	if e.Hourly {
		what = "the bot's hourly request limit is spent (another client may be using it); it frees in about " + Humanize(e.Asked)
	}
	return fmt.Sprintf("%s: %s, longer than konvo waits (%s; max_wait in the config or --max-wait)", e.Op, what, Humanize(e.Cap))
}

func (e *WaitTooLongError) Unwrap() error { return e.Err }

// TooLargeError is a response body over the client's limit.
type TooLargeError struct {
	Op    string
	Size  int64 // from Content-Length; -1 when the body ran over unannounced
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size >= 0 {
		return fmt.Sprintf("%s: the response is %s, over konvo's limit of %s; narrow the range or the page size", e.Op, humanBytes(e.Size), humanBytes(e.Limit))
	}
	return fmt.Sprintf("%s: the response ran over konvo's limit of %s; narrow the range or the page size", e.Op, humanBytes(e.Limit))
}

// NetworkError is a request that never got an answer.
type NetworkError struct {
	Op   string
	Host string // scheme and host, never a path or query
	Err  error
}

func (e *NetworkError) Error() string { return fmt.Sprintf("%s: %s: %v", e.Op, e.Host, e.Err) }
func (e *NetworkError) Unwrap() error { return e.Err }

// OffOriginError is a redirect konvo refused to follow: it led away from
// the configured host, and the token would have gone with it.
type OffOriginError struct {
	Target string // scheme, host and path of the redirect
	Origin string // the configured scheme and host
}

func (e *OffOriginError) Error() string {
	return fmt.Sprintf("the server redirected to %s, away from %s; konvo does not send the token to another host", e.Target, e.Origin)
}

// Humanize spells a wait the way the status line does: "45 s", "2 min",
// "3 h 20 min", "9 days".
func Humanize(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		if d%time.Minute >= 30*time.Second && d < 10*time.Minute {
			return fmt.Sprintf("%d min %d s", int(d/time.Minute), int(d%time.Minute/time.Second))
		}
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	}
	if d >= 48*time.Hour {
		return model.Span(d) // "9 days", not "219 h 35 min"
	}
	h := int(d / time.Hour)
	if m := int(d % time.Hour / time.Minute); m > 0 {
		return fmt.Sprintf("%d h %d min", h, m)
	}
	return fmt.Sprintf("%d h", h)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
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
