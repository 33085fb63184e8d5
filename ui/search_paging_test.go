package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// TestResultsLoadAsYouScroll: a search with more matches than a page
// shows the newest page and says there are more; moving within it asks
// nothing, and nearing its end brings the next page, once, after what is
// shown, until the last.
func TestResultsLoadAsYouScroll(t *testing.T) {
	t.Parallel()
	all := make([]source.Found, 2*source.MaxFound+234)
	for i := range all {
		all[i] = source.Found{Session: model.Session{ID: fmt.Sprintf("s-%04d", i)}, Said: true, Snippet: "balance"}
	}
	page := func(from int) source.Searched {
		end := min(from+source.MaxFound, len(all))
		return source.Searched{Found: all[from:end], More: end < len(all)}
	}
	asked := []int{}
	s := newSearchScreen(benchDeps(t), nil, model.Filter{}, "balance")
	s.what.find = func(context.Context) (source.Searched, error) { return page(0), nil }
	s.what.more = func(_ context.Context, from int) (source.Searched, error) {
		asked = append(asked, from)
		return page(from), nil
	}
	s.resize(100, 30)
	run := func(cmd tea.Cmd) {
		for cmd != nil {
			cmd = s.Update(cmd())
		}
	}
	do := func(a Action) {
		for _, b := range s.bindings() {
			if b.action == a {
				run(b.do())
				return
			}
		}
		t.Fatalf("no binding for %v", a)
	}
	run(s.start())
	if len(s.found) != source.MaxFound || !strings.Contains(s.summary(200), "more as you scroll") {
		t.Fatalf("first page: %d found, %q", len(s.found), s.summary(200))
	}
	for range 20 {
		do(Down)
	}
	if len(asked) != 0 {
		t.Errorf("moving within the page asked for %v", asked)
	}
	do(Bottom)
	if len(s.found) != 2*source.MaxFound || len(asked) != 1 || asked[0] != source.MaxFound {
		t.Errorf("at the first page's end: %d found, asked %v", len(s.found), asked)
	}
	do(Bottom)
	if len(s.found) != len(all) || s.more || strings.Contains(s.summary(200), "more as you scroll") {
		t.Errorf("at the end: %d of %d found, more %v, %q", len(s.found), len(all), s.more, s.summary(200))
	}
	for i, f := range s.found {
		if f.Session.ID != all[i].Session.ID {
			t.Fatalf("result %d is %s, want %s", i, f.Session.ID, all[i].Session.ID)
		}
	}
}

// TestCountEveryMatchOnDemand: a list of the newest matches offers # to
// count them all; the count runs as a command (the list answers keys
// meanwhile and says it is counting), the summary then names the total,
// the key goes (nothing left to count), and a search again forgets it.
func TestCountEveryMatchOnDemand(t *testing.T) {
	t.Parallel()
	page := make([]source.Found, source.MaxFound)
	for i := range page {
		page[i] = source.Found{Session: model.Session{ID: fmt.Sprintf("s-%04d", i)}, Said: true, Snippet: "balance"}
	}
	counts := 0
	d := benchDeps(t)
	d.ctx = context.Background()
	s := newSearchScreen(d, nil, model.Filter{}, "balance")
	s.what.find = func(context.Context) (source.Searched, error) { return source.Searched{Found: page, More: true}, nil }
	s.what.count = func(context.Context) (int, error) { counts++; return 12345, nil }
	s.resize(120, 30)
	run := func(cmd tea.Cmd) {
		for cmd != nil {
			cmd = s.Update(cmd())
		}
	}
	binding := func(a Action) *binding {
		for _, b := range s.bindings() {
			if b.action == a {
				return &b
			}
		}
		return nil
	}
	run(s.start())
	b := binding(CountAll)
	if b == nil {
		t.Fatal("no count key on a list of the newest 500")
	}
	cmd := b.do() // not run yet: the count is in flight
	if !strings.Contains(s.summary(200), "counting them all") || binding(CountAll) != nil {
		t.Errorf("while counting: %q, the key still offered: %v", s.summary(200), binding(CountAll) != nil)
	}
	run(cmd)
	if got := s.summary(200); !strings.Contains(got, "the newest 500 of 12,345 sessions that say “balance”") || strings.Contains(got, "counting") {
		t.Errorf("counted: %q", got)
	}
	if binding(CountAll) != nil || counts != 1 {
		t.Errorf("the key offered again after the count (%d counts)", counts)
	}
	run(s.search())
	if strings.Contains(s.summary(200), "12,345") || binding(CountAll) == nil {
		t.Errorf("a new search keeps the old count: %q", s.summary(200))
	}
}
