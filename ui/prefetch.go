package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// prefetcher is a Source that can fetch transcripts ahead, into its
// store, so that opening one costs no request.
type prefetcher interface {
	Prefetch(ctx context.Context, sessions []model.Session) error
}

// Prefetch fetches, in one batched call through getMessagesV2 (getMessages
// without a bot id) at prefetch
// priority (behind anything the user asks for), the transcripts of the
// sessions that are closed and not stored yet.
func (s storeSource) Prefetch(ctx context.Context, sessions []model.Session) error {
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

// prefetchedMsg says a prefetch is over.
type prefetchedMsg struct{ to *sessionsScreen }

func (m prefetchedMsg) owner() screen { return m.to }

// prefetch fetches ahead the transcripts of the rows on screen, when the
// source keeps them and the rate budget is idle; one call at a time, and
// each session is tried once.
func (s *sessionsScreen) prefetch() tea.Cmd {
	src, ok := s.d.src.(prefetcher)
	if !ok || s.prefetching || s.d.src.Pacing().Waiting > 0 {
		return nil
	}
	l := s.list()
	var rows []model.Session
	for i := l.offset; i < l.offset+s.bodyHeight() && i < l.size(); i++ {
		r, _ := l.at(i)
		if !s.tried[r.ID] {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if s.tried == nil {
		s.tried = map[string]bool{}
	}
	for _, r := range rows {
		s.tried[r.ID] = true
	}
	s.prefetching = true
	ctx := s.d.ctx
	return func() tea.Msg {
		_ = src.Prefetch(ctx, rows) // a failed prefetch costs only the later open
		return prefetchedMsg{to: s}
	}
}
