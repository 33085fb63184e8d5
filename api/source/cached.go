package source

import (
	"context"
	"fmt"
	"sync"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// Cached is the API client with the store behind it: every session and
// whole transcript it reads is kept, and a closed session's stored
// transcript is read from the store, with no request. It is what the
// TUI reads through when a store is open.
type Cached struct {
	*api.Client
	St *store.Store
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
func (c *Cached) Sessions(f model.Filter) *CachedSessions {
	return &CachedSessions{SessionPager: c.Client.Sessions(f), c: c}
}

// CachedSessions is api.SessionPager keeping what it reads.
type CachedSessions struct {
	*api.SessionPager
	c *Cached
}

// Next is the server's next page, kept in the store.
func (p *CachedSessions) Next(ctx context.Context) (api.SessionPage, error) {
	page, err := p.SessionPager.Next(ctx)
	if err == nil {
		p.c.fail(p.c.St.PutSessions(context.WithoutCancel(ctx), page.Sessions))
	}
	return page, err
}

// Transcript reads a closed session's stored transcript, or pages it from
// the server and keeps it once whole. Nothing is read here: the store is
// asked on the first Next, which runs off the UI thread with its context
// (a 5,000-message transcript takes a fifth of a second to read).
func (c *Cached) Transcript(s model.Session) *StoredTranscript {
	p := c.Fresh(s)
	if !store.Active(s, c.St.Now()) {
		p.lookup = func(ctx context.Context) (store.Transcript, bool, error) { return c.St.Transcript(ctx, s.ID) }
	}
	return p
}

// Fresh pages a transcript from the server (through getMessages, every
// message) whatever the store holds, and keeps it once whole.
func (c *Cached) Fresh(s model.Session) *StoredTranscript {
	return &StoredTranscript{c: c, id: s.ID, live: c.Client.Transcript(s)}
}

// StoredTranscript pages a transcript from the store or the server.
type StoredTranscript struct {
	// lookup, when set, asks the store on the first Next; what it finds
	// is served whole as one page, else the server is asked (live), or,
	// offline (no live), the transcript is not stored.
	lookup  func(context.Context) (store.Transcript, bool, error)
	offline string // the session, offline: not stored is an error

	mu     sync.Mutex
	stored *store.Transcript // set when read from the store: one page, done
	total  int
	failed error
	sent   bool

	c    *Cached
	id   string
	live *api.TranscriptPager
	all  []model.Message // what the server sent so far, kept when done
}

// Next is the next page. A stored transcript comes whole, at once.
func (p *StoredTranscript) Next(ctx context.Context) (api.TranscriptPage, error) {
	p.mu.Lock()
	if look := p.lookup; look != nil {
		p.lookup = nil
		t, ok, err := look(ctx)
		switch {
		case err != nil && p.live == nil:
			p.failed = err
		case err != nil:
			p.c.fail(err) // the server still has it
		case ok:
			p.stored, p.total = &t, len(t.Messages)
		case p.live == nil:
			p.failed = fmt.Errorf("the transcript of %s is %w", p.offline, store.ErrNotStored)
		}
	}
	if p.failed != nil {
		p.mu.Unlock()
		return api.TranscriptPage{}, p.failed
	}
	if p.stored != nil {
		defer p.mu.Unlock()
		if p.sent {
			return api.TranscriptPage{Done: true}, nil
		}
		p.sent = true
		return api.TranscriptPage{Messages: p.stored.Messages, Done: true}, nil
	}
	p.mu.Unlock()
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
		p.c.fail(p.c.St.PutTranscript(context.WithoutCancel(ctx), p.id, store.APIMessages, all))
	}
	return page, nil
}

// Total is the message count: the stored one, or the server's (-1
// before the first page).
func (p *StoredTranscript) Total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.stored != nil || p.failed != nil:
		return p.total
	case p.live == nil || p.lookup != nil:
		return -1
	}
	return p.live.Total()
}

// Stored says where a transcript read from the store came from: the API
// that fetched it and when. ok is false for one read from the server, and
// before the first page.
func (p *StoredTranscript) Stored() (api string, fetched time.Time, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stored == nil {
		return "", time.Time{}, false
	}
	return p.stored.API, p.stored.Fetched, true
}
