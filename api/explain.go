package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"konvo/model"
)

// Explain turns an error into one sentence a support engineer can act on,
// naming the setting to check. The CLI prints it and the TUI shows it, so
// both say the same thing. Server text in it is sanitised for a terminal.
func Explain(err error) string {
	var (
		apiErr  *APIError
		expired *ExpiredTokenError
		off     *OffOriginError
		tooLong *WaitTooLongError
		tooBig  *TooLargeError
		netErr  *NetworkError
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, ErrBusy):
		return "still loading the previous page"
	case errors.As(err, &expired):
		return model.Line(expired.Error())
	case errors.As(err, &off):
		return model.Line(off.Error())
	case errors.As(err, &tooLong):
		return model.Line(tooLong.Error())
	case errors.As(err, &tooBig):
		return model.Line(tooBig.Error())
	case errors.Is(err, ErrInsecureHost):
		return "the host is plain http and not this machine: konvo sends the token over https only (check KONVO_HOST or --host)"
	case errors.Is(err, ErrEndlessPaging):
		return model.Line(strings.TrimSuffix(err.Error(), ": "+ErrEndlessPaging.Error())) + " (the server's paging is broken)"
	case errors.Is(err, model.ErrMissingMember):
		return "the server answered 200 without the list it should hold: check that KONVO_HOST is a Kore.ai API"
	case errors.As(err, &apiErr):
		return explainAPI(apiErr)
	case errors.As(err, &netErr):
		return fmt.Sprintf("cannot reach %s (KONVO_HOST or --host): %s", model.Line(netErr.Host), model.Line(shortCause(netErr.Err)))
	}
	return model.Line(err.Error())
}

func explainAPI(e *APIError) string {
	refusal := fmt.Sprintf("%d %s", e.Status, model.Line(e.Message))
	switch {
	case e.Encrypted():
		return fmt.Sprintf("the app expects encrypted tokens or payloads (%s): konvo signs plain JWTs; turn off JWE and payload encryption in the app's settings (Security › JWE / Encrypt payload) or use an app without them", refusal)
	case e.RateLimited():
		return "the bot's rate limit is spent and waiting did not free it: wait a few minutes"
	case e.Status == http.StatusUnauthorized:
		if strings.Contains(strings.ToLower(e.Credentials), "token") {
			return fmt.Sprintf("the server refused the token from %s (%s); a token is used instead of any client id and secret: check that it is current and for this bot, or unset it", e.Credentials, refusal)
		}
		from := "the client id and secret"
		if e.Credentials != "" {
			from += " (the " + e.Credentials + ")"
		}
		return fmt.Sprintf("the server refused the credentials (%s): check %s, the signing algorithm the app chose (--jwt-alg, a private key file for RS256/RS512), and that the app has the Bot Sessions and Chat History scopes, published", refusal, from)
	case e.Status == http.StatusForbidden:
		return fmt.Sprintf("the app lacks the scope for this API (%s): give it Bot Sessions and Chat History, and publish the scopes", refusal)
	case e.Status == http.StatusNotFound:
		return fmt.Sprintf("not found (%s): check the bot id (KONVO_BOT_ID or --bot) and the host (KONVO_HOST or --host)", refusal)
	case e.Status == http.StatusBadRequest:
		return fmt.Sprintf("the server refused the query (%s)", refusal)
	case e.Status >= 500:
		return fmt.Sprintf("the server is failing (%s)", refusal)
	}
	return refusal
}

// shortCause drops the layers Go's net package adds ("dial tcp
// 127.0.0.1:1: connect: connection refused" reads "connection refused").
func shortCause(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}

// WaitNote words why requests are held back, with a countdown, for a
// status line or a progress line; empty when nothing waits (or the wait
// is too short to read).
func WaitNote(st Status, now time.Time) string {
	if st.Waiting == 0 || st.Until.IsZero() {
		return ""
	}
	d := st.Until.Sub(now)
	if d < 500*time.Millisecond {
		return ""
	}
	left := Humanize(d)
	switch st.Reason {
	case RateBudget:
		return "pacing under the rate limit, next request in " + left
	case RateLimited:
		return "the rate limit is spent (by konvo or another client), retrying in " + left
	case RetryWait:
		return "retrying after an error in " + left
	}
	return ""
}
