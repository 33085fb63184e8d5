package source

import (
	"context"
	"fmt"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// SyncProgress is how far a sync has come.
type SyncProgress struct {
	Sessions int // session records stored
	// Transcripts and Messages are the transcripts fetched so far, of
	// TranscriptsWanted.
	Transcripts, TranscriptsWanted, Messages int
}

// SyncStats is what a sync did.
type SyncStats struct {
	SyncProgress
	// Missing counts the transcripts that did not arrive whole: none of
	// them is stored, and the next sync asks for them again.
	Missing int
	// Unreadable counts the entries the server sent that could not be
	// read (left out, and said).
	Unreadable int
	Requests   int
	// Floor is the fewest requests the transcripts could have taken
	// (api.Client.Floor), for the summary to say what was spent on them
	// against it; TranscriptRequests is what they took.
	Floor, TranscriptRequests int
	Took                      time.Duration
}

// recent is how far back sessions are always walked again: new sessions
// and those still running change there.
const recent = 2 * time.Hour

// SyncOptions say what to sync and how.
type SyncOptions struct {
	Range model.Range
	// Via is the API transcripts come through: v2 (the default) takes
	// 50 sessions and 10,000 messages a call but leaves out alert and
	// action task messages; v1 is faithful, 100 messages a call.
	Via api.MessagesAPI
	// Priority is the transcripts' place in the queue: Prefetch when the
	// user may be reading meanwhile, so what they open goes first.
	Priority api.Priority
	Progress func(SyncProgress)
}

// Sync fills the store for a range: every session starting in it, and
// every transcript of them. What is stored already is not asked for
// again, except sessions that may still grow (active, or ended within
// the hour), which are always fetched fresh. Transcripts are batched
// across getSessions pages: all that are needed, channel by channel.
func Sync(ctx context.Context, c *api.Client, st *store.Store, o SyncOptions) (SyncStats, error) {
	r, progress := o.Range, o.Progress
	start := st.Now()
	learnCaps(ctx, c, st)
	defer keepCaps(context.WithoutCancel(ctx), c, st)
	before := c.Requests()
	var stats SyncStats
	asked := -1 // the requests before the transcripts' first
	report := func() {
		if progress != nil {
			progress(stats.SyncProgress)
		}
	}
	done := func(err error) (SyncStats, error) {
		stats.Requests = c.Requests() - before
		if asked >= 0 {
			stats.TranscriptRequests = c.Requests() - asked
		}
		stats.Took = st.Now().Sub(start)
		return stats, err
	}
	gaps, _, err := st.Missing(ctx, r)
	if err != nil {
		return done(err)
	}
	if fresh := (model.Range{From: model.Later(r.From, start.Add(-recent)), To: r.To}); fresh.From.Before(fresh.To) {
		gaps = append([]model.Range{fresh}, gaps...)
	}
	for _, g := range merge(gaps) {
		if err := listRange(ctx, c, st, g, func(n int) { stats.Sessions += n; report() }, &stats.Unreadable); err != nil {
			return done(err)
		}
		if err := st.MarkSynced(ctx, g); err != nil {
			return done(err)
		}
	}
	want, err := needTranscripts(ctx, st, r, start)
	if err != nil {
		return done(err)
	}
	stats.TranscriptsWanted = len(want)
	report()
	if len(want) == 0 {
		return done(nil)
	}
	stats.Floor = c.Floor(want, o.Via)
	asked = c.Requests()
	got, err := c.BulkTranscripts(ctx, want, o.Via, o.Priority, func(sessions, messages int) {
		stats.Transcripts, stats.Messages = sessions, messages
		report()
	})
	// Keep what arrived whole even when the rest failed: the next sync
	// goes on from there. A transcript cut short is not stored at all.
	stats.Missing = len(got.Missing)
	stats.Unreadable += got.Unreadable
	var whole []store.Entry
	for _, s := range want {
		if msgs, ok := got.Messages[s.ID]; ok {
			whole = append(whole, store.Entry{Session: s, Messages: msgs, HasMessages: true})
		}
	}
	if perr := st.PutTranscripts(ctx, got.Via.String(), whole); perr != nil {
		return done(perr)
	}
	if err != nil {
		return done(fmt.Errorf("sync transcripts: %d of %d did not arrive whole and are not stored (the next sync asks for them again): %w", len(got.Missing), len(want), err))
	}
	return done(nil)
}

// listRange walks a range's sessions into the store so that each keeps
// its containment. Records without containmentType (v8-like servers) are
// found under each containment, so that offline tabs and filters count
// what the server counts: when the first page already shows such records,
// the range is listed by containment alone and the three counts are
// checked against the server's count of all (a session in none, or a
// count that differs, lists all as well); when only later ones lack it,
// the containments are listed after all.
func listRange(ctx context.Context, c *api.Client, st *store.Store, g model.Range, stored func(int), unreadable *int) error {
	all := model.Filter{Range: g}
	n, bad, lacking, err := listIntoUntil(ctx, c, st, all, stored, true)
	*unreadable += bad
	if err != nil {
		return err
	}
	if lacking {
		listed := 0
		for _, ct := range model.Containments[1:] {
			m, bad, _, err := listIntoUntil(ctx, c, st, model.Filter{Range: g, Containment: ct}, stored, false)
			*unreadable += bad
			if err != nil {
				return err
			}
			listed += m
		}
		if total, err := c.CountSessions(ctx, all); err != nil || total != listed {
			// Some sessions are in no containment (or the count failed):
			// all of them, then.
			_, bad, _, err := listIntoUntil(ctx, c, st, all, func(int) {}, false)
			*unreadable += bad
			return err
		}
		return nil
	}
	if unknown, err := st.UnknownContainment(ctx, g); err != nil {
		return err
	} else if unknown > 0 && n > 0 {
		for _, ct := range model.Containments[1:] {
			if _, _, _, err := listIntoUntil(ctx, c, st, model.Filter{Range: g, Containment: ct}, func(int) {}, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// listIntoUntil walks f on the server into the store; it returns how
// many sessions it stored and how many entries could not be read. With
// probe it stops after the first page when that page has records that
// name no containment (lacking).
func listIntoUntil(ctx context.Context, c *api.Client, st *store.Store, f model.Filter, stored func(int), probe bool) (n, unreadable int, lacking bool, err error) {
	p := c.BulkSessions(f)
	for first := true; ; first = false {
		page, err := p.Next(ctx)
		if err != nil {
			return n, unreadable, false, fmt.Errorf("sync %s – %s: %w", f.Range.From.Format(time.DateOnly), f.Range.To.Format(time.DateOnly), err)
		}
		if probe && first && !page.Done && anyLacking(page.Sessions) {
			// Listed again under their containments, these are not
			// stored or counted now.
			return 0, page.Unreadable, true, nil
		}
		if err := st.PutSessions(ctx, page.Sessions); err != nil {
			return n, unreadable, false, err
		}
		n += len(page.Sessions)
		stored(len(page.Sessions))
		if page.Done {
			return n, page.Unreadable, false, nil // the pager's running count
		}
	}
}

// anyLacking reports whether a session record names no containment.
func anyLacking(sessions []model.Session) bool {
	for _, s := range sessions {
		if !s.ContainmentKnown {
			return true
		}
	}
	return false
}

// needTranscripts are the stored sessions of r whose transcript is not
// stored, or may have grown since.
func needTranscripts(ctx context.Context, s *store.Store, r model.Range, now time.Time) ([]model.Session, error) {
	all, err := s.Sessions(ctx, model.Filter{Range: r})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(all))
	for i, ss := range all {
		ids[i] = ss.ID
	}
	have, err := s.HasTranscript(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []model.Session
	for _, ss := range all {
		if !have[ss.ID] || store.Active(ss, now) {
			out = append(out, ss)
		}
	}
	return out, nil
}

// merge joins overlapping ranges, newest first.
func merge(rs []model.Range) []model.Range {
	var out []model.Range
	for _, r := range rs {
		joined := false
		for i := range out {
			if !r.From.After(out[i].To) && !r.To.Before(out[i].From) {
				out[i] = model.Range{From: model.Earlier(out[i].From, r.From), To: model.Later(out[i].To, r.To)}
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, r)
		}
	}
	return out
}
