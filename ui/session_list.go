package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/source"
	"konvo/model"
)

// sessionList is one containment tab's sessions: its pager, what has
// loaded, the cursor, and the text filter's view of the rows. Each tab
// keeps its own, so switching tabs is instant and costs no request.
type sessionList struct {
	pager    source.SessionPager
	rows     []model.Session
	gen      int // bumped when the list is reset; older results are dropped
	fetching bool
	cancel   context.CancelFunc
	done     bool
	err      error
	started  bool
	// total and exact are the pager's count as of the last page received:
	// screen state changes only in Update, never under a running fetch.
	total int
	exact bool
	// unreadable counts server entries skipped because they could not be
	// read: said on the status line, never lost silently.
	unreadable int

	// keep, when set, is a view's condition the API cannot filter by
	// (a longest duration): rows it refuses are not shown.
	keep func(model.Session) bool
	// visible holds the indices of rows matching the text filter; nil
	// means every row.
	visible []int
	query   string
	match   *rowFilter // query, compiled
	words   [][]string // each row's words for it, made when first asked

	cursor, offset int
	// ahead counts moves down pressed past the last loaded row while the
	// next page loads: the cursor takes them when the rows arrive.
	ahead int
	// stored is set while the rows are the store's copy, shown at once
	// on start; the first fresh page replaces them. storedAt is when
	// they were fetched.
	stored   bool
	storedAt time.Time
}

// appendOlder adds rows from before what the server's pages reach (the
// store's), after the rows, newest first, each session once.
func (l *sessionList) appendOlder(rows []model.Session) {
	have := make(map[string]bool, len(l.rows))
	for _, r := range l.rows {
		have[r.ID] = true
	}
	for _, r := range rows {
		if have[r.ID] {
			continue
		}
		have[r.ID] = true
		l.rows = append(l.rows, r)
		if l.visible != nil && l.shows(len(l.rows)-1) {
			l.visible = append(l.visible, len(l.rows)-1)
		}
	}
	l.total, l.exact = len(l.rows), true
}

// prefill shows stored rows until the server's first page arrives.
func (l *sessionList) prefill(rows []model.Session, at time.Time) {
	if len(l.rows) > 0 || len(rows) == 0 || !l.fetching {
		return // the server answered first: its rows stand
	}
	l.rows, l.stored, l.storedAt, l.words = rows, true, at, nil
	if l.visible != nil {
		for i := range l.rows {
			if l.shows(i) {
				l.visible = append(l.visible, i)
			}
		}
	}
}

// sessionsPageMsg carries one page for one tab's list of one generation,
// with the pager's count taken when the page arrived.
type sessionsPageMsg struct {
	to       screen
	tab, gen int
	page     api.SessionPage
	total    int
	exact    bool
	err      error
}

// reset forgets everything and makes a new pager for f.
func (l *sessionList) reset(d *deps, f model.Filter) {
	if l.cancel != nil {
		l.cancel()
	}
	*l = sessionList{gen: l.gen + 1, pager: d.src.Sessions(f), query: l.query, match: l.match, keep: l.keep}
	if l.filtered() {
		l.visible = []int{}
	}
}

// fetch starts loading the next page unless one is already on its way.
func (l *sessionList) fetch(d *deps, to screen, tab int) tea.Cmd {
	if l.fetching || l.done || l.pager == nil {
		return nil
	}
	l.fetching, l.started, l.err = true, true, nil
	ctx, cancel := context.WithCancel(d.ctx)
	l.cancel = cancel
	p, gen := l.pager, l.gen
	return func() tea.Msg {
		defer cancel() // the context ends with its fetch: none outlives it
		page, err := p.Next(ctx)
		total, exact := p.Total()
		return sessionsPageMsg{to: to, tab: tab, gen: gen, page: page, total: total, exact: exact, err: err}
	}
}

