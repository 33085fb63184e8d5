package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"konvo/api/export"
	"konvo/api/source"
	"konvo/model"
)

// sessionsScreen lists a filter's sessions, one list per containment tab.
type sessionsScreen struct {
	d        *deps
	filter   model.Filter // the base filter; each tab sets its containment
	from, to string       // the range as the user wrote it
	lists    [len(model.Containments)]sessionList
	tab      int
	counts   [len(model.Containments)]int // -1 until known
	countGen int
	// countStop cancels the count queries of the filter being left: they
	// spend the bot's rate budget on an answer nobody will see.
	countStop context.CancelFunc

	// lookup is set on a screen that ":" pushed to show sessions by id:
	// one list, no counts, esc goes back to the list below. A lookup of
	// one id that finds it opens the transcript in its place, and tells
	// found first (--session shows that session's day below it).
	lookup bool
	found  func(model.Session) tea.Cmd
	// started is set once the lists have been asked for.
	started bool
	// history is set on a screen of one user's sessions (u).
	history bool
	// view names the view on the list, when one is (the header says it);
	// viewKeep is its narrowing the API cannot do.
	view     string
	viewKeep func(model.Session) bool
	// prefetching is set while the transcripts on screen are fetched
	// ahead; tried holds the sessions already asked for.
	prefetching bool
	tried       map[string]bool
	// gathering is set while the marked sessions' transcripts are
	// fetched for e.
	gathering bool
	// previewTop is the preview pane's scroll, back to 0 on a new row.
	previewTop int
	// selectID is a session to put the cursor on when its row arrives.
	selectID string

	input     textinput.Model
	inputMode inputMode
	editor    *filterEditor
	preview   bool
	notice    string
	flash     flash // the last copy's or export's note, until the next key
	// copying is set after y: the next key says what to copy.
	copying bool
	// marked are the sessions marked with space, by id, in the order
	// marked; y and E act on them when there are any.
	marked map[string]int
	marks  []model.Session

	width, height int
}

type inputMode int

const (
	inputNone inputMode = iota
	inputSearch
	inputJump
)

// countMsg carries the number of sessions in one tab.
type countMsg struct {
	to          *sessionsScreen
	gen, tab, n int
	err         error
}

func newSessionsScreen(d *deps, f model.Filter, from, to string) *sessionsScreen {
	s := &sessionsScreen{d: d, filter: f, from: from, to: to}
	s.input = newInput()
	s.input.CharLimit = 2000
	for i, c := range model.Containments {
		if c == f.Containment {
			s.tab = i
		}
	}
	s.filter.Containment = model.All
	return s
}

// openInstead replaces this lookup with the transcript it found.
func (s *sessionsScreen) openInstead(sess model.Session) tea.Cmd {
	var first tea.Cmd
	if s.found != nil {
		first = s.found(sess)
	}
	s.d.nav.pop()
	_, open := s.d.nav.openTranscript(sess)
	return tea.Batch(first, open)
}

// resume starts the lists if they were never asked for (the list under
// a --session lookup); otherwise it leaves them exactly as they are.
func (s *sessionsScreen) resume() tea.Cmd {
	if s.started {
		return nil
	}
	return s.start()
}

// selectSession puts the cursor on selectID once its row has loaded.
func (s *sessionsScreen) selectSession(l *sessionList) {
	for i := 0; i < l.size(); i++ {
		if r, _ := l.at(i); r.ID == s.selectID {
			l.move(i, s.bodyHeight())
			s.selectID = ""
			return
		}
	}
	if l.done {
		s.selectID = ""
	}
}

// showDay narrows the list to the day of t, as the user would type it.
func (s *sessionsScreen) showDay(t time.Time) {
	day := t.In(s.d.loc).Format(time.DateOnly)
	if r, err := model.ParseRange(day, day, s.d.now(), s.d.loc); err == nil {
		s.filter.Range, s.from, s.to = r, day, day
	}
}

// start loads the current tab and counts the others.
func (s *sessionsScreen) start() tea.Cmd {
	s.started = true
	s.stopCounts()
	s.countGen++
	for i := range s.lists {
		s.counts[i] = -1
		s.lists[i].keep = s.keeper()
		s.lists[i].reset(s.d, s.tabFilter(i))
	}
	return tea.Batch(s.fetch(s.tab), s.countOthers(), s.storedRows(s.tab))
}

