package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"konvo/api"
)

// errorText turns an error into one sentence a support engineer can act
// on: api.Explain's wording, which the CLI shares, and what to press
// (named by the current binding).
func errorText(d *deps, err error) string {
	if err == nil {
		return ""
	}
	text := api.Explain(err)
	var apiErr *api.APIError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, api.ErrBusy):
		return text
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest:
		return text + "; change the filter with " + d.keys.Key(Filter)
	}
	return text + " (" + d.keys.Key(Refresh) + " retries)"
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
