package source

import (
	"context"
	"sync"
	"time"

	"konvo/api"
	"konvo/model"
)

// Masked is src with personal data masked (model.Masker) in everything
// it returns: sessions, messages, search snippets, the facts and the
// insights' texts. What it is asked with is unmasked again (a user id's
// pseudonym is the user), so every screen, copy and export made from it
// shows masked values, while the store keeps what the server sent and
// a search still finds a value the engineer types. It has src's
// capabilities, no more: a front end offers the same keys.
func Masked(src Source, m *model.Masker) Source {
	mk := &masking{m: m, users: map[string]string{}}
	base := maskedSource{src, mk}
	switch s := src.(type) {
	case cached:
		return maskedCached{base, maskedLocal{s.local, mk}, maskedSearch{s, mk}, maskedExtras{s, mk}, s}
	case offline:
		return maskedOffline{base, maskedLocal{s.local, mk}, maskedSearch{s, mk}, maskedExtras{s, mk}}
	case live:
		return maskedLive{base, maskedExtras{s, mk}}
	}
	return base
}

// masking masks and remembers each pseudonym's user.
type masking struct {
	m     *model.Masker
	mu    sync.Mutex
	users map[string]string // pseudonym → user id
}

func (k *masking) session(s model.Session) model.Session {
	out := k.m.Session(s)
	if out.UserID != s.UserID {
		k.mu.Lock()
		k.users[out.UserID] = s.UserID
		k.mu.Unlock()
	}
	return out
}

func (k *masking) sessions(ss []model.Session) []model.Session {
	if ss == nil {
		return nil
	}
	out := make([]model.Session, len(ss))
	for i, s := range ss {
		out[i] = k.session(s)
	}
	return out
}

// user is the user id a pseudonym stands for.
func (k *masking) user(id string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if real, ok := k.users[id]; ok {
		return real
	}
	return id
}

// real is s as the server sent it, as far as an inner source reads it.
func (k *masking) real(s model.Session) model.Session {
	s.UserID = k.user(s.UserID)
	return s
}

func (k *masking) filter(f model.Filter) model.Filter {
	f.UserID = k.user(f.UserID)
	return f
}

func (k *masking) searched(s Searched, err error) (Searched, error) {
	found := make([]Found, len(s.Found))
	for i, f := range s.Found {
		f.Session = k.session(f.Session)
		f.Snippet = k.m.Snippet(f.Snippet, Mark, Unmark)
		found[i] = f
	}
	s.Found = found
	return s, err
}

type maskedSource struct {
	src Source
	k   *masking
}

func (s maskedSource) Sessions(f model.Filter) SessionPager {
	return maskedSessions{s.src.Sessions(s.k.filter(f)), s.k}
}

func (s maskedSource) Transcript(ss model.Session) TranscriptPager {
	return maskedTranscript{s.src.Transcript(s.k.real(ss)), s.k}
}

func (s maskedSource) CountSessions(ctx context.Context, f model.Filter) (int, error) {
	return s.src.CountSessions(ctx, s.k.filter(f))
}

// Unmasked is the source under the mask and ss as it reads it.
func (s maskedSource) Unmasked(ss model.Session) (Source, model.Session) {
	return s.src, s.k.real(ss)
}

func (s maskedSource) Pacing() api.Status { return s.src.Pacing() }
func (s maskedSource) BotID() string      { return s.src.BotID() }

type maskedSessions struct {
	SessionPager
	k *masking
}

func (p maskedSessions) Next(ctx context.Context) (api.SessionPage, error) {
	page, err := p.SessionPager.Next(ctx)
	page.Sessions = p.k.sessions(page.Sessions)
	return page, err
}

func (p maskedSessions) Filter() model.Filter {
	f := p.SessionPager.Filter()
	f.UserID = p.k.m.ID(f.UserID)
	return f
}

type maskedTranscript struct {
	TranscriptPager
	k *masking
}

func (p maskedTranscript) Next(ctx context.Context) (api.TranscriptPage, error) {
	page, err := p.TranscriptPager.Next(ctx)
	if page.Messages != nil {
		msgs := make([]model.Message, len(page.Messages))
		for i, m := range page.Messages {
			msgs[i] = p.k.m.Message(m)
		}
		page.Messages = msgs
	}
	return page, err
}

// Stored passes on where the transcript came from, when the inner pager
// knows.
func (p maskedTranscript) Stored() (string, time.Time, bool) {
	if sp, ok := p.TranscriptPager.(StoredPager); ok {
		return sp.Stored()
	}
	return "", time.Time{}, false
}

// maskedSearch is Searcher.
type maskedSearch struct {
	src Searcher
	k   *masking
}

func (s maskedSearch) SearchSaid(ctx context.Context, f model.Filter, query string, from int) (Searched, error) {
	return s.k.searched(s.src.SearchSaid(ctx, s.k.filter(f), query, from))
}

func (s maskedSearch) CountSaid(ctx context.Context, f model.Filter, query string) (int, error) {
	return s.src.CountSaid(ctx, s.k.filter(f), query)
}