// receive applies a page; it reports false for a stale result.
func (l *sessionList) receive(msg sessionsPageMsg) bool {
	if msg.gen != l.gen {
		return false
	}
	l.fetching = false
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
	l.total, l.exact = msg.total, msg.exact
	l.unreadable = max(l.unreadable, msg.page.Unreadable)
	if msg.err != nil {
		l.err = msg.err
		return true
	}
	var keep string // the session under the cursor, while rows were stored
	if l.stored {
		if sel, ok := l.at(l.cursor); ok {
			keep = sel.ID
		}
		l.rows, l.stored, l.words = l.rows[:0:0], false, nil
		if l.visible != nil {
			l.visible = l.visible[:0]
		}
	}
	first := len(l.rows)
	f := l.pager.Filter()
	for _, s := range msg.page.Sessions {
		// A containment-filtered query tells what the row lacks.
		if !s.ContainmentKnown && f.Containment != model.All {
			s.Containment, s.ContainmentKnown = f.Containment, true
		}
		l.rows = append(l.rows, s)
	}
	if l.visible != nil {
		for i := first; i < len(l.rows); i++ {
			if l.shows(i) {
				l.visible = append(l.visible, i)
			}
		}
	}
	l.done = msg.page.Done
	if keep != "" {
		l.cursor = 0
		for i := 0; i < l.size(); i++ {
			if r, _ := l.at(i); r.ID == keep {
				l.cursor = i
				break
			}
		}
	}
	return true
}

// size is how many rows the list shows.
func (l *sessionList) size() int {
	if l.visible != nil {
		return len(l.visible)
	}
	return len(l.rows)
}

// at returns the i-th shown row; ok is false out of range, which can
// happen when a result shrinks the view under a pending key.
func (l *sessionList) at(i int) (model.Session, bool) {
	if i < 0 || i >= l.size() {
		return model.Session{}, false
	}
	if l.visible != nil {
		return l.rows[l.visible[i]], true
	}
	return l.rows[i], true
}

// setQuery narrows the shown rows to those containing q (any case).
func (l *sessionList) setQuery(q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == l.query {
		return
	}
	var selected string
	if s, ok := l.at(l.cursor); ok {
		selected = s.ID
	}
	l.query = q
	l.match = newRowFilter(q)
	l.refilter()
	// Keep the selected session under the cursor when it is still shown.
	l.cursor = 0
	for i := 0; i < l.size(); i++ {
		if s, _ := l.at(i); s.ID == selected {
			l.cursor = i
			break
		}
	}
}

// filtered reports whether some rows may be hidden.
func (l *sessionList) filtered() bool { return l.query != "" || l.keep != nil }

// shows reports whether a row passes the text filter and the view.
func (l *sessionList) shows(i int) bool {
	s := l.rows[i]
	return l.match.matches(func() []string { return l.wordsOf(i) }) && (l.keep == nil || l.keep(s))
}

// wordsOf is row i's words for the text filter, made once per row.
func (l *sessionList) wordsOf(i int) []string {
	if len(l.words) != len(l.rows) {
		l.words = append(l.words, make([][]string, len(l.rows)-len(l.words))...)
	}
	if l.words[i] == nil {
		l.words[i] = rowWords(l.rows[i])
	}
	return l.words[i]
}

// refilter recomputes the shown rows after the filter changed.
func (l *sessionList) refilter() {
	if !l.filtered() {
		l.visible = nil
		return
	}
	l.visible = l.visible[:0:0]
	for i := range l.rows {
		if l.shows(i) {
			l.visible = append(l.visible, i)
		}
	}
}

// move puts the cursor at i, clamped, and scrolls to keep it in a window
// of h rows.
func (l *sessionList) move(i, h int) {
	l.cursor = clamp(i, 0, l.size()-1)
	if h < 1 {
		h = 1
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	l.offset = clamp(l.offset, 0, max(l.size()-h, 0))
}

// nearEnd reports whether the cursor is within margin rows of the end.
func (l *sessionList) nearEnd(margin int) bool {
	return l.size()-1-l.cursor <= margin
}
