package source

import (
	"context"
	"errors"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// FromStore is the Source that reads through the local store: sessions
// and whole transcripts are kept as they arrive, a closed session's
// stored transcript opens with no request, what was said can be
// searched, and transcripts can be fetched ahead.
func FromStore(c *Cached) Source { return cached{c} }

type cached struct{ *Cached }

func (s cached) Sessions(f model.Filter) SessionPager        { return s.Cached.Sessions(f) }
func (s cached) Transcript(ss model.Session) TranscriptPager { return s.Cached.Transcript(ss) }
func (s cached) Fresh(ss model.Session) TranscriptPager      { return s.Cached.Fresh(ss) }

func (s cached) SearchSaid(ctx context.Context, f model.Filter, query string) (Searched, error) {
	return searchSaid(ctx, s.St, f, query)
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

func (s cached) StoredSessions(ctx context.Context, f model.Filter) ([]model.Session, time.Time, error) {
	rows, err := s.St.Sessions(ctx, f)
	if err != nil || len(rows) == 0 {
		return nil, time.Time{}, err
	}
	at, err := s.St.LastFetched(ctx)
	return rows, at, err
}

func (s cached) FailedTasks(ctx context.Context, f model.Filter) (Searched, error) {
	return failedTasks(ctx, s.St, f)
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
func FromOffline(o *Offline) Source { return offline{o} }

type offline struct{ *Offline }

func (s offline) Sessions(f model.Filter) SessionPager        { return s.Offline.Sessions(f) }
func (s offline) Transcript(ss model.Session) TranscriptPager { return s.Offline.Transcript(ss) }

func (s offline) SearchSaid(ctx context.Context, f model.Filter, query string) (Searched, error) {
	return searchSaid(ctx, s.St, f, query)
}

func (s offline) SyncRange(context.Context, model.Range, func(done, want int)) error {
	return errors.New("konvo is offline: run konvo sync for the range, or start without --offline")
}

func (s offline) FailedTasks(ctx context.Context, f model.Filter) (Searched, error) {
	return failedTasks(ctx, s.St, f)
}

// searchSaid searches a store's transcripts and says how much of the
// range it lacks: the same online and offline.
func searchSaid(ctx context.Context, st *store.Store, f model.Filter, query string) (Searched, error) {
	hits, err := st.Search(ctx, f, query, MaxFound)
	if err != nil {
		return Searched{}, err
	}
	out := Searched{Found: make([]Found, len(hits))}
	for i, h := range hits {
		out.Found[i] = Found{Session: h.Session, Seq: h.Seq, Snippet: h.Snippet, Speaker: h.Speaker, Said: true}
	}
	_, out.Missing, err = st.Missing(ctx, f.Range)
	return out, err
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
