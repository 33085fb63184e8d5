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

// Sessions are the stored sessions of a filter, in one page.
func (o *Offline) Sessions(f model.Filter) *OfflinePager {
	return &OfflinePager{st: o.St, filter: f}
}

// OfflinePager pages stored sessions: all of them, at once.
type OfflinePager struct {
	st     *store.Store
	filter model.Filter
	mu     sync.Mutex
	total  int
}

// Next is every stored session of the filter, newest first.
func (p *OfflinePager) Next(ctx context.Context) (api.SessionPage, error) {
	got, err := p.st.Sessions(ctx, p.filter)
	if err != nil {
		return api.SessionPage{}, err
	}
	p.mu.Lock()
	p.total = len(got)
	p.mu.Unlock()
	return api.SessionPage{Sessions: got, Window: p.filter.Range, WindowTotal: len(got), Done: true}, nil
}

// Total is exact once read.
func (p *OfflinePager) Total() (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
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

// CountSessions counts stored sessions.
func (o *Offline) CountSessions(ctx context.Context, f model.Filter) (int, error) {
	got, err := o.St.Sessions(ctx, f)
	return len(got), err
}

// Pacing is idle: offline, nothing waits.
func (o *Offline) Pacing() api.Status { return api.Status{} }

// BotID is the bot whose store this is.
func (o *Offline) BotID() string { return o.Bot }
