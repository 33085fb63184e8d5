package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// lookupScreen shows the sessions with the ids typed after ":", looked up
// on the server: one list, no tabs or counts, and esc goes back to the
// list below as it was. A lookup of one id that finds it opens the
// transcript in its place.
type lookupScreen struct {
	listScreen
	// found, when set, is told the session first (--session shows that
	// session's day on the list below).
	found func(model.Session) tea.Cmd
	// named, when set, is what the list is (":score <=2"): its title, and
	// one session found stays a list.
	named string
}

// newLookupScreen looks the ids up within rng.
func newLookupScreen(d *deps, ids []string, rng model.Range) *lookupScreen {
	s := &lookupScreen{}
	s.listScreen = newList(d, s, model.Filter{SessionIDs: ids, Range: rng}, "", "")
	s.single = true
	s.onPage = s.arrived
	s.jumped = s.replace
	s.emptyNote = "None of those session ids was found — " + d.keys.Key(Back) + " goes back."
	s.notice = lookingUp(d, ids)
	return s
}

func lookingUp(d *deps, ids []string) string {
	return fmt.Sprintf("looking up %d session id(s) — %s to go back", len(ids), d.keys.Key(Back))
}

func (s *lookupScreen) title() string {
	if s.named != "" {
		return s.named
	}
	if ids := s.filter.SessionIDs; len(ids) == 1 {
		return "lookup " + safe(ids[0])
	}
	return fmt.Sprintf("lookup of %d ids", len(s.filter.SessionIDs))
}

func (s *lookupScreen) helpTitle() string { return "Lookup" }

func (s *lookupScreen) bindings() []binding {
	own := []binding{
		{action: Refresh, hint: 11, do: func() tea.Cmd { s.notice = ""; return s.start() }},
		{action: UserHistory, do: s.userHistory},
		{action: Back, do: s.back(s.leave)},
	}
	return append(own, s.listBindings()...)
}

// arrived says which ids were not found once the lookup is done, and
// opens the one session asked for in the lookup's place.
func (s *lookupScreen) arrived(l *sessionList) (tea.Cmd, bool) {
	if !l.done {
		return nil, false
	}
	s.notice = ""
	if inv := l.pager.Invalid(); len(inv) > 0 {
		s.notice = fmt.Sprintf("not found: %s", safe(strings.Join(inv, ", ")))
	}
	if sess, ok := l.at(0); ok && l.size() == 1 && len(s.filter.SessionIDs) == 1 && s.named == "" {
		return s.openInstead(sess), true
	}
	return nil, false
}

// openInstead replaces this lookup with the transcript it found.
func (s *lookupScreen) openInstead(sess model.Session) tea.Cmd {
	var first tea.Cmd
	if s.found != nil {
		first = s.found(sess)
	}
	s.d.nav.pop()
	_, open := s.d.nav.openTranscript(sess)
	return tea.Batch(first, open)
}

// replace makes a new lookup from this one in its place.
func (s *lookupScreen) replace(ids []string) tea.Cmd {
	s.filter.SessionIDs = ids
	s.notice = lookingUp(s.d, ids)
	return s.start()
}
