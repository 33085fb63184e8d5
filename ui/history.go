package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// historyReach is how far back a user's history asks the API: Kore keeps
// 30 days of conversation data. What the store holds from before that is
// added below the server's rows.
const historyReach = 30 * 24 * time.Hour

// historyScreen lists one user's sessions (u), newest first: everything
// konvo can reach, whatever the list's range was, with the cursor on the
// session u was pressed on. The server filters by userId; the tab counts
// are counted from the user's whole list rather than asked for.
type historyScreen struct {
	listScreen
	// older is set once the store was asked for what predates the API's
	// reach.
	older bool
}

// olderMsg carries the user's stored sessions from before the API's reach.
type olderMsg struct {
	to   *historyScreen
	gen  int
	rows []model.Session
}

func (m olderMsg) owner() screen { return m.to }

func newHistoryScreen(d *deps, userID, cameFrom string) *historyScreen {
	s := &historyScreen{}
	r := model.Range{From: d.now().Add(-historyReach), To: d.now()}
	s.listScreen = newList(d, s, model.Filter{Range: r, UserID: userID}, "30d", "")
	s.namesUser, s.countsFromAll, s.selectID = true, true, cameFrom
	s.onPage = s.arrived
	return s
}

// openHistory pushes the sessions of sess's user, the cursor on sess.
func openHistory(d *deps, sess model.Session) tea.Cmd {
	if sess.UserID == "" {
		return nil
	}
	// Who looked a customer up is worth a line in an audit log.
	d.audit(Event{Action: "history", Session: sess.ID, What: "the sessions of user " + sess.UserID})
	return d.nav.push(newHistoryScreen(d, sess.UserID, sess.ID))
}

func (s *historyScreen) title() string     { return "user " + safe(s.filter.UserID) }
func (s *historyScreen) helpTitle() string { return "A user's sessions" }

func (s *historyScreen) Update(msg tea.Msg) tea.Cmd {
	older, ok := msg.(olderMsg)
	if !ok {
		return s.listScreen.Update(msg)
	}
	if l := &s.lists[0]; older.gen == l.gen {
		l.appendOlder(older.rows)
		s.countFromAll()
		if s.selectID != "" && s.tab == 0 {
			s.selectSession(l)
		}
	}
	return nil
}

// arrived asks the store, once the server's list is whole, for what the
// user said before the API's reach.
func (s *historyScreen) arrived(l *sessionList) (tea.Cmd, bool) {
	if l != &s.lists[0] || !l.done || s.older {
		return nil, false
	}
	s.older = true
	src, ok := s.d.src.(source.StoredLister)
	if !ok {
		return nil, false
	}
	f := s.filter
	f.Range = model.Range{From: time.Unix(0, 0), To: s.filter.Range.From}
	ctx, gen := s.d.ctx, l.gen
	return func() tea.Msg {
		rows, _, err := src.StoredSessions(ctx, f, 0)
		if err != nil || len(rows) == 0 {
			return nil
		}
		return olderMsg{to: s, gen: gen, rows: rows}
	}, false
}

func (s *historyScreen) bindings() []binding {
	own := []binding{
		{action: Filter, hint: 3, do: s.openFilter},
		{action: Refresh, hint: 11, do: func() tea.Cmd { s.older = false; return s.refreshRange() }},
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
