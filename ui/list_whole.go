package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// wholeLoad is the current tab loading to its end: G, or an export of
// every session of the filter. Pages are asked for one after another
// (the scheduler paces them) until the list is done; then runs once.
type wholeLoad struct {
	tab int
	// doing words it for the status line: "loading to the end".
	doing string
	// follow keeps the cursor on the last row as pages come (G); any
	// other key of the user's ends such a walk.
	follow bool
	then   func() tea.Cmd
}

// loadWhole loads the current tab to its end, then runs w.then.
func (s *listScreen) loadWhole(w wholeLoad) tea.Cmd {
	l := s.list()
	if l.done {
		s.whole = nil
		return w.then()
	}
	w.tab = s.tab
	s.whole = &w
	if l.fetching {
		return nil // the page on its way carries the walk on
	}
	return s.fetch(s.tab)
}

// wholeGoesOn carries a walk to the end on as a page of tab arrives: the
// next page, or what was waiting for the whole list.
func (s *listScreen) wholeGoesOn(tab int) tea.Cmd {
	w := s.whole
	if w == nil || w.tab != tab {
		return nil
	}
	l := &s.lists[tab]
	if w.follow {
		l.move(l.size()-1, s.bodyHeight())
	}
	if l.err != nil {
		s.whole = nil // the error is on the status line; r retries
		return nil
	}
	if l.done {
		s.whole = nil
		return w.then()
	}
	return s.fetch(tab)
}

// wholeKey lets esc stop a walk to the end, and any key but G end G's own;
// it reports whether the key was spent on that.
func (s *listScreen) wholeKey(msg tea.KeyPressMsg) bool {
	w := s.whole
	if w == nil {
		return false
	}
	k := s.d.keys
	switch {
	case k.Is(msg, Back):
		s.whole = nil
		l := s.list()
		s.flash.set(fmt.Sprintf("stopped %s at %s of %s", w.doing, model.Quantity(len(l.rows), "session", "sessions"), s.ofTotal(l)))
		return true
	case w.follow && !k.Is(msg, Bottom):
		s.whole = nil
	}
	return false
}

// wholeNote is the status line's word on a walk to the end.
func (s *listScreen) wholeNote() string {
	w := s.whole
	if w == nil {
		return ""
	}
	l := &s.lists[w.tab]
	return fmt.Sprintf("%s: %s of %s · %s stops", w.doing, count(len(l.rows)), s.ofTotal(l), s.d.keys.Key(Back))
}

// ofTotal is what the server counts in a list: exact, or "≥n".
func (s *listScreen) ofTotal(l *sessionList) string {
	if l.exact {
		return count(l.total)
	}
	return "≥" + count(l.total)
}