// storedRowsMsg carries a tab's stored rows, shown until fresh ones come.
type storedRowsMsg struct {
	to       *sessionsScreen
	tab, gen int
	rows     []model.Session
	at       time.Time
}

func (m storedRowsMsg) owner() screen { return m.to }

// storedRows reads the store's copy of a tab's list, when there is a
// store: the list shows at once, marked as stored, while the first page
// is fetched fresh.
func (s *sessionsScreen) storedRows(tab int) tea.Cmd {
	src, ok := s.d.src.(source.StoredLister)
	if !ok || s.lookup {
		return nil
	}
	f, gen, ctx := s.tabFilter(tab), s.lists[tab].gen, s.d.ctx
	return func() tea.Msg {
		rows, at, err := src.StoredSessions(ctx, f)
		if err != nil {
			return nil // the server's answer is on its way anyway
		}
		return storedRowsMsg{to: s, tab: tab, gen: gen, rows: rows, at: at}
	}
}

// keeper is what the rows must pass besides the server's filter: the
// channel and language the API cannot filter by, and the view's own
// narrowing.
func (s *sessionsScreen) keeper() func(model.Session) bool {
	f, view := s.filter, s.viewKeep
	switch {
	case !f.HasLocal() && view == nil:
		return nil
	case view == nil:
		return f.Local
	}
	return func(ss model.Session) bool { return f.Local(ss) && view(ss) }
}

// fetch asks for tab i's next page, addressed to this screen.
func (s *sessionsScreen) fetch(i int) tea.Cmd { return s.lists[i].fetch(s.d, s, i) }

// newLookupScreen shows the sessions with the given ids, looked up on the
// server within rng.
func newLookupScreen(d *deps, ids []string, rng model.Range) *sessionsScreen {
	s := newSessionsScreen(d, model.Filter{SessionIDs: ids, Range: rng}, "", "")
	s.lookup = true
	s.notice = fmt.Sprintf("looking up %d session id(s) — %s to go back", len(ids), d.keys.Key(Back))
	return s
}

