package store

import (
	"context"
	"sync"
	"time"

	"konvo/api"
	"konvo/model"
)

// Cached is the API client with the store behind it: every session and
// whole transcript it reads is kept, and a closed session's stored
// transcript is read from the store, with no request. It is what the
// TUI reads through when a store is open.
type Cached struct {
	*api.Client
	St *Store
	// Errs receives store failures, which must not stop reading from the
	// server (nil: dropped).
	Errs func(error)
}

func (c *Cached) fail(err error) {
	if err != nil && c.Errs != nil {
		c.Errs(err)
	}
}

// Sessions walks a filter on the server, keeping each page.
func (c *Cached) Sessions(f model.Filter) *SessionPager {
	return &SessionPager{SessionPager: c.Client.Sessions(f), c: c}
}

// SessionPager is api.SessionPager keeping what it reads.
type SessionPager struct {
	*api.SessionPager
	c *Cached
}

// Next is the server's next page, kept in the store.
func (p *SessionPager) Next(ctx context.Context) (api.SessionPage, error) {
	page, err := p.SessionPager.Next(ctx)
	if err == nil {
		p.c.fail(p.c.St.PutSessions(context.WithoutCancel(ctx), page.Sessions))
	}
	return page, err
}

// Transcript reads a closed session's stored transcript, or pages it from
// the server and keeps it once whole.
func (c *Cached) Transcript(s model.Session) *TranscriptPager {
	if !Active(s, c.St.now()) {
		t, ok, err := c.St.Transcript(context.Background(), s.ID)
		c.fail(err)
		if ok {
			return &TranscriptPager{stored: &t, total: len(t.Messages)}
		}
	}
	return c.Fresh(s)
}

// Fresh pages a transcript from the server (through getMessages, every
// message) whatever the store holds, and keeps it once whole.
func (c *Cached) Fresh(s model.Session) *TranscriptPager {
	return &TranscriptPager{c: c, id: s.ID, live: c.Client.Transcript(s)}
}

// TranscriptPager pages a transcript from the store or the server.
type TranscriptPager struct {
	stored *Transcript // set when read from the store: one page, done
	total  int
	failed error // offline, and not stored

	c    *Cached
	id   string
	live *api.TranscriptPager
	mu   sync.Mutex
	all  []model.Message // what the server sent so far, kept when done
	sent bool
}

// Next is the next page. A stored transcript comes whole, at once.
func (p *TranscriptPager) Next(ctx context.Context) (api.TranscriptPage, error) {
	if p.failed != nil {
		return api.TranscriptPage{}, p.failed
	}
	if p.stored != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.sent {
			return api.TranscriptPage{Done: true}, nil
		}
		p.sent = true
		return api.TranscriptPage{Messages: p.stored.Messages, Done: true}, nil
	}
	page, err := p.live.Next(ctx)
	if err != nil {
		return page, err
	}
	p.mu.Lock()
	p.all = append(p.all, page.Messages...)
	all := p.all
	p.mu.Unlock()
	if page.Done && page.Unreadable == 0 {
		// Only a whole, fully read transcript is kept: a stored one is
		// served as complete.
		p.c.fail(p.c.St.PutTranscript(context.WithoutCancel(ctx), p.id, APIMessages, all))
	}
	return page, nil
}

// Total is the message count: the stored one, or the server's.
func (p *TranscriptPager) Total() int {
	if p.stored != nil || p.failed != nil {
		return p.total
	}
	return p.live.Total()
}

// Stored says where a transcript read from the store came from: the API
// that fetched it and when. ok is false for one read from the server.
func (p *TranscriptPager) Stored() (api string, fetched time.Time, ok bool) {
	if p.stored == nil {
		return "", time.Time{}, false
	}
	return p.stored.API, p.stored.Fetched, true
}
