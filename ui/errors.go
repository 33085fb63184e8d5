package ui

import (
	"context"
	"errors"
	"net/http"

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