// newHistoryScreen lists every session of a user in the range, newest
// first: the server filters by userId.
func newHistoryScreen(d *deps, base model.Filter, from, to, userID string) *sessionsScreen {
	f := model.Filter{Range: base.Range, UserID: userID}
	s := newSessionsScreen(d, f, from, to)
	s.history = true
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

// title names the screen in the breadcrumb: the tab, or the lookup.
func (s *sessionsScreen) title() string {
	if s.history {
		return "user " + safe(s.filter.UserID)
	}
	if s.view != "" {
		return "view “" + safe(s.view) + "” · " + tabTitle(model.Containments[s.tab])
	}
	if s.lookup {
		if ids := s.filter.SessionIDs; len(ids) == 1 {
			return "lookup " + safe(ids[0])
		}
		return fmt.Sprintf("lookup of %d ids", len(s.filter.SessionIDs))
	}
	return tabTitle(model.Containments[s.tab])
}

// tabTitle is a tab's name as a path part: "drop-offs".
func tabTitle(c model.Containment) string {
	switch c {
	case model.SelfService:
		return "self-service"
	case model.DropOff:
		return "drop-offs"
	case model.Agent:
		return "agent transfers"
	}
	return "all sessions"
}

func (s *sessionsScreen) resize(w, h int) {
	s.width, s.height = w, h
	l := s.list()
	l.move(l.cursor, s.bodyHeight())
}

func (s *sessionsScreen) tabFilter(i int) model.Filter {
	return s.filter.WithContainment(model.Containments[i])
}

// countOthers asks, at prefetch priority, how many sessions the tabs not
// being looked at hold.
func (s *sessionsScreen) countOthers() tea.Cmd {
	if s.lookup || s.filter.HasLocal() || s.viewKeep != nil {
		return nil // the server's counts would overstate what is shown
	}
	var tabs []int
	for i := range s.lists {
		if i != s.tab && s.counts[i] < 0 {
			tabs = append(tabs, i)
		}
	}
	if len(tabs) == 0 {
		return nil
	}
	ctx, stop := context.WithCancel(s.d.ctx)
	s.countStop = stop
	// The shared context ends when the last count is in.
	var left atomic.Int32
	left.Store(int32(len(tabs)))
	cmds := make([]tea.Cmd, 0, len(tabs))
	for _, i := range tabs {
		f, gen, tab, c := s.tabFilter(i), s.countGen, i, s.d.src
		cmds = append(cmds, func() tea.Msg {
			defer func() {
				if left.Add(-1) == 0 {
					stop()
				}
			}()
			n, err := c.CountSessions(ctx, f)
			return countMsg{to: s, gen: gen, tab: tab, n: n, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// bodyHeight is the number of table rows on screen.
func (s *sessionsScreen) bodyHeight() int {
	h := s.height - chromeRows
	if s.preview && !s.previewBeside() {
		h -= s.previewHeight()
	}
	return max(h, 1)
}

// prefetchMargin is how close to the end the cursor may come before the
// next page is asked for: a screen, so steady scrolling never waits.
func (s *sessionsScreen) prefetchMargin() int { return max(s.bodyHeight(), 20) }

func (s *sessionsScreen) list() *sessionList { return &s.lists[s.tab] }

// maybeFetch asks for the next page when the cursor nears the end.
func (s *sessionsScreen) maybeFetch() tea.Cmd {
	l := s.list()
	if l.done || l.fetching || l.err != nil && l.started {
		return nil
	}
	if !l.started || l.nearEnd(s.prefetchMargin()) {
		return s.fetch(s.tab)
	}
	return nil
}

func (s *sessionsScreen) busy() bool {
	if s.gathering {
		return true
	}
	for i := range s.lists {
		if s.lists[i].fetching {
			return true
		}
	}
	return false
}

// capturing reports whether typed keys go to a text field.
func (s *sessionsScreen) capturing() bool {
	return s.inputMode != inputNone || s.editor != nil || s.copying
}

func (s *sessionsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sessionsPageMsg:
		if msg.tab < 0 || msg.tab >= len(s.lists) {
			return nil
		}
		l := &s.lists[msg.tab]
		if !l.receive(msg) {
			return nil
		}
		if msg.err != nil {
			l.ahead = 0
			return nil
		}
		if s.lookup && l.done {
			if inv := l.pager.Invalid(); len(inv) > 0 {
				s.notice = fmt.Sprintf("not found: %s", safe(strings.Join(inv, ", ")))
			} else {
				s.notice = ""
			}
			if sess, ok := l.at(0); ok && l.size() == 1 && len(s.filter.SessionIDs) == 1 {
				return s.openInstead(sess)
			}
		}
		if l.exact && !s.lookup && !l.filtered() {
			s.counts[msg.tab] = l.total
		}
		l.move(l.cursor+l.ahead, s.bodyHeight())
		l.ahead = 0
		if s.selectID != "" && msg.tab == s.tab {
			s.selectSession(l)
		}
		// With a text filter on, do not chain fetches: a rare match must
		// not load the whole range. The next key press asks again.
		if msg.tab == s.tab && l.query == "" {
			return tea.Batch(s.maybeFetch(), s.prefetch())
		}
		return s.prefetch()
	case markedTranscriptsMsg:
		return s.markedArrived(msg)
	case prefetchedMsg:
		s.prefetching = false
		return s.prefetch() // the screen may have moved on meanwhile
	case storedRowsMsg:
		if msg.tab >= 0 && msg.tab < len(s.lists) && msg.gen == s.lists[msg.tab].gen {
			l := &s.lists[msg.tab]
			l.prefill(msg.rows, msg.at)
			l.move(l.cursor, s.bodyHeight())
		}
		return nil
	case countMsg:
		if msg.gen == s.countGen && msg.err == nil && msg.tab >= 0 && msg.tab < len(s.counts) {
			s.counts[msg.tab] = msg.n
		}
		return nil
	case tea.MouseWheelMsg:
		if s.overPreview(msg.Mouse()) {
			switch msg.Button {
			case tea.MouseWheelUp:
				s.previewTop = max(s.previewTop-3, 0)
			case tea.MouseWheelDown:
				s.previewTop += 3
			}
			return nil
		}
		switch msg.Button {
		case tea.MouseWheelUp:
			return s.moveBy(-3)
		case tea.MouseWheelDown:
			return s.moveBy(3)
		}
		return nil
	case tea.MouseClickMsg:
		return s.click(msg.Mouse())
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	if s.editor != nil {
		return s.editorUpdate(msg)
	}
	if s.inputMode != inputNone {
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	return nil
}

// editorUpdate passes a message to the filter form and acts on the result
// in the same update.
func (s *sessionsScreen) editorUpdate(msg tea.Msg) tea.Cmd {
	cmd, outcome := s.editor.Update(msg)
	switch outcome {
	case applied:
		e := s.editor
		s.editor = nil
		s.filter, s.from, s.to = e.result, e.from, e.to
		s.lookup, s.notice, s.view, s.viewKeep = false, "", "", nil
		return s.start()
	case cancelled:
		s.editor = nil
	}
	return cmd
}

func (s *sessionsScreen) moveBy(n int) tea.Cmd {
	s.previewTop = 0
	return tea.Batch(s.move(n), s.prefetch())
}

func (s *sessionsScreen) move(n int) tea.Cmd {
	l := s.list()
	target := l.cursor + n
	l.move(target, s.bodyHeight())
	switch {
	case n > 0 && target > l.cursor && l.fetching && l.query == "":
		// Past the loaded rows while more are on their way: keep the
		// keys, so holding j never loses a press at a page's end.
		l.ahead += target - l.cursor
	case n < 0:
		l.ahead = 0
	}
	return s.maybeFetch()
}

func (s *sessionsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.d.keys
	s.flash.clear()
	if s.copying {
		return s.copyChoice(msg)
	}
	if s.editor != nil {
		return s.editorUpdate(msg)
	}
	if s.inputMode != inputNone {
		return s.inputKey(msg)
	}
	l := s.list()
	h := s.bodyHeight()
	switch {
	case k.Is(msg, Down):
		return s.moveBy(1)
	case k.Is(msg, Up):
		return s.moveBy(-1)
	case k.Is(msg, HalfDown):
		return s.moveBy(h / 2)
	case k.Is(msg, HalfUp):
		return s.moveBy(-h / 2)
	case k.Is(msg, PageDown):
		return s.moveBy(h)
	case k.Is(msg, PageUp):
		return s.moveBy(-h)
	case k.Is(msg, Top):
		l.move(0, h)
		l.ahead = 0
		return nil
	case k.Is(msg, Bottom):
		l.move(l.size()-1, h)
		return s.maybeFetch()
	case k.Is(msg, Open):
		if sess, ok := l.at(l.cursor); ok {
			_, cmd := s.d.nav.openTranscript(sess)
			return cmd
		}
		return nil
	case k.Is(msg, NextTab):
		return s.switchTab((s.tab + 1) % len(s.lists))
	case k.Is(msg, PrevTab):
		return s.switchTab((s.tab + len(s.lists) - 1) % len(s.lists))
	case k.Is(msg, Tab1):
		return s.switchTab(0)
	case k.Is(msg, Tab2):
		return s.switchTab(1)
	case k.Is(msg, Tab3):
		return s.switchTab(2)
	case k.Is(msg, Tab4):
		return s.switchTab(3)
	case k.Is(msg, Preview):
		s.preview = !s.preview
		l.move(l.cursor, s.bodyHeight())
		return nil
	case k.Is(msg, Refresh):
		s.notice = ""
		if s.lookup {
			return s.start()
		}
		r, err := model.ParseRange(s.from, s.to, s.d.now(), s.d.loc)
		if err != nil {
			s.notice = err.Error()
			return nil
		}
		s.filter.Range = r
		return s.start()
	case k.Is(msg, Filter):
		s.editor = newFilterEditor(s.d, s.filter, s.from, s.to, s.width)
		return s.editor.focus()
	case k.Is(msg, Search):
		return s.openInput(inputSearch, "/", l.query, "text in user, id, channel, tags…")
	case k.Is(msg, Jump):
		return s.openInput(inputJump, ": ", "", "session id(s), separated by spaces or commas")
	case k.Is(msg, Mark):
		if sess, ok := l.at(l.cursor); ok {
			s.toggleMark(sess)
			return s.moveBy(1)
		}
		return nil
	case k.Is(msg, Copy) && len(s.marks) > 0:
		ids := make([]string, len(s.marks))
		for i, m := range s.marks {
			ids[i] = safe(m.ID) // as shown: one line each, whatever the id holds
		}
		cmd, note := clip(s.d, fmt.Sprintf("%d marked session ids", len(ids)), strings.Join(ids, "\n")+"\n")
		s.flash.set(note)
		return cmd
	case k.Is(msg, Copy):
		if _, ok := l.at(l.cursor); ok {
			s.copying = true
			s.flash.set(fmt.Sprintf("copy: %s the session id · %s the user id · %s the row as JSON (%s: nothing)", k.Key(CopyID), k.Key(CopyUser), k.Key(CopyRow), k.Key(Cancel)))
		}
		return nil
	case k.Is(msg, Views) && !s.lookup && !s.history:
		return s.d.nav.push(&viewsScreen{d: s.d})
	case k.Is(msg, SaveView) && !s.lookup:
		return s.saveViewPrompt()
	case k.Is(msg, UserHistory):
		if sess, ok := l.at(l.cursor); ok && !(s.history && sess.UserID == s.filter.UserID) {
			return openHistory(s.d, s.filter, s.from, s.to, sess)
		}
		return nil
	case k.Is(msg, Export):
		if len(s.marks) == 0 {
			s.flash.set("mark sessions with " + k.Key(Mark) + " first: " + k.Key(Export) + " writes them with their transcripts (" + k.Key(ExportList) + " writes the rows)")
			return nil
		}
		if s.gathering {
			return nil
		}
		return s.exportMarked()
	case k.Is(msg, ExportList):
		if l.size() == 0 && len(s.marks) == 0 {
			return nil
		}
		return offerFile(s.d, s, "", "konvo-sessions.csv", ".csv or .jsonl", s.exportAs)
	case k.Is(msg, Back):
		switch {
		case l.query != "":
			l.setQuery("")
			l.move(l.cursor, h)
		case len(s.marks) > 0:
			s.marked, s.marks = nil, nil
			s.flash.set("marks cleared")
		case s.lookup || s.history:
			return s.d.nav.pop()
		default:
			s.notice = ""
		}
		return nil
	}
	return nil
}

func (s *sessionsScreen) switchTab(i int) tea.Cmd {
	if s.lookup || i == s.tab {
		return nil
	}
	s.tab = i
	l := s.list()
	l.move(l.cursor, s.bodyHeight())
	if !l.started {
		return s.fetch(s.tab)
	}
	return s.maybeFetch()
}

func (s *sessionsScreen) openInput(mode inputMode, prompt, value, placeholder string) tea.Cmd {
	s.inputMode = mode
	s.input.Prompt = prompt
	s.input.Placeholder = placeholder
	s.input.SetValue(value)
	s.input.CursorEnd()
	s.input.SetWidth(max(s.width-Width(prompt)-2, 10))
	return s.input.Focus()
}

func (s *sessionsScreen) closeInput() {
	s.inputMode = inputNone
	s.input.Blur()
}

// inputKey handles keys while the search or jump field has focus.
func (s *sessionsScreen) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.d.keys
	l := s.list()
	switch {
	case k.Is(msg, Cancel):
		if s.inputMode == inputSearch {
			l.setQuery("")
			l.move(l.cursor, s.bodyHeight())
		}
		s.closeInput()
		return nil
	case k.Is(msg, Accept):
		mode, value := s.inputMode, s.input.Value()
		s.closeInput()
		if mode == inputJump {
			return s.jumpTo(value)
		}
		// With a store, enter also searches what was said in the range.
		if src, ok := s.d.src.(source.Searcher); ok && strings.TrimSpace(value) != "" {
			s.d.audit(Event{Action: "search", Query: strings.TrimSpace(value)})
			return tea.Batch(s.maybeFetch(), s.d.nav.push(newSearchScreen(s.d, src, s.tabFilter(s.tab), strings.TrimSpace(value))))
		}
		return s.maybeFetch()
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.inputMode == inputSearch {
		l.setQuery(s.input.Value())
		l.move(l.cursor, s.bodyHeight())
	}
	return cmd
}

// jumpTo shows the sessions with the given ids, looked up on the server,
// on a screen of their own: the lists below stay as they were.
func (s *sessionsScreen) jumpTo(text string) tea.Cmd {
	ids := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == ';' })
	if len(ids) == 0 {
		return nil
	}
	if s.lookup {
		// A new lookup from a lookup replaces it.
		s.filter.SessionIDs = ids
		s.notice = newLookupScreen(s.d, ids, s.filter.Range).notice
		return s.start()
	}
	return s.d.nav.push(newLookupScreen(s.d, ids, s.filter.Range))
}

// stopCounts cancels the count queries in flight.
func (s *sessionsScreen) stopCounts() {
	if s.countStop != nil {
		s.countStop()
		s.countStop = nil
	}
}

// stop cancels every fetch in flight.
func (s *sessionsScreen) stop() {
	s.stopCounts()
	for i := range s.lists {
		if c := s.lists[i].cancel; c != nil {
			c()
		}
	}
}

// copyChoice copies what the key after y names from the selected row.
func (s *sessionsScreen) copyChoice(msg tea.KeyPressMsg) tea.Cmd {
	s.copying = false
	sess, ok := s.list().at(s.list().cursor)
	if !ok {
		return nil
	}
	var cmd tea.Cmd
	var note string
	k := s.d.keys
	switch {
	case k.Is(msg, CopyID), k.Is(msg, Copy): // y y copies the id too
		cmd, note = clip(s.d, "session id "+safe(sess.ID), safe(sess.ID))
	case k.Is(msg, CopyUser):
		cmd, note = clip(s.d, "user id "+safe(sess.UserID), safe(sess.UserID))
	case k.Is(msg, CopyRow):
		cmd, note = clip(s.d, "the session as JSON", string(export.Compact(sess.Raw)))
	default:
		return nil
	}
	s.flash.set(note)
	return cmd
}

func (s *sessionsScreen) showFlash(note string) { s.flash.set(note) }

// toggleMark marks or unmarks a session.
func (s *sessionsScreen) toggleMark(sess model.Session) {
	if s.marked == nil {
		s.marked = map[string]int{}
	}
	if _, ok := s.marked[sess.ID]; ok {
		delete(s.marked, sess.ID)
		s.marks = slices.DeleteFunc(s.marks, func(m model.Session) bool { return m.ID == sess.ID })
		return
	}
	s.marked[sess.ID] = len(s.marks)
	s.marks = append(s.marks, sess)
}

func (s *sessionsScreen) isMarked(id string) bool {
	_, ok := s.marked[id]
	return ok
}

// exportAs is the marked sessions, or else the rows shown (the text
// filter applied), as a file.
func (s *sessionsScreen) exportAs(ext string) ([]byte, string, bool) {
	l := s.list()
	rows := s.marks
	if len(rows) == 0 {
		rows = make([]model.Session, 0, l.size())
		for i := 0; i < l.size(); i++ {
			r, _ := l.at(i)
			rows = append(rows, r)
		}
	}
	what := fmt.Sprintf("%d sessions", len(rows))
	switch ext {
	case ".csv":
		return export.SessionsCSV(rows, s.d.loc), what, true
	case ".jsonl", ".json", ".ndjson":
		return export.SessionsJSONL(rows), what, true
	}
	return nil, "", false
}

// tableTop is the screen line of the first table row: after the title,
// the tabs and the column headings.
const tableTop = 3

// click selects what is under the pointer: a tab, or a row (a click on
// the selected row opens it).
func (s *sessionsScreen) click(m tea.Mouse) tea.Cmd {
	if m.Button != tea.MouseLeft || s.editor != nil || s.inputMode != inputNone {
		return nil
	}
	if m.Y == 1 {
		if i := s.tabAt(m.X); i >= 0 {
			return s.switchTab(i)
		}
		return nil
	}
	l := s.list()
	row := m.Y - tableTop
	if row < 0 || row >= s.bodyHeight() || s.preview && s.previewBeside() && m.X >= s.width-s.previewWidth() {
		return nil
	}
	i := l.offset + row
	if _, ok := l.at(i); !ok {
		return nil
	}
	if i == l.cursor {
		sess, _ := l.at(i)
		_, cmd := s.d.nav.openTranscript(sess)
		return cmd
	}
	l.move(i, s.bodyHeight())
	return s.prefetch()
}

// overPreview reports whether the pointer is over the preview pane.
func (s *sessionsScreen) overPreview(m tea.Mouse) bool {
	if !s.preview {
		return false
	}
	if s.previewBeside() {
		return m.Y >= tableTop-1 && m.X >= s.width-s.previewWidth()
	}
	return m.Y >= tableTop+s.bodyHeight()
}

// tabAt is the tab drawn at column x of the tabs line, or -1.
func (s *sessionsScreen) tabAt(x int) int {
	at := 0
	for i := range model.Containments {
		w := Width(s.tabLabel(i)) + 1
		if x >= at && x < at+w {
			return i
		}
		at += w
	}
	return -1
}
