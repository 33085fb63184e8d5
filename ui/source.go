package ui

import (
	"context"
	"errors"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// Source is everything the UI reads. The UI knows nothing else of where
// sessions come from: api.Client answers it today (through FromClient),
// the local store will answer it by wrapping the client, and tests answer
// it with fakes.
type Source interface {
	// Sessions walks a filter's sessions, newest first.
	Sessions(model.Filter) SessionPager
	// Transcript pages one session's messages, oldest first.
	Transcript(model.Session) TranscriptPager
	// CountSessions counts a filter's sessions; it gives up when ctx ends.
	CountSessions(ctx context.Context, f model.Filter) (int, error)
	// Pacing says whether requests are held back and why.
	Pacing() api.Status
	// BotID is the bot being read; empty for the admin console.
	BotID() string
}

// SessionPager is one walk over a filter's sessions.
type SessionPager interface {
	Next(ctx context.Context) (api.SessionPage, error)
	Total() (n int, exact bool)
	Invalid() []string
	Filter() model.Filter
}

// TranscriptPager is one walk over a session's messages.
type TranscriptPager interface {
	Next(ctx context.Context) (api.TranscriptPage, error)
	Total() int
}

// FromClient is the Source that asks the Kore.ai API for everything. (Go
// has no covariant results, so *api.Client's concrete pagers need these
// few lines to stand in for the interfaces.)
func FromClient(c *api.Client) Source { return clientSource{c} }

type clientSource struct{ *api.Client }

func (c clientSource) Sessions(f model.Filter) SessionPager {
	return c.Client.Sessions(f)
}

func (c clientSource) Transcript(s model.Session) TranscriptPager {
	return c.Client.Transcript(s)
}

// FromStore is the Source that reads through the local store: sessions
// and whole transcripts are kept as they arrive, and a closed session's
// stored transcript opens with no request.
func FromStore(c *store.Cached) Source { return storeSource{c} }

type storeSource struct{ *store.Cached }

func (s storeSource) Sessions(f model.Filter) SessionPager {
	return s.Cached.Sessions(f)
}

func (s storeSource) Transcript(ss model.Session) TranscriptPager {
	return s.Cached.Transcript(ss)
}

// Fresh pages a transcript from the server whatever the store holds: r
// on a stored transcript.
func (s storeSource) Fresh(ss model.Session) TranscriptPager {
	return s.Cached.Fresh(ss)
}

// freshSource is a Source that can bypass what it keeps.
type freshSource interface {
	Fresh(model.Session) TranscriptPager
}

// storedPager is a transcript pager that can say it read from the store.
type storedPager interface {
	Stored() (api string, fetched time.Time, ok bool)
}

// freshPager is a transcript from the server, past any store.
func freshPager(src Source, s model.Session) TranscriptPager {
	if f, ok := src.(freshSource); ok {
		return f.Fresh(s)
	}
	return src.Transcript(s)
}

// Found is a session whose stored transcript says what was searched for.
type Found struct {
	Session model.Session
	Seq     int    // the first matching message
	Snippet string // the matching text, matches between store.Mark and store.Unmark
}

// Searched is the answer to a search across transcripts.
type Searched struct {
	Found []Found
	// Missing is how much of the range the store does not hold yet.
	Missing time.Duration
}

// searchSource is a Source that can search what was said and fill the
// gaps of a range; the store gives it, the bare client does not.
type searchSource interface {
	SearchSaid(ctx context.Context, f model.Filter, query string) (Searched, error)
	SyncRange(ctx context.Context, r model.Range, progress func(done, want int)) error
}

// maxFound bounds a search screen: beyond it, narrow the search.
const maxFound = 500

func (s storeSource) SearchSaid(ctx context.Context, f model.Filter, query string) (Searched, error) {
	return searchSaid(ctx, s.St, f, query)
}

// searchSaid searches a store's transcripts and says how much of the
// range it lacks: the same online and offline.
func searchSaid(ctx context.Context, st *store.Store, f model.Filter, query string) (Searched, error) {
	hits, err := st.Search(ctx, f, query, maxFound)
	if err != nil {
		return Searched{}, err
	}
	out := Searched{Found: make([]Found, len(hits))}
	for i, h := range hits {
		out.Found[i] = Found{Session: h.Session, Seq: h.Seq, Snippet: h.Snippet}
	}
	_, out.Missing, err = st.Missing(ctx, f.Range)
	return out, err
}

func (s storeSource) SyncRange(ctx context.Context, r model.Range, progress func(done, want int)) error {
	_, err := store.Sync(ctx, s.Client, s.St, store.SyncOptions{
		Range: r, Via: api.MessagesV2, Priority: api.Prefetch,
		Progress: func(p store.SyncProgress) {
			if progress != nil {
				progress(p.Transcripts, p.TranscriptsWanted)
			}
		},
	})
	return err
}

// FromOffline is the Source that answers from the local store alone and
// makes no request (--offline).
func FromOffline(o *store.Offline) Source { return offlineSource{o} }

type offlineSource struct{ *store.Offline }

func (s offlineSource) Sessions(f model.Filter) SessionPager {
	return s.Offline.Sessions(f)
}

func (s offlineSource) Transcript(ss model.Session) TranscriptPager {
	return s.Offline.Transcript(ss)
}

func (s offlineSource) SearchSaid(ctx context.Context, f model.Filter, query string) (Searched, error) {
	return searchSaid(ctx, s.St, f, query)
}

func (s offlineSource) SyncRange(context.Context, model.Range, func(done, want int)) error {
	return errors.New("konvo is offline: run konvo sync for the range, or start without --offline")
}

// storedSource is a Source that keeps a copy of sessions lists.
type storedSource interface {
	StoredSessions(ctx context.Context, f model.Filter) ([]model.Session, time.Time, error)
}

func (s storeSource) StoredSessions(ctx context.Context, f model.Filter) ([]model.Session, time.Time, error) {
	rows, err := s.St.Sessions(ctx, f)
	if err != nil || len(rows) == 0 {
		return nil, time.Time{}, err
	}
	at, err := s.St.LastFetched(ctx)
	return rows, at, err
}

// failedSource is a Source that knows which sessions had a failed task.
type failedSource interface {
	FailedTasks(ctx context.Context, f model.Filter) (Searched, error)
}

func (s storeSource) FailedTasks(ctx context.Context, f model.Filter) (Searched, error) {
	return failedTasks(ctx, s.St, f)
}

func (s offlineSource) FailedTasks(ctx context.Context, f model.Filter) (Searched, error) {
	return failedTasks(ctx, s.St, f)
}

func failedTasks(ctx context.Context, st *store.Store, f model.Filter) (Searched, error) {
	got, err := st.FailedSessions(ctx, f)
	if err != nil {
		return Searched{}, err
	}
	out := Searched{Found: make([]Found, len(got))}
	for i, s := range got {
		out.Found[i] = Found{Session: s, Snippet: "a task failed in this session"}
	}
	_, out.Missing, err = st.Missing(ctx, f.Range)
	return out, err
}
