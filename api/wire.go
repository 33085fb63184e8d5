package api

import (
	"errors"
	"fmt"
	"time"

	"konvo/model"
)

// apiTime spells a time the way the API documents it: UTC, milliseconds.
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type tagCond struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	Type   string   `json:"type"`
}

type tagsBody struct {
	And []tagCond `json:"and"`
}

func tagsOf(tags []model.TagFilter) *tagsBody {
	if len(tags) == 0 {
		return nil
	}
	b := &tagsBody{}
	for _, t := range tags {
		kind := t.Type
		if kind == "" {
			kind = "session"
		}
		b.And = append(b.And, tagCond{Name: t.Name, Values: t.Values, Type: kind})
	}
	return b
}

// sessionsBody is getSessions' request body.
type sessionsBody struct {
	UserID      string    `json:"userId,omitempty"`
	Skip        int       `json:"skip"`
	Limit       int       `json:"limit"`
	DateFrom    string    `json:"dateFrom,omitempty"`
	DateTo      string    `json:"dateTo,omitempty"`
	Tags        *tagsBody `json:"tags,omitempty"`
	SessionType string    `json:"sessionType,omitempty"`
	SessionID   []string  `json:"sessionId,omitempty"`
}

// messagesBody is getMessages' request body.
type messagesBody struct {
	UserID    string    `json:"userId,omitempty"`
	SessionID []string  `json:"sessionId,omitempty"`
	Skip      int       `json:"skip"`
	Limit     int       `json:"limit"`
	DateFrom  string    `json:"dateFrom"`
	DateTo    string    `json:"dateTo"`
	Forward   bool      `json:"forward"`
	Tags      *tagsBody `json:"tags,omitempty"`
	// ChannelType is sent whenever the channel is known: the API documents
	// a default of "rtm", which would hide other channels' messages.
	ChannelType string `json:"channelType,omitempty"`
	// Voice bots' per-turn latency, trace ids and agents' names: asked for
	// always, shown when they come.
	IncludeLatency bool `json:"includeLatency"`
	IncludeTraceID bool `json:"includeTraceId"`
	GetAgentsInfo  bool `json:"getAgentsInfo"`
	// IncludeSecureForm (getMessagesV2 only) keeps the inputs a user
	// submitted through a secure form.
	IncludeSecureForm bool `json:"includeSecureForm,omitempty"`
}

// newMessagesBody is a getMessages request for sessions in a range.
func newMessagesBody(ids []string, userID, channel string, skip, limit int, r model.Range) messagesBody {
	return messagesBody{
		UserID: userID, SessionID: ids, Skip: skip, Limit: limit,
		DateFrom: apiTime(r.From), DateTo: apiTime(r.To), Forward: true, ChannelType: channel,
		IncludeLatency: true, IncludeTraceID: true, GetAgentsInfo: true,
	}
}

// hasMore decides whether a page has a next one: the server's
// moreAvailable when it sent one, else whether the page came back full.
// An empty page never has more, so a confused server cannot loop a pager.
func hasMore(more, known bool, got, limit int) bool {
	if got == 0 {
		return false
	}
	if !known {
		return got >= limit
	}
	return more
}

// maxPages bounds one walk: a million sessions or messages at 100 a page,
// far beyond an hour's budget. A server that never says "no more" ends
// here at the latest.
const maxPages = 10000

// ErrEndlessPaging is wrapped when a server keeps saying "more" without
// sending anything new.
var ErrEndlessPaging = errors.New("the server keeps sending pages with nothing new")

// endless stops a walk whose server says there is more but sent nothing
// new (rows already seen), or that has gone on past maxPages.
func endless(op string, pages, received, fresh int, more bool, seen int) error {
	switch {
	case more && received > 0 && fresh == 0:
		return fmt.Errorf("%s: page %d repeats %d records already read and says more are available; stopped after %d: %w", op, pages, received, seen, ErrEndlessPaging)
	case more && pages >= maxPages:
		return fmt.Errorf("%s: still more after %d pages; stopped after %d records: %w", op, pages, seen, ErrEndlessPaging)
	}
	return nil
}

// windowCursor is where a pager stands: a window, and how many records of
// it have arrived. Callers hold the pager's lock.
type windowCursor struct {
	windows []model.Range
	win     int
	skip    int
	done    bool
}

// advance moves past a page of got records: by what arrived, not by what
// was asked (the server may send fewer than the limit), and on to the
// next window when this one has no more.
func (c *windowCursor) advance(got int, more bool) {
	c.skip += got
	if !more {
		c.win++
		c.skip = 0
		c.done = c.win >= len(c.windows)
	}
}
