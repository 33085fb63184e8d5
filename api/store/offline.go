package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"konvo/api"
	"konvo/model"
)

// ErrNotStored is a transcript konvo was asked for offline but never
// stored.
var ErrNotStored = errors.New("not in the local store (konvo is offline: run konvo sync for the range, or start without --offline)")

// Offline answers from the store alone and makes no request.
type Offline struct {
	St  *Store
	Bot string
}

// Sessions are the stored sessions of a filter, in one page.
func (o *Offline) Sessions(f model.Filter) *OfflinePager {
	return &OfflinePager{st: o.St, filter: f}
}

// OfflinePager pages stored sessions: all of them, at once.
type OfflinePager struct {
	st     *Store
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
func (o *Offline) Transcript(s model.Session) *TranscriptPager {
	return &TranscriptPager{offline: s.ID, lookup: func(ctx context.Context) (Transcript, bool, error) { return o.St.Transcript(ctx, s.ID) }}
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

// LastFetched is when the newest stored record was fetched (zero for an
// empty store): how old offline answers are.
func (s *Store) LastFetched(ctx context.Context) (time.Time, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(fetched_ms) FROM sessions), 0), coalesce((SELECT max(fetched_ms) FROM transcripts), 0))`).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the local store: %w", err)
	}
	return fromMS(n), nil
}
