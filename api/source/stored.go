package source

import (
	"context"
	"fmt"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// FromStore is the Source that reads through the local store: sessions
// and whole transcripts are kept as they arrive, a closed session's
// stored transcript opens with no request, what was said can be
// searched, and transcripts can be fetched ahead.
func FromStore(c *Cached) Source { return cached{c, local{c.St}} }

type cached struct {
	*Cached
	local
}

func (s cached) Sessions(f model.Filter) SessionPager        { return s.Cached.Sessions(f) }
func (s cached) Transcript(ss model.Session) TranscriptPager { return s.Cached.Transcript(ss) }
func (s cached) Fresh(ss model.Session) TranscriptPager      { return s.Cached.Fresh(ss) }

func (s cached) SearchSaid(ctx context.Context, f model.Filter, query string, from int) (Searched, error) {
	return searchSaid(ctx, s.St, f, query, from)
}

func (s cached) SyncRange(ctx context.Context, r model.Range, progress func(done, want int)) error {
	_, err := Sync(ctx, s.Client, s.St, SyncOptions{
		Range: r, Via: api.MessagesV2, Priority: api.Prefetch,
		Progress: func(p SyncProgress) {
			if progress != nil {
				progress(p.Transcripts, p.TranscriptsWanted)
			}
		},
	})
	return err
}

func (s cached) StoredSessions(ctx context.Context, f model.Filter, limit int) ([]model.Session, time.Time, error) {
	var rows []model.Session
	var err error
	if limit > 0 {
		rows, _, _, err = s.St.SessionsPage(ctx, f, store.Cursor{}, limit)
	} else {
		rows, err = s.St.Sessions(ctx, f)
	}
	if err != nil || len(rows) == 0 {
		return nil, time.Time{}, err
	}
	at, err := s.St.LastFetched(ctx)
	return rows, at, err
}

// Prefetch fetches, in one batched call through getMessagesV2 (getMessages
// without a bot id) at prefetch priority (behind anything a person asks
// for), the transcripts of the sessions that are closed and not stored
// yet. Only transcripts that arrived whole are kept.
func (s cached) Prefetch(ctx context.Context, sessions []model.Session) error {
	ids := make([]string, len(sessions))
	for i, ss := range sessions {
		ids[i] = ss.ID
	}
	have, err := s.St.HasTranscript(ctx, ids)
	if err != nil {
		return err
	}
	now := s.St.Now()
	var want []model.Session
	for _, ss := range sessions {
		if !have[ss.ID] && !store.Active(ss, now) {
			want = append(want, ss)
		}
	}
	if len(want) == 0 {
		return nil
	}
	got, err := s.Client.BulkTranscripts(ctx, want, api.MessagesV2, api.Prefetch, nil)
	for _, ss := range want {
		if msgs, ok := got.Messages[ss.ID]; ok {
			if perr := s.St.PutTranscript(ctx, ss.ID, got.Via.String(), msgs); perr != nil {
				return perr
			}
		}
	}
	return err
}

// FromOffline is the Source that answers from the local store alone and
// makes no request (--offline).
func FromOffline(o *Offline) Source { return offline{o, local{o.St}} }

type offline struct {
	*Offline
	local
}

func (s offline) Sessions(f model.Filter) SessionPager        { return s.Offline.Sessions(f) }
func (s offline) Transcript(ss model.Session) TranscriptPager { return s.Offline.Transcript(ss) }

func (s offline) SearchSaid(ctx context.Context, f model.Filter, query string, from int) (Searched, error) {
	return searchSaid(ctx, s.St, f, query, from)
}

// searchSaid searches a store's transcripts and says how much of the
// range it lacks: the same online and offline.
func searchSaid(ctx context.Context, st *store.Store, f model.Filter, query string, from int) (Searched, error) {
	hits, err := st.SearchFrom(ctx, f, query, from, MaxFound+1) // one more says whether there are more
	if err != nil {
		return Searched{}, err
	}
	more := len(hits) > MaxFound
	hits = hits[:min(len(hits), MaxFound)]
	out := Searched{Found: make([]Found, len(hits)), More: more}
	for i, h := range hits {
		out.Found[i] = Found{Session: h.Session, Seq: h.Seq, Snippet: h.Snippet, Speaker: h.Speaker, Said: true}
	}
	_, out.Missing, err = st.Missing(ctx, f.Range)
	return out, err
}

// failedTasks are the sessions whose stored transcript shows a failed
// task, each at the failure and naming the task.
func failedTasks(ctx context.Context, st *store.Store, f model.Filter) (Searched, error) {
	got, err := st.FailedSessions(ctx, f)
	if err != nil {
		return Searched{}, err
	}
	return withFacts(ctx, st, f, got, 0, func(ft model.Facts) (int, string) {
		what := "a task failed"
		if ft.FailedTask != "" {
			what = "task “" + ft.FailedTask + "” failed"
		}
		if ft.FailedText != "" {
			what += ": " + ft.FailedText
		}
		return ft.FailedSeq, what
	})
}

// slowTurns are the sessions with a voice turn slower than slow, each at
// its slowest turn.
func slowTurns(ctx context.Context, st *store.Store, f model.Filter, slow time.Duration) (Searched, error) {
	got, err := st.SlowSessions(ctx, f, slow)
	if err != nil {
		return Searched{}, err
	}
	return withFacts(ctx, st, f, got, slow, func(ft model.Facts) (int, string) {
		return ft.WorstSeq, fmt.Sprintf("%s slower than %s, the slowest %.1f s", model.Quantity(ft.SlowTurns, "turn", "turns"), slow, ft.Worst.Seconds())
	})
}

// withFacts words each session by its stored facts; say gives the
// message to open at (-1: the transcript's start) and the words.
func withFacts(ctx context.Context, st *store.Store, f model.Filter, got []model.Session, slow time.Duration, say func(model.Facts) (int, string)) (Searched, error) {
	ids := make([]string, len(got))
	for i, s := range got {
		ids[i] = s.ID
	}
	facts, err := st.Facts(ctx, ids, slow)
	if err != nil {
		return Searched{}, err
	}
	out := Searched{Found: make([]Found, len(got))}
	for i, s := range got {
		seq, words := say(facts[s.ID])
		out.Found[i] = Found{Session: s, Seq: max(seq, 0), Snippet: words}
	}
	_, out.Missing, err = st.Missing(ctx, f.Range)
	return out, err
}

// insights are the store's counts of f and the parts of its range the
// store lacks.
func insights(ctx context.Context, st *store.Store, f model.Filter) (model.InsightData, []model.Range, error) {
	d, err := st.Insights(ctx, f)
	if err != nil {
		return d, nil, err
	}
	gaps, _, err := st.Missing(ctx, f.Range)
	return d, gaps, err
}

// drilled are the sessions behind a figure, at most MaxFound of them.
func drilled(ctx context.Context, st *store.Store, f model.Filter, d Drill) (Searched, error) {
	hits, err := st.Drilled(ctx, f, d, MaxFound)
	if err != nil {
		return Searched{}, err
	}
	out := Searched{Found: make([]Found, len(hits))}
	for i, h := range hits {
		out.Found[i] = Found{Session: h.Session, Seq: max(h.Seq, 0)}
	}
	_, out.Missing, err = st.Missing(ctx, f.Range)
	return out, err
}

// local is what a source with a store answers from the store alone, the
// same online and offline: failures, slow turns, facts, memory, insights.
type local struct{ st *store.Store }

// CountSaid is Searcher's: every session SearchSaid would find, counted.
func (s local) CountSaid(ctx context.Context, f model.Filter, query string) (int, error) {
	return s.st.SearchCount(ctx, f, query)
}

func (s local) FailedTasks(ctx context.Context, f model.Filter) (Searched, error) {
	return failedTasks(ctx, s.st, f)
}
func (s local) SlowTurns(ctx context.Context, f model.Filter, slow time.Duration) (Searched, error) {
	return slowTurns(ctx, s.st, f, slow)
}
func (s local) Facts(ctx context.Context, ids []string, slow time.Duration) (map[string]model.Facts, error) {
	return s.st.Facts(ctx, ids, slow)
}
func (s local) Remember(ctx context.Context, owner, kind, key string, value []byte) error {
	return s.st.Remember(ctx, owner, kind, key, value)
}
func (s local) Forget(ctx context.Context, owner, kind, key string) error {
	return s.st.Forget(ctx, owner, kind, key)
}
func (s local) Recall(ctx context.Context, owner, kind string, limit int) ([]Memo, error) {
	return s.st.Recall(ctx, owner, kind, limit)
}
func (s local) Insights(ctx context.Context, f model.Filter) (model.InsightData, []model.Range, error) {
	return insights(ctx, s.st, f)
}
func (s local) Drilled(ctx context.Context, f model.Filter, d Drill) (Searched, error) {
	return drilled(ctx, s.st, f, d)
}

func (s local) Buckets(ctx context.Context, f model.Filter) ([]model.Bucket, error) {
	return s.st.Buckets(ctx, f)
}
