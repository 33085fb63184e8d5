package ui

import (
	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// historyScreen lists one user's sessions (u), newest first: the server
// filters by userId. It has the tabs and the filter form of the list;
// esc goes back to where u was pressed.
type historyScreen struct {
	listScreen
}

func newHistoryScreen(d *deps, base model.Filter, from, to, userID string) *historyScreen {
	s := &historyScreen{}
	s.listScreen = newList(d, s, model.Filter{Range: base.Range, UserID: userID}, from, to)
	s.namesUser = true
	return s
}

// openHistory pushes the sessions of sess's user.
func openHistory(d *deps, f model.Filter, from, to string, sess model.Session) tea.Cmd {
	if sess.UserID == "" {
		return nil
	}
	// Who looked a customer up is worth a line in an audit log.
	d.audit(Event{Action: "history", What: "the sessions of user " + sess.UserID})
	return d.nav.push(newHistoryScreen(d, f, from, to, sess.UserID))
}

func (s *historyScreen) title() string     { return "user " + safe(s.filter.UserID) }
func (s *historyScreen) helpTitle() string { return "A user's sessions" }

func (s *historyScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return s.key(k, s.bindings())
	}
	return s.update(msg)
}

func (s *historyScreen) bindings() []binding {
	own := []binding{
		{action: Filter, hint: 3, do: s.openFilter},
		{action: Refresh, hint: 9, do: s.refreshRange},
		{action: SaveView, do: s.saveViewPrompt},
		{action: UserHistory, do: s.otherUser},
		{action: Back, do: s.back(s.leave)},
	}
	return append(append(own, s.tabBindings()...), s.listBindings()...)
}

// otherUser opens the history of the selected row's user, unless it is
// the user already shown.
func (s *historyScreen) otherUser() tea.Cmd {
	if sess, ok := s.list().at(s.list().cursor); ok && sess.UserID == s.filter.UserID {
		return nil
	}
	return s.userHistory()
}
