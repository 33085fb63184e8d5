package ui

import (
	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// prefetchedMsg says a prefetch of rows is over; facts is set when the
// source tells facts, which the new transcripts now have.
type prefetchedMsg struct {
	to    screen
	rows  []model.Session
	facts bool
}

// factsMsg brings what the store's transcripts tell of some rows.
type factsMsg struct {
	to    screen
	facts map[string]model.Facts
}

func (m factsMsg) owner() screen { return m.to }

func (m prefetchedMsg) owner() screen { return m.to }

// prefetch reads what the store knows of the rows on screen (askFacts),
// and fetches their transcripts ahead (prefetchTranscripts).
func (s *listScreen) prefetch() tea.Cmd {
	return tea.Batch(s.askFacts(), s.askSurveys(), s.prefetchTranscripts())
}

// askFacts reads from the store what the transcripts of the rows on
// screen tell, for the Slow and Failed task columns; a local read, each
// row asked once (again after its transcript was fetched ahead).
func (s *listScreen) askFacts() tea.Cmd {
	src, ok := s.d.src.(source.FactsReader)
	if !ok {
		return nil
	}
	l := s.list()
	var ids []string
	for i := l.offset; i < l.offset+s.bodyHeight() && i < l.size(); i++ {
		if r, _ := l.at(i); !s.factsAsked[r.ID] {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if s.factsAsked == nil {
		s.factsAsked = map[string]bool{}
	}
	for _, id := range ids {
		s.factsAsked[id] = true
	}
	ctx, to, slow := s.d.ctx, s.self, s.d.slowTurn
	return func() tea.Msg {
		got, err := src.Facts(ctx, ids, slow)
		if err != nil || len(got) == 0 {
			return nil
		}
		return factsMsg{to: to, facts: got}
	}
}

// prefetchTranscripts fetches ahead the transcripts of the rows on
// screen, when the source keeps them and the rate budget is idle; one
// call at a time, and each session is tried once.
func (s *listScreen) prefetchTranscripts() tea.Cmd {
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
	_, facts := s.d.src.(source.FactsReader)
	return func() tea.Msg {
		_ = src.Prefetch(ctx, rows) // a failed prefetch costs only the later open
		return prefetchedMsg{to: to, rows: rows, facts: facts}
	}
}