// SyncRange is RangeSyncer: what it stores is masked when read.
func (s maskedCached) SyncRange(ctx context.Context, r model.Range, progress func(done, want int)) error {
	return s.c.SyncRange(ctx, r, progress)
}

// maskedLocal is what local answers, masked.
type maskedLocal struct {
	l local
	k *masking
}

func (s maskedLocal) FailedTasks(ctx context.Context, f model.Filter) (Searched, error) {
	return s.k.searched(s.l.FailedTasks(ctx, s.k.filter(f)))
}

func (s maskedLocal) SlowTurns(ctx context.Context, f model.Filter, slow time.Duration) (Searched, error) {
	return s.k.searched(s.l.SlowTurns(ctx, s.k.filter(f), slow))
}

func (s maskedLocal) Facts(ctx context.Context, ids []string, slow time.Duration) (map[string]model.Facts, error) {
	got, err := s.l.Facts(ctx, ids, slow)
	for id, f := range got {
		f.FailedText = s.k.m.String(f.FailedText)
		got[id] = f
	}
	return got, err
}

func (s maskedLocal) Remember(ctx context.Context, owner, kind, key string, value []byte) error {
	return s.l.Remember(ctx, owner, kind, key, value)
}

func (s maskedLocal) Forget(ctx context.Context, owner, kind, key string) error {
	return s.l.Forget(ctx, owner, kind, key)
}

func (s maskedLocal) Recall(ctx context.Context, owner, kind string, limit int) ([]Memo, error) {
	return s.l.Recall(ctx, owner, kind, limit)
}

func (s maskedLocal) Insights(ctx context.Context, f model.Filter) (model.InsightData, []model.Range, error) {
	d, missing, err := s.l.Insights(ctx, s.k.filter(f))
	d = s.k.m.Insights(d)
	return d, missing, err
}

func (s maskedLocal) Drilled(ctx context.Context, f model.Filter, d Drill) (Searched, error) {
	return s.k.searched(s.l.Drilled(ctx, s.k.filter(f), d))
}

func (s maskedLocal) Buckets(ctx context.Context, f model.Filter) ([]model.Bucket, error) {
	return s.l.Buckets(ctx, s.k.filter(f))
}

// maskedExtras are Surveyor and Detailer, masked: a survey's comment and
// user, the summary.
type maskedExtras struct {
	src interface {
		Surveyor
		Detailer
		AgentRecorder
	}
	k *masking
}

func (s maskedExtras) Surveys(ctx context.Context, r model.Range) (map[string]model.Survey, error) {
	got, err := s.src.Surveys(ctx, r)
	out := make(map[string]model.Survey, len(got))
	for id, v := range got {
		v.Comment, v.UserID, v.Raw = s.k.m.String(v.Comment), s.k.m.ID(v.UserID), s.k.m.JSON(v.Raw)
		out[id] = v
	}
	return out, err
}

func (s maskedExtras) Details(ctx context.Context, ss model.Session, summary bool) (model.Details, error) {
	d, err := s.src.Details(ctx, s.k.real(ss), summary)
	d.Summary, d.Raw = s.k.m.String(d.Summary), s.k.m.JSON(d.Raw)
	return d, err
}

// AgentRecord masks what an agent or the customer wrote: the notes, the
// remarks, the summary. The agents' and queues' names are the company's.
func (s maskedExtras) AgentRecord(ctx context.Context, ss model.Session) (model.AgentRecord, error) {
	r, err := s.src.AgentRecord(ctx, s.k.real(ss))
	for i := range r.Notes {
		r.Notes[i].Text = s.k.m.String(r.Notes[i].Text)
	}
	r.Disposition.Remarks, r.Summary, r.Raw = s.k.m.String(r.Disposition.Remarks), s.k.m.String(r.Summary), s.k.m.JSON(r.Raw)
	return r, err
}

// maskedLive is FromClient's source, masked.
type maskedLive struct {
	maskedSource
	maskedExtras
}

// maskedCached is FromStore's source, masked.
type maskedCached struct {
	maskedSource
	maskedLocal
	maskedSearch
	maskedExtras
	c cached
}

func (s maskedCached) Fresh(ss model.Session) TranscriptPager {
	return maskedTranscript{s.c.Fresh(s.maskedSource.k.real(ss)), s.maskedSource.k}
}

func (s maskedCached) StoredSessions(ctx context.Context, f model.Filter, limit int) ([]model.Session, time.Time, error) {
	got, at, err := s.c.StoredSessions(ctx, s.maskedSource.k.filter(f), limit)
	return s.maskedSource.k.sessions(got), at, err
}

func (s maskedCached) Prefetch(ctx context.Context, sessions []model.Session) error {
	real := make([]model.Session, len(sessions))
	for i, ss := range sessions {
		real[i] = s.maskedSource.k.real(ss)
	}
	return s.c.Prefetch(ctx, real)
}

// maskedOffline is FromOffline's source, masked.
type maskedOffline struct {
	maskedSource
	maskedLocal
	maskedSearch
	maskedExtras
}
