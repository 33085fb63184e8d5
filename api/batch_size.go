package api

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"konvo/model"
)

// idCap is how many session ids a getMessagesV2 call may name, as this
// host has shown: Kore documents no limit (getSessions' 50 is not
// getMessagesV2's), so konvo starts from the safe 50, doubles after a
// call that named as many and was answered, and halves, for good, on a
// refusal.
type idCap struct{ sizeCap }

// maxIDs bounds the growth: past a page of messages more ids save no
// request, and a 10,000-message page of sessions of one message each is
// the most a call can bring.
const maxIDs = V2PageSize

// answered grows the cap after a call that named n ids and came back.
func (c *idCap) answered(n int) { c.grow(n, maxIDs) }

// refusedAt halves the cap below a count the server refused; false
// when the count is already the least konvo asks (a refusal that is not
// about the count).
func (c *idCap) refusedAt(n, least int) bool {
	if n <= least {
		return false
	}
	c.settle(max(n/2, least))
	return true
}

// tooManyIDs reports whether err is a server refusing a call's number of
// session ids: a 400 (what else in a batch konvo made could be bad).
func tooManyIDs(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusBadRequest
}

// sortForBatches orders sessions as batches cut them: by channel (a
// call names one), then by start.
func sortForBatches(sessions []model.Session) []model.Session {
	sorted := append([]model.Session(nil), sessions...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Channel != sorted[j].Channel {
			return sorted[i].Channel < sorted[j].Channel
		}
		return sorted[i].Start.Before(sorted[j].Start)
	})
	return sorted
}

// firstBatch is how many of the sorted sessions one call takes: at most
// n, one channel, a covering range within one API window, and, when page
// is set, no more messages (as the sessions count them) than a page
// holds, so the call is one request. Always at least one.
func firstBatch(sorted []model.Session, n, page int, now time.Time) int {
	msgs := 0
	var span model.Range
	for i, s := range sorted {
		msgs += max(s.Messages, 1)
		span = spanWith(span, s, now)
		if i > 0 && (i >= n || s.Channel != sorted[0].Channel || page > 0 && msgs > page || widen(span).Duration() > model.MaxWindow) {
			return i
		}
	}
	return len(sorted)
}

// Floor is the fewest requests that can bring these sessions' transcripts
// through via: a call per channel and API window, each a page of
// V2PageSize (or 100 for getMessages) messages as the sessions count
// them, with no cap on the ids a call names. What a sync did is said
// against it.
func (c *Client) Floor(sessions []model.Session, via MessagesAPI) int {
	page := V2PageSize
	if c.BulkVia(via) == MessagesV1 {
		page = c.opts.MessagePageSize
	}
	n := 0
	for rest := sortForBatches(sessions); len(rest) > 0; {
		k := firstBatch(rest, len(rest), 0, c.now())
		msgs := 0
		for _, s := range rest[:k] {
			msgs += max(s.Messages, 1)
		}
		n += (msgs + page - 1) / page
		rest = rest[k:]
	}
	return n
}
