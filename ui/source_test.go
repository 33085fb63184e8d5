package ui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/source"
	"konvo/model"
)

// fakeSource answers the UI from memory. Its counts block until their
// context ends, so a test can see whether the UI cancels them.
type fakeSource struct {
	cancelled chan model.Filter
}

func newFakeSource() *fakeSource {
	return &fakeSource{cancelled: make(chan model.Filter, 16)}
}

func (f *fakeSource) Sessions(flt model.Filter) source.SessionPager   { return &fakePager{filter: flt} }
func (f *fakeSource) Transcript(model.Session) source.TranscriptPager { return nil }
func (f *fakeSource) Pacing() api.Status                              { return api.Status{} }
func (f *fakeSource) BotID() string                                   { return "st-fake" }

func (f *fakeSource) CountSessions(ctx context.Context, flt model.Filter) (int, error) {
	<-ctx.Done()
	f.cancelled <- flt
	return 0, ctx.Err()
}

type fakePager struct{ filter model.Filter }

func (p *fakePager) Next(context.Context) (api.SessionPage, error) {
	return api.SessionPage{Done: true}, nil
}
func (p *fakePager) Total() (int, bool)   { return 0, true }
func (p *fakePager) Invalid() []string    { return nil }
func (p *fakePager) Filter() model.Filter { return p.filter }

// run executes a command and the commands of any batch it returns, each
// in its own goroutine (counts block until cancelled).
func run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		if b, ok := cmd().(tea.BatchMsg); ok {
			for _, c := range b {
				run(c)
			}
		}
	}()
}

// TestCountsOfALeftFilterAreCancelled: the tab counts of a filter the
// user has left kept running and spent the rate budget.
func TestCountsOfALeftFilterAreCancelled(t *testing.T) {
	d := benchDeps(t)
	src := newFakeSource()
	d.src = src
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d.ctx = ctx
	old := model.Filter{Range: model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}}
	s := newSessionsScreen(d, old, "", "")
	run(s.start())
	// The user applies another filter: the three counts of the old one
	// must end.
	s.filter.UserID = "someone-else"
	run(s.start())
	for i := 0; i < 3; i++ {
		select {
		case f := <-src.cancelled:
			if f.UserID != "" {
				t.Fatalf("a count of the new filter was cancelled: %+v", f)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of 3 counts of the old filter were cancelled", i)
		}
	}
}

// TestTabCountsAgree: with a tag filter, All read "≥74" while
// Self-service read 99; a lower bound is never below what the other tabs
// prove.
func TestTabCountsAgree(t *testing.T) {
	s := newSessionsScreen(benchDeps(t), model.Filter{}, "", "")
	s.counts = [4]int{-1, 99, -1, 12}
	s.lists[0].total = 74
	s.lists[2].total = 5 // drop-offs: at least 5 so far
	if got := s.tabCount(0); got != "≥116" {
		t.Errorf("All: %q, want ≥116", got)
	}
	s.counts[0] = 130
	if got := s.tabCount(0); got != "130" {
		t.Errorf("All exact: %q", got)
	}
}
