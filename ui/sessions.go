package ui

import (
	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// sessionsScreen is the list at the bottom of the stack: a filter's
// sessions, one tab per containment, with the views and the filter form.
type sessionsScreen struct {
	listScreen
}

func newSessionsScreen(d *deps, f model.Filter, from, to string) *sessionsScreen {
	s := &sessionsScreen{}
	s.listScreen = newList(d, s, f, from, to)
	// The list remembers itself, so the next start shows it as left.
	s.changed = func() tea.Cmd { return d.remember(memState, "list", s.currentView("")) }
	return s
}

// title names the screen in the breadcrumb: the tab, and the view.
func (s *sessionsScreen) title() string {
	if s.view != "" {
		return "view “" + safe(s.view) + "” · " + tabTitle(model.Containments[s.tab])
	}
	return tabTitle(model.Containments[s.tab])
}

func (s *sessionsScreen) helpTitle() string { return "Sessions" }

func (s *sessionsScreen) bindings() []binding {
	own := []binding{
		{action: Filter, hint: 3, do: s.openFilter},
		{action: Refresh, hint: 11, do: s.refreshRange},
		{action: Views, hint: 12, do: func() tea.Cmd { return s.d.nav.push(&viewsScreen{d: s.d}) }},
		{action: SaveView, do: s.saveViewPrompt},
		{action: UserHistory, do: s.userHistory},
		{action: Back, do: s.back(func() tea.Cmd { s.notice = ""; return nil })},
	}
	return append(append(own, s.tabBindings()...), s.listBindings()...)
}
