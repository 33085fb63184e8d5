// Package source answers "where does data come from?" for every front
// end: the Source interface and all its optional capabilities are
// declared in this file, and their implementations sit beside it: the
// live client (FromClient), the client through the local store with
// prefetch (FromStore), the store alone (FromOffline), search and sync.
// The TUI, konvo serve and the command line read through it; none of
// them reaches the store or the network by itself.
package source

import (
	"context"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// Source is everything a front end reads. Every method that may wait
// takes a context; none is meant to be called where a frame is drawn.
type Source interface {
	// Sessions walks a filter's sessions, newest first.
	Sessions(model.Filter) SessionPager
	// Transcript pages one session's messages, oldest first. Making the
	// pager reads nothing: the first Next does.
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

// The optional capabilities a Source may have; a front end asks with a
// type assertion and offers what is there.

// Freshener pages a transcript from the server past anything kept (r on a
// stored transcript).
type Freshener interface {
	Fresh(model.Session) TranscriptPager
}

// StoredPager is a transcript pager that can say it read from the store,
// once its first page is in.
type StoredPager interface {
	Stored() (api string, fetched time.Time, ok bool)
}

// Searcher searches what was said and fills the gaps of a range.
type Searcher interface {
	// SearchSaid is the matching sessions from the from-th on, at most
	// MaxFound of them, newest first; More says there are others.
	SearchSaid(ctx context.Context, f model.Filter, query string, from int) (Searched, error)
	// CountSaid is how many sessions SearchSaid finds in all: asked on
	// demand, since it reads every hit.
	CountSaid(ctx context.Context, f model.Filter, query string) (int, error)
}

// RangeSyncer fills the store for a range from the server (Sync), for a
// screen that says what the store lacks. Offline has none: a key that
// could only answer "konvo is offline" is not offered.
type RangeSyncer interface {
	SyncRange(ctx context.Context, r model.Range, progress func(done, want int)) error
}

// StoredLister keeps a copy of session lists, shown before the server's:
// the newest limit of them (0: all).
type StoredLister interface {
	StoredSessions(ctx context.Context, f model.Filter, limit int) ([]model.Session, time.Time, error)
}

// FailedFinder knows which sessions had a failed task, and which had a
// voice turn slower than slow: each Found is at that message.
type FailedFinder interface {
	FailedTasks(ctx context.Context, f model.Filter) (Searched, error)
	SlowTurns(ctx context.Context, f model.Filter, slow time.Duration) (Searched, error)
}

// FactsReader tells what the stored transcripts of sessions show went
// wrong (model.Facts), for the list's columns; sessions without a stored
// transcript are left out of the answer.
type FactsReader interface {
	Facts(ctx context.Context, ids []string, slow time.Duration) (map[string]model.Facts, error)
}

// Insighter counts a filter's stored sessions for the insights screen
// and konvo stats (model.Summarize makes the figures), and says which
// parts of the range the store lacks.
type Insighter interface {
	Insights(ctx context.Context, f model.Filter) (model.InsightData, []model.Range, error)
	// Drilled are the sessions behind one figure, each at the message
	// that made it count.
	Drilled(ctx context.Context, f model.Filter, d Drill) (Searched, error)
	// Buckets are the stored sessions per quarter hour alone: the list's
	// sparkline, without the rest of the figures.
	Buckets(ctx context.Context, f model.Filter) ([]model.Bucket, error)
}

// Drill names the sessions behind a figure (store.Drill).
type Drill = store.Drill

// Memory is what konvo remembers for whoever reads (owner: "" locally,
// an engineer's key under konvo serve, so engineers never see each
// other's): transcripts read, stars and notes, the last list, commands.
// It is kept in the store, and erased with the sessions it names.
type Memory interface {
	Remember(ctx context.Context, owner, kind, key string, value []byte) error
	Forget(ctx context.Context, owner, kind, key string) error
	Recall(ctx context.Context, owner, kind string, limit int) ([]Memo, error)
}

// Memo is one thing remembered.
type Memo = store.Memo

// Unmasker is a masked source (Masked) that can show one session as the
// server sent it: the source under the mask and the session as it reads
// it. A front end offers it only to whoever may see personal data, and
// says so each time.
type Unmasker interface {
	Unmasked(model.Session) (Source, model.Session)
}

// Prefetcher fetches transcripts ahead, so opening one costs no request.
type Prefetcher interface {
	Prefetch(ctx context.Context, sessions []model.Session) error
}

// Found is a session whose stored transcript says what was searched for.
type Found struct {
	Session model.Session
	Seq     int    // the first matching message
	Snippet string // the matching text, matches between Mark and Unmark
	// Speaker said the matching message; set for a search of what was
	// said (Said false for other findings, such as failed tasks).
	Speaker model.Speaker
	Said    bool
}

// Searched is the answer to a search across transcripts.
type Searched struct {
	Found []Found
	// More says the search stopped at MaxFound: older sessions match
	// too, and asking from len(Found) brings them.
	More bool
	// Missing is how much of the range the store does not hold yet.
	Missing time.Duration
}

// The markers around a match in a snippet.
const (
	Mark   = store.Mark
	Unmark = store.Unmark
)

// MaxFound is a search's page: the results list asks for the next as
// it is scrolled.
const MaxFound = 500

// FreshPager is a transcript from the server, past any store.
func FreshPager(src Source, s model.Session) TranscriptPager {
	if f, ok := src.(Freshener); ok {
		return f.Fresh(s)
	}
	return src.Transcript(s)
}

// Active reports whether a session may still grow (running, or ended
// within the hour): its transcript is always fetched.
func Active(s model.Session, now time.Time) bool { return store.Active(s, now) }

// Surveyor reads the feedback survey answers given in a range
// (getFeedbackSurveyResponses, scope Feedback Analytics), fetched in bulk
// for the range, not per session; by session id.
type Surveyor interface {
	Surveys(ctx context.Context, r model.Range) (map[string]model.Survey, error)
}

// Detailer reads a session's conversationDetails (scope Chat History):
// the hand-off, the task flow and, when summary is asked, the LLM
// summary. A source with a store asks once.
type Detailer interface {
	Details(ctx context.Context, s model.Session, summary bool) (model.Details, error)
}

// AgentRecorder reads the contact center's record of a session that went
// to an agent (scope SmartAssist Analytics): participants, transfers,
// dispositions, notes. A source with a store asks once for a session
// that has ended.
type AgentRecorder interface {
	AgentRecord(ctx context.Context, s model.Session) (model.AgentRecord, error)
}

// ErrNotStored is what an offline source answers for what the store does
// not hold.
var ErrNotStored = store.ErrNotStored
