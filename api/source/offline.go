package source

import (
	"context"
	"sync"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// Offline answers from the store alone and makes no request.
type Offline struct {
	St  *store.Store
	Bot string
}

// Sessions are the stored sessions of a filter, a page at a time.
func (o *Offline) Sessions(f model.Filter) *OfflinePager {
	return &OfflinePager{st: o.St, filter: f, total: -1}
}

// OfflinePager pages stored sessions newest first, offlinePage at a
// time: the first screen reads one page, whatever the store holds.
type OfflinePager struct {
	st     *store.Store
	filter model.Filter
	mu     sync.Mutex
	at     store.Cursor
	read   int
	total  int // -1 until counted
	done   bool
}

// offlinePage is how many stored sessions one Next reads: more than a
// tall screen shows, so the first frame needs one.
const offlinePage = 200

// Next is the next page of the filter's stored sessions; the first one
// also counts them all (an index's count when SQL decides the filter).
func (p *OfflinePager) Next(ctx context.Context) (api.SessionPage, error) {
	p.mu.Lock()
	at, done := p.at, p.done
	p.mu.Unlock()
	if done {
		return api.SessionPage{Window: p.filter.Range, WindowTotal: p.read, Done: true}, nil
	}
	got, next, done, err := p.st.SessionsPage(ctx, p.filter, at, offlinePage)
	if err != nil {
		return api.SessionPage{}, err
	}
	total := -1
	if p.total < 0 {
		if n, err := p.st.CountSessions(ctx, p.filter); err == nil {
			total = n
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at, p.done = next, done
	p.read += len(got)
	if total >= 0 {
		p.total = total
	}
	if done {
		p.total = p.read
	}
	return api.SessionPage{Sessions: got, Window: p.filter.Range, WindowTotal: max(p.total, p.read), Done: done}, nil
}

// Total is the count of the filter's stored sessions, exact once counted.
func (p *OfflinePager) Total() (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total < 0 {
		return p.read, false
	}
	return p.total, true
}

// Invalid is the ids asked for that the store does not hold.
func (p *OfflinePager) Invalid() []string {
	var out []string
	for _, id := range p.filter.SessionIDs {
		if _, ok, _ := p.st.Session(context.Background(), id); !ok {
			out = append(out, id)
		}
	}
	return out
}

// Filter is the filter walked.
func (p *OfflinePager) Filter() model.Filter { return p.filter }

// Transcript is a stored transcript, or ErrNotStored, read on the first
// Next (off the UI thread, with its context).
func (o *Offline) Transcript(s model.Session) *StoredTranscript {
	return &StoredTranscript{offline: s.ID, lookup: func(ctx context.Context) (store.Transcript, bool, error) { return o.St.Transcript(ctx, s.ID) }}
}

// CountSessions counts stored sessions (an index's count when SQL
// decides the filter).
func (o *Offline) CountSessions(ctx context.Context, f model.Filter) (int, error) {
	return o.St.CountSessions(ctx, f)
}

// Pacing is idle: offline, nothing waits.
func (o *Offline) Pacing() api.Status { return api.Status{} }

// BotID is the bot whose store this is.
func (o *Offline) BotID() string { return o.Bot }
