package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"konvo/api"
)

// errorText turns an error into one sentence a support engineer can act
// on. Server text in it is sanitised; tokens never reach errors at all.
func errorText(err error) string {
	var apiErr *api.APIError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, api.ErrBusy):
		return "still loading the previous page"
	case errors.As(err, &apiErr):
		msg := safe(apiErr.Message)
		switch {
		case apiErr.Status == http.StatusUnauthorized:
			return fmt.Sprintf("401 %s: check the client id and secret, and that the app has the Bot Sessions and Chat History scopes (r retries)", msg)
		case apiErr.Status == http.StatusForbidden:
			return fmt.Sprintf("403 %s: the app lacks the scope for this API (r retries)", msg)
		case apiErr.Status == http.StatusNotFound:
			return fmt.Sprintf("404 %s: check the bot id and the host", msg)
		case apiErr.Status == http.StatusTooManyRequests:
			return "rate limit reached and retries ran out: wait a minute, then r"
		case apiErr.Status == http.StatusBadRequest:
			return fmt.Sprintf("400 %s: the server refused the query; change the filter with f", msg)
		case apiErr.Status >= 500:
			return fmt.Sprintf("%d %s: the server is failing; r retries", apiErr.Status, msg)
		}
		return fmt.Sprintf("%d %s", apiErr.Status, msg)
	}
	var netErr net.Error
	if errors.As(err, &netErr) || strings.Contains(err.Error(), "connection refused") {
		return "cannot reach the server: check the network and --host (r retries)"
	}
	return safe(err.Error()) + " (r retries)"
}

// pacingText words why requests are waiting, e.g. "rate limit reached,
// retrying in 12 s"; empty when nothing waits.
func pacingText(st api.Status, now time.Time) string {
	if st.Waiting == 0 || st.Until.IsZero() {
		return ""
	}
	d := st.Until.Sub(now)
	if d < 500*time.Millisecond {
		return ""
	}
	secs := int(d.Round(time.Second) / time.Second)
	wait := fmt.Sprintf("%d s", secs)
	if secs >= 120 {
		wait = fmt.Sprintf("%d min", secs/60)
	}
	switch st.Reason {
	case api.RateBudget:
		return "pacing under the API rate limit, next request in " + wait
	case api.RateLimited:
		return "rate limit reached, retrying in " + wait
	case api.RetryWait:
		return "retrying after an error in " + wait
	}
	return ""
}
