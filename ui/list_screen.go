package ui

import (
	"context"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// listScreen is what every list of sessions shares: one list per
// containment tab, the cursor and its paging, the text filter, marks,
// copy, preview and export. The sessions list, a lookup and a user's
// history each embed it and add what is theirs (their title, their keys,
// what esc does); none of them is told apart by a mode field.
type listScreen struct {
	d *deps
	// self is the screen that embeds this one: fetch results are
	// addressed to it, so the app routes them there.
	self     listOwner
	filter   model.Filter // the base filter; each tab sets its containment
	from, to string       // the range as the user wrote it
	lists    [len(model.Containments)]sessionList
	tab      int
	counts   [len(model.Containments)]int // -1 until known
	countGen int
	// countStop cancels the count queries of the filter being left: they
	// spend the bot's rate budget on an answer nobody will see.
	countStop context.CancelFunc

	// single is set on a screen of one list without tabs (a lookup): no
	// counts, no stored copy, no switching.
	single bool
	// onPage, when set, sees each page that arrived whole before the list
	// moves on; handled true ends the update there (a lookup that found
	// its one session opens it in its place).
	onPage func(l *sessionList) (cmd tea.Cmd, handled bool)
	// jumped, when set, takes the ids typed after ":" instead of a new
	// lookup screen (a lookup replaces its own ids).
	jumped func(ids []string) tea.Cmd
	// changed, when set, is told the filter, tab or text filter changed
	// (the list at the bottom remembers itself for the next start).
	changed func() tea.Cmd
	// namesUser is set when the breadcrumb names the filter's user, so
	// the title line leaves the chip out.
	namesUser bool
	// countsFromAll counts the tabs from the All tab's rows once it is
	// whole, instead of asking the server (a user's history is short).
	countsFromAll bool
	// emptyNote, when set, is what an empty list says.
	emptyNote string
	// started is set once the lists have been asked for.
	started bool
	// view names the view on the list, when one is (the header says it);
	// viewKeep is its narrowing the API cannot do.
	view     string
	viewKeep func(model.Session) bool
	// prefetching is set while the transcripts on screen are fetched
	// ahead; tried holds the sessions already asked for.
	prefetching bool
	tried       map[string]bool
	// facts are what the store's transcripts tell of the rows (slow
	// turns, the failed task), asked for the rows on screen; factsAsked
	// holds those asked.
	facts      map[string]model.Facts
	factsAsked map[string]bool
	// surveys are the survey answers of the list's range (nil until they
	// arrive: the Score column shows then); surveysFor is the range
	// asked for.
	surveys    map[string]model.Survey
	surveysFor model.Range
	// gathering is set while the transcripts to export are fetched for
	// e; gatherStop ends that.
	gathering  bool
	gatherStop context.CancelFunc
	// previewTop is the preview pane's scroll, back to 0 on a new row.
	previewTop int
	// selectID is a session to put the cursor on when its row arrives.
	selectID string
	// whole is set while the current tab loads to its end (list_whole.go).
	whole *wholeLoad
	// syncing is set while :sync stores the range (commands.go).
	syncing *syncProgress
	// perDay counts the range's stored sessions per day, for the title
	// line's sparkline.
	perDay []float64

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

// listOwner is a screen that embeds a listScreen: the list addresses its
// results to it and shows its keys.
type listOwner interface {
	screen
	keyed
}

type inputMode int

const (
	inputNone   inputMode = iota
	inputSearch           // "/": the rows narrow as you type
	inputSaid             // "s": words said in the stored transcripts
	inputJump
)

// countMsg carries the number of sessions in one tab.
type countMsg struct {
	to          screen
	gen, tab, n int
	err         error
}

// newList makes the list of f's sessions for the screen self, which
// embeds it.
func newList(d *deps, self listOwner, f model.Filter, from, to string) listScreen {
	s := listScreen{d: d, self: self, filter: f, from: from, to: to}
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

// resume starts the lists if they were never asked for (the list under
// a --session lookup); otherwise it leaves them exactly as they are.
func (s *listScreen) resume() tea.Cmd {
	if s.started {
		return nil
	}
	return s.start()
}

// selectSession puts the cursor on selectID once its row has loaded.
func (s *listScreen) selectSession(l *sessionList) {
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
func (s *listScreen) showDay(t time.Time) {
	day := t.In(s.d.loc).Format(time.DateOnly)
	if r, err := model.ParseRange(day, day, s.d.now(), s.d.loc); err == nil {
		s.filter.Range, s.from, s.to = r, day, day
	}
}

// start loads the current tab and counts the others.
func (s *listScreen) start() tea.Cmd {
	s.started = true
	s.stopCounts()
	s.countGen++
	for i := range s.lists {
		s.counts[i] = -1
		s.lists[i].keep = s.keeper()
		s.lists[i].reset(s.d, s.tabFilter(i))
	}
	return tea.Batch(s.fetch(s.tab), s.countOthers(), s.storedRows(s.tab), s.noteChange(), s.countPerDay())
}

// perDayMsg brings the stored sessions per day of a list's range.
type perDayMsg struct {
	to  screen
	gen int
	n   []float64
}

func (m perDayMsg) owner() screen { return m.to }

// countPerDay counts the range's stored sessions per day, from the
// store (a local read, in a command).
func (s *listScreen) countPerDay() tea.Cmd {
	src, ok := s.d.src.(source.Insighter)
	if !ok || s.single {
		return nil
	}
	ctx, to, gen, r, loc := s.d.ctx, s.self, s.countGen, s.filter.Range, s.d.loc
	f := model.Filter{Range: r, UserID: s.filter.UserID, Channel: s.filter.Channel}
	return func() tea.Msg {
		b, err := src.Buckets(ctx, f)
		if err != nil || len(b) == 0 {
			return nil
		}
		st := model.Summarize(model.InsightData{Buckets: b}, r, loc, 0)
		n := make([]float64, len(st.Days))
		for i, p := range st.Days {
			n[i] = float64(p.Total)
		}
		return perDayMsg{to: to, gen: gen, n: n}
	}
}

// noteChange tells the screen's changed hook that the filter, the tab or
// the text filter changed.
func (s *listScreen) noteChange() tea.Cmd {
	if s.changed == nil {
		return nil
	}
	return s.changed()
}

// storedRowsMsg carries a tab's stored rows, shown until fresh ones come.
type storedRowsMsg struct {
	to       screen
	tab, gen int
	rows     []model.Session
	at       time.Time
}

func (m storedRowsMsg) owner() screen { return m.to }

// storedFirst is how many stored rows a list shows before the server's
// first page replaces them: a few screens, read in the same time however
// much the store holds.
const storedFirst = 500

// storedRows reads the store's copy of a tab's list, when there is a
// store: the list shows at once, marked as stored, while the first page
// is fetched fresh.
func (s *listScreen) storedRows(tab int) tea.Cmd {
	src, ok := s.d.src.(source.StoredLister)
	if !ok || s.single {
		return nil
	}
	f, gen, ctx, to := s.tabFilter(tab), s.lists[tab].gen, s.d.ctx, s.self
	return func() tea.Msg {
		rows, at, err := src.StoredSessions(ctx, f, storedFirst)
		if err != nil {
			return nil // the server's answer is on its way anyway
		}
		return storedRowsMsg{to: to, tab: tab, gen: gen, rows: rows, at: at}
	}
}

// keeper is what the rows must pass besides the server's filter: the
// channel and language the API cannot filter by, and the view's own
// narrowing.
func (s *listScreen) keeper() func(model.Session) bool {
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
func (s *listScreen) fetch(i int) tea.Cmd { return s.lists[i].fetch(s.d, s.self, i) }

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

func (s *listScreen) resize(w, h int) {
	s.width, s.height = w, h
	l := s.list()
	l.move(l.cursor, s.bodyHeight())
}

func (s *listScreen) tabFilter(i int) model.Filter {
	return s.filter.WithContainment(model.Containments[i])
}

// countOthers asks, at prefetch priority, how many sessions the tabs not
// being looked at hold.
func (s *listScreen) countOthers() tea.Cmd {
	if s.single || s.countsFromAll || s.filter.HasLocal() || s.viewKeep != nil {
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
		f, gen, tab, c, to := s.tabFilter(i), s.countGen, i, s.d.src, s.self
		cmds = append(cmds, func() tea.Msg {
			defer func() {
				if left.Add(-1) == 0 {
					stop()
				}
			}()
			n, err := c.CountSessions(ctx, f)
			return countMsg{to: to, gen: gen, tab: tab, n: n, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// bodyHeight is the number of table rows on screen.
func (s *listScreen) bodyHeight() int {
	h := s.height - chromeRows
	if s.preview && !s.previewBeside() {
		h -= s.previewHeight()
	}
	return max(h, 1)
}

// prefetchMargin is how close to the end the cursor may come before the
// next page is asked for: a screen, so steady scrolling never waits.
func (s *listScreen) prefetchMargin() int { return max(s.bodyHeight(), 20) }

func (s *listScreen) list() *sessionList { return &s.lists[s.tab] }

// maybeFetch asks for the next page when the cursor nears the end.
func (s *listScreen) maybeFetch() tea.Cmd {
	l := s.list()
	if l.done || l.fetching || l.err != nil && l.started {
		return nil
	}
	if !l.started || l.nearEnd(s.prefetchMargin()) {
		return s.fetch(s.tab)
	}
	return nil
}

func (s *listScreen) busy() bool {
	if s.gathering || s.syncing != nil {
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
func (s *listScreen) capturing() bool {
	return s.inputMode != inputNone || s.editor != nil || s.copying
}

// Update is a list screen's: keys go through the embedding screen's
// bindings (its own, then the list's), the rest to update.
func (s *listScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return s.key(k, s.self.bindings())
	}
	return s.update(msg)
}

// update handles what every list screen handles alike: pages, counts,
// stored rows, the mouse, and the text fields. Keys come through the
// embedding screen, which knows its own.
func (s *listScreen) update(msg tea.Msg) tea.Cmd {
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
			return s.wholeGoesOn(msg.tab)
		}
		var hooked tea.Cmd
		if s.onPage != nil {
			var handled bool
			if hooked, handled = s.onPage(l); handled {
				return hooked
			}
		}
		if l.exact && !s.single && !l.filtered() {
			s.counts[msg.tab] = l.total
		}
		if msg.tab == 0 && l.done {
			s.countFromAll()
		}
		l.move(l.cursor+l.ahead, s.bodyHeight())
		l.ahead = 0
		if s.selectID != "" && msg.tab == s.tab {
			s.selectSession(l)
		}
		if s.whole != nil && s.whole.tab == msg.tab {
			return tea.Batch(hooked, s.wholeGoesOn(msg.tab), s.prefetch())
		}
		// With a text filter on, do not chain fetches: a rare match must
		// not load the whole range. The next key press asks again.
		if msg.tab == s.tab && l.query == "" {
			return tea.Batch(hooked, s.maybeFetch(), s.prefetch())
		}
		return tea.Batch(hooked, s.prefetch())
	case markedTranscriptsMsg:
		return s.markedArrived(msg)
	case prefetchedMsg:
		s.prefetching = false
		if msg.facts {
			// The transcripts just stored tell their facts now.
			for _, r := range msg.rows {
				delete(s.factsAsked, r.ID)
			}
		}
		return s.prefetch() // the screen may have moved on meanwhile
	case syncedRangeMsg:
		return s.synced(msg)
	case perDayMsg:
		if msg.gen == s.countGen {
			s.perDay = msg.n
		}
		return nil
	case surveysMsg:
		return s.surveysArrived(msg)
	case factsMsg:
		if s.facts == nil {
			s.facts = map[string]model.Facts{}
		}
		for id, f := range msg.facts {
			s.facts[id] = f
		}
		return nil
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
				s.scrollPreview(-3)
			case tea.MouseWheelDown:
				s.scrollPreview(3)
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
func (s *listScreen) editorUpdate(msg tea.Msg) tea.Cmd {
	cmd, outcome := s.editor.Update(msg)
	switch outcome {
	case applied:
		e := s.editor
		s.editor = nil
		s.filter, s.from, s.to = e.result, e.from, e.to
		s.notice, s.view, s.viewKeep = "", "", nil
		return s.start()
	case cancelled:
		s.editor = nil
	}
	return cmd
}

func (s *listScreen) moveBy(n int) tea.Cmd {
	s.previewTop = 0
	return tea.Batch(s.move(n), s.prefetch())
}

func (s *listScreen) move(n int) tea.Cmd {
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

// stopCounts cancels the count queries in flight.
func (s *listScreen) stopCounts() {
	if s.countStop != nil {
		s.countStop()
		s.countStop = nil
	}
}

// stop cancels every fetch in flight.
func (s *listScreen) stop() {
	s.stopCounts()
	for i := range s.lists {
		if c := s.lists[i].cancel; c != nil {
			c()
		}
	}
}

func (s *listScreen) showFlash(note string) { s.flash.set(note) }

// countFromAll counts each tab from the All tab's rows, when the screen
// counts so and those rows are whole and all of known containment.
func (s *listScreen) countFromAll() {
	l := &s.lists[0]
	if !s.countsFromAll || !l.done || l.filtered() {
		return
	}
	var n [len(model.Containments)]int
	for _, r := range l.rows {
		if !r.ContainmentKnown {
			return
		}
		n[r.Containment]++
	}
	n[0] = len(l.rows)
	s.counts = n
}
