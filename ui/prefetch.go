package ui

import (
	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// prefetchedMsg says a prefetch is over.
type prefetchedMsg struct{ to screen }

func (m prefetchedMsg) owner() screen { return m.to }

// prefetch fetches ahead the transcripts of the rows on screen, when the
// source keeps them and the rate budget is idle; one call at a time, and
// each session is tried once.
func (s *listScreen) prefetch() tea.Cmd {
	src, ok := s.d.src.(source.Prefetcher)
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
	ctx, to := s.d.ctx, s.self
	return func() tea.Msg {
		_ = src.Prefetch(ctx, rows) // a failed prefetch costs only the later open
		return prefetchedMsg{to: to}
	}
}
