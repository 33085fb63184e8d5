package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"konvo/api/source"
	"konvo/model"
)

// searchScreen lists sessions the store found, newest first, each with
// the matching text, and says how much of the range is not stored yet
// (one key syncs it): what was said (/), or a view the API cannot answer.
type searchScreen struct {
	d      *deps
	filter model.Filter
	what   finding
	// sync fills the range's gaps; nil where that cannot be done.
	syncer source.RangeSyncer

	found    []source.Found
	more     bool // the finder has more, past found: asked for as the list nears its end
	missing  time.Duration
	err      error
	gen      int // bumped by each search; older answers are dropped
	fetching bool

	syncing *syncProgress // set while a sync of the range runs
	cancel  context.CancelFunc

	// total is every match counted (CountAll): uncounted until asked,
	// counting while the count runs, which uncount stops.
	total   int
	uncount context.CancelFunc

	cursor, offset int
	notice         string
	width, height  int
}

type searchedMsg struct {
	to   *searchScreen
	gen  int
	from int // where the page starts: 0 for a new search
	res  source.Searched
	err  error
}

func (m searchedMsg) owner() screen { return m.to }

// countedMsg is every match of a search counted.
type countedMsg struct {
	to  *searchScreen
	gen int
	n   int
	err error
}

func (m countedMsg) owner() screen { return m.to }

// A results list's total before it is known.
const (
	uncounted = -1
	counting  = -2 // CountAll is running
)

// finding is what a results screen lists and how it words it.
type finding struct {
	title string // in the breadcrumb
	find  func(context.Context) (source.Searched, error)
	// more is the next page from the from-th session, for a finder
	// that pages (what was said); nil for one that answers whole.
	more func(ctx context.Context, from int) (source.Searched, error)
	// count is every match counted, for a finder that pages: asked on
	// demand, since it reads every hit.
	count func(ctx context.Context) (int, error)
	// say is the summary of n sessions found, of total in all (uncounted,
	// or counting while CountAll runs), more saying there are others past
	// them.
	say   func(n, total int, more bool) string
	query string // the words to find in an opened transcript
	// memory is set on a list of what konvo remembers (recent,
	// starred): it has no range, so no coverage to say.
	memory bool
}

func newSearchScreen(d *deps, src source.Searcher, f model.Filter, query string) *searchScreen {
	pq := model.ParseQuery(query)
	q := safe(pq.Words())
	by := ""
	if who := pq.Who(); who != "" {
		by = " (said by " + who + ")"
	}
	syncer, _ := src.(source.RangeSyncer) // none offline
	return &searchScreen{d: d, filter: f, syncer: syncer, total: uncounted, what: finding{
		title: "“" + safe(query) + "”",
		count: func(ctx context.Context) (int, error) { return src.CountSaid(ctx, f, query) },
		find:  func(ctx context.Context) (source.Searched, error) { return src.SearchSaid(ctx, f, query, 0) },
		more: func(ctx context.Context, from int) (source.Searched, error) {
			return src.SearchSaid(ctx, f, query, from)
		},
		// An opened transcript finds the words, not the scopes or quotes.
		query: pq.Words(),
		say: func(n, total int, more bool) string {
			switch {
			case n == 0:
				return "no stored transcript says “" + q + "”" + by
			case more && total >= 0:
				return fmt.Sprintf("the newest %s of %s that say “%s”%s (more as you scroll)", model.Thousands(n), model.Quantity(total, "session", "sessions"), q, by)
			case more && total == counting:
				return fmt.Sprintf("the newest %s sessions that say “%s”%s; counting them all…", model.Thousands(n), q, by)
			case more:
				return fmt.Sprintf("the newest %s sessions that say “%s”%s, and older ones (more as you scroll)", model.Thousands(n), q, by)
			}
			return fmt.Sprintf("%s %s “%s”%s", model.Quantity(n, "session", "sessions"), model.Pick(n, "says", "say"), q, by)
		},
	}}
}

// newFailedScreen lists the sessions of f whose stored transcripts show
// a failed task: the API has no such filter, the store answers it.
func newFailedScreen(d *deps, src source.FailedFinder, f model.Filter, name string) *searchScreen {
	s := &searchScreen{d: d, filter: f, what: finding{
		title: "view “" + safe(name) + "”",
		find:  func(ctx context.Context) (source.Searched, error) { return src.FailedTasks(ctx, f) },
		say: func(n, _ int, _ bool) string {
			return model.Quantity(n, "session", "sessions") + " with a failed task in the stored transcripts"
		},
	}}
	s.syncer, _ = src.(source.RangeSyncer)
	return s
}

// newRecentScreen lists the transcripts read, newest first, across
// restarts (:recent).
func newRecentScreen(d *deps) *searchScreen {
	return &searchScreen{d: d, what: finding{
		title: "recent", memory: true,
		find: rememberedSessions(d, memRecent, func(_ sessionMemo, at time.Time) string {
			return "read " + humanAge(d.now(), at)
		}),
		say: func(n, _ int, _ bool) string {
			if n == 0 {
				return "no transcript read yet"
			}
			return model.Quantity(n, "transcript", "transcripts") + " read, newest first"
		},
	}}
}

// newStarredScreen lists the sessions starred, with their notes
// (:starred, and the "starred" view).
func newStarredScreen(d *deps) *searchScreen {
	return &searchScreen{d: d, what: finding{
		title: "starred", memory: true,
		find: rememberedSessions(d, memStar, func(m sessionMemo, at time.Time) string {
			if m.Note != "" {
				return "★ " + m.Note
			}
			return "★ starred " + humanAge(d.now(), at)
		}),
		say: func(n, _ int, _ bool) string {
			if n == 0 {
				return "nothing starred yet: " + d.keys.Key(Star) + " stars a session, in the list or its transcript"
			}
			return model.Quantity(n, "session", "sessions") + " starred, newest first"
		},
	}}
}

// newSlowScreen lists the sessions of f with a voice turn slower than the
// slow-turn threshold, each opening at its slowest turn.
func newSlowScreen(d *deps, src source.FailedFinder, f model.Filter, name string) *searchScreen {
	s := &searchScreen{d: d, filter: f, what: finding{
		title: "view “" + safe(name) + "”",
		find:  func(ctx context.Context) (source.Searched, error) { return src.SlowTurns(ctx, f, d.slowTurn) },
		say: func(n, _ int, _ bool) string {
			return fmt.Sprintf("%s with a voice turn slower than %s in the stored transcripts", model.Quantity(n, "session", "sessions"), seconds(d.slowTurn))
		},
	}}
	s.syncer, _ = src.(source.RangeSyncer)
	return s
}

func (s *searchScreen) title() string           { return s.what.title }
func (s *searchScreen) capturing() bool         { return false }
func (s *searchScreen) busy() bool              { return s.fetching || s.syncing != nil }
func (s *searchScreen) resize(w, h int)         { s.width, s.height = w, h; s.clamp() }
func (s *searchScreen) start() tea.Cmd          { return s.search() }
func (s *searchScreen) bodyHeight() int         { return max(s.height-5, 2) }
func (s *searchScreen) rowsShown() int          { return max(s.bodyHeight()/2, 1) }
func (s *searchScreen) selected() *source.Found { return at(s.found, s.cursor) }

func at(f []source.Found, i int) *source.Found {
	if i < 0 || i >= len(f) {
		return nil
	}
	return &f[i]
}

func (s *searchScreen) stop() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.uncount != nil {
		s.uncount()
	}
}

// search asks the store; it is local, so it answers in milliseconds.
func (s *searchScreen) search() tea.Cmd {
	s.gen++
	s.fetching = true
	if s.uncount != nil {
		s.uncount() // a count of the answer before this one
	}
	s.total = uncounted
	find, gen, ctx := s.what.find, s.gen, s.d.ctx
	return func() tea.Msg {
		res, err := find(ctx)
		return searchedMsg{to: s, gen: gen, res: res, err: err}
	}
}

// maybeMore asks for the next page when the cursor is within a screen
// of the end of what is shown.
func (s *searchScreen) maybeMore() tea.Cmd {
	if !s.more || s.fetching || s.what.more == nil || s.cursor < len(s.found)-2*s.rowsShown() {
		return nil
	}
	s.fetching = true
	more, gen, from, ctx := s.what.more, s.gen, len(s.found), s.d.ctx
	return func() tea.Msg {
		res, err := more(ctx, from)
		return searchedMsg{to: s, gen: gen, from: from, res: res, err: err}
	}
}

// countAll counts every match, in the background: a common word in a
// large store takes seconds, and the list stays usable meanwhile.
func (s *searchScreen) countAll() tea.Cmd {
	if !s.canCount() {
		return nil
	}
	ctx, cancel := context.WithCancel(s.d.ctx)
	s.total, s.uncount = counting, cancel
	count, gen := s.what.count, s.gen
	return func() tea.Msg {
		defer cancel()
		n, err := count(ctx)
		return countedMsg{to: s, gen: gen, n: n, err: err}
	}
}

// canCount reports whether CountAll would count: the list shows the
// newest only, and no count is known or running.
func (s *searchScreen) canCount() bool {
	return s.more && s.what.count != nil && s.total == uncounted
}

// sync fills what the store lacks of the range, behind what the user
// reads meanwhile, then searches again.
func (s *searchScreen) sync() tea.Cmd {
	if s.syncing != nil {
		return nil
	}
	s.notice = ""
	ctx, cancel := context.WithCancel(s.d.ctx)
	s.cancel = cancel
	cmd, p := syncRange(ctx, s.syncer, s.filter.Range, s)
	s.syncing = p
	return func() tea.Msg {
		defer cancel()
		return cmd()
	}
}

func (s *searchScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.fetching = false
		if msg.from > 0 {
			// The next page: after what is shown, once each (a session
			// stored meanwhile may shift the pages by one).
			if msg.err != nil {
				s.notice, s.more = errorText(s.d, msg.err), false
				return nil
			}
			seen := make(map[string]bool, len(s.found))
			for _, f := range s.found {
				seen[f.Session.ID] = true
			}
			for _, f := range msg.res.Found {
				if !seen[f.Session.ID] {
					s.found = append(s.found, f)
				}
			}
			s.more = msg.res.More
			return s.maybeMore()
		}
		s.found, s.missing, s.err, s.more = msg.res.Found, msg.res.Missing, msg.err, msg.res.More
		s.clamp()
	case countedMsg:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.total, s.notice = uncounted, errorText(s.d, msg.err)
			return nil
		}
		s.total = msg.n
	case syncedRangeMsg:
		s.syncing = nil
		if msg.err != nil {
			s.notice = errorText(s.d, msg.err)
			return nil
		}
		s.notice = "synced"
		return s.search()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *searchScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	cmd, _ := dispatch(s.d.keys, msg, s.bindings())
	return cmd
}

func (s *searchScreen) helpTitle() string { return "Search results" }

// canSync reports whether s would sync: part of the range is not
// stored, and there is a way to fetch it.
func (s *searchScreen) canSync() bool { return s.missing > 0 && s.syncer != nil && s.syncing == nil }

// bindings are the results' keys; moving keeps the cursor on a result.
func (s *searchScreen) bindings() []binding {
	h := s.rowsShown()
	by := func(n func() int) func() tea.Cmd {
		return func() tea.Cmd { s.cursor = n(); s.clamp(); return s.maybeMore() }
	}
	bs := []binding{
		{action: Open, hint: 1, do: s.open},
		{action: Back, hint: 2, do: func() tea.Cmd { return s.d.nav.pop() }},
		{action: Down, do: by(func() int { return s.cursor + 1 })},
		{action: Up, do: by(func() int { return s.cursor - 1 })},
		{action: PageDown, do: by(func() int { return s.cursor + h })},
		{action: HalfDown, do: by(func() int { return s.cursor + h })},
		{action: PageUp, do: by(func() int { return s.cursor - h })},
		{action: HalfUp, do: by(func() int { return s.cursor - h })},
		{action: Top, do: by(func() int { return 0 })},
		{action: Bottom, do: by(func() int { return len(s.found) - 1 })},
		{action: Refresh, do: s.search},
		{action: Help},
		{action: Quit},
	}
	if s.canSync() {
		// Only while there is something to sync, so neither the hint nor
		// the help offers a key that would do nothing.
		bs = append(bs, binding{action: SyncRange, hint: 3, do: s.sync})
	}
	if s.canCount() {
		bs = append(bs, binding{action: CountAll, hint: 4, do: s.countAll})
	}
	return bs
}

// open shows the selected result's transcript at the message that
// matched.
func (s *searchScreen) open() tea.Cmd {
	f := s.selected()
	if f == nil {
		return nil
	}
	ts, cmd := s.d.nav.openTranscript(f.Session)
	if s.what.query != "" || f.Seq > 0 {
		// At the message that made it count: the match, the failure, the
		// slowest turn.
		ts.seek(s.what.query, f.Seq)
	}
	return cmd
}

func (s *searchScreen) clamp() {
	s.cursor = clamp(s.cursor, 0, max(len(s.found)-1, 0))
	h := s.rowsShown()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
}

func (s *searchScreen) View(f frame) string {
	w, h := s.width, s.height
	if w < 20 || h < 6 {
		return tooSmall(w, h)
	}
	t := s.d.theme
	lines := make([]string, 0, h)
	head := f.path + t.Dim.Render(" · ") + rangeLabel(s.filter.Range, s.d.loc, s.d.now())
	if s.what.memory {
		head = f.path
	}
	lines = append(lines, truncate(head, w), s.summary(w), s.coverage(w))
	body := s.bodyLines(w)
	lines = append(lines, body...)
	left := ""
	if len(s.found) > 0 {
		left = fmt.Sprintf("%d/%d", s.cursor+1, len(s.found))
	}
	if f.activity != "" {
		left += "  " + f.activity
	}
	lines = append(lines, statusRow(left, s.notice, w))
	lines = append(lines, shortHelp(t, w, hintsOf(s.d.keys, s.bindings())...))
	return strings.Join(fit(lines, w), "\n")
}

// summary says what was found and how much of the range is not stored.
func (s *searchScreen) summary(w int) string {
	t := s.d.theme
	var b strings.Builder
	switch {
	case s.fetching && s.found == nil:
		b.WriteString("searching…")
	case s.err != nil:
		return truncate(t.Error.Render(errorText(s.d, s.err)), w)
	default:
		b.WriteString(s.what.say(len(s.found), s.total, s.more))
	}
	return truncate(t.Bold.Render(b.String()), w)
}

// coverage says how much of the range the store lacks, or how a sync of
// it is going.
func (s *searchScreen) coverage(w int) string {
	t := s.d.theme
	switch {
	case s.syncing != nil:
		return truncate(t.Warn.Render(s.syncing.note()), w)
	case s.missing > 0:
		return truncate(t.Warn.Render(notStored(s.missing, s.syncer != nil, s.d.keys)), w)
	}
	if s.what.memory {
		return t.Dim.Render(truncate("kept in the local store, for you only", w))
	}
	return t.Dim.Render(truncate("the whole range is stored", w))
}

// bodyLines draws two lines a session: its row, and the matching text.
func (s *searchScreen) bodyLines(w int) []string {
	t := s.d.theme
	h := s.bodyHeight()
	out := make([]string, 0, h)
	ctx := cellCtx{now: s.d.now(), loc: s.d.loc}
	for i := s.offset; i < len(s.found) && len(out)+1 < h; i++ {
		f := s.found[i]
		row := s.row(&t, f.Session, ctx, w-2)
		snippet := "    " + markedSnippet(&t, f.Snippet)
		if f.Said {
			// Who said it, first: the bot's own words are told from the
			// customer's at a glance.
			snippet = "    " + speakerStyle(&t, f.Speaker).Render(f.Speaker.String()+":") + " " + markedSnippet(&t, f.Snippet)
		}
		if i == s.cursor {
			out = append(out, t.Selected.Render(pad("▌ "+row, w)), "▌ "+truncate(snippet, w-2))
			continue
		}
		out = append(out, "  "+row, "  "+truncate(snippet, w-2))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// row is a session's line, fitted to w: the duration goes first when
// space is short, and the user id takes what is left.
func (s *searchScreen) row(t *Theme, ss model.Session, ctx cellCtx, w int) string {
	withDur := w >= 96
	userW := w - 13 - 9 - 13 - 10
	if withDur {
		userW -= 7
	}
	userW = clamp(userW, 12, 34)
	cells := []string{pad(shortTime(ss.Start, ctx.now, ctx.loc), 12)}
	if withDur {
		cells = append(cells, padLeft(humanDuration(ss.Duration()), 6))
	}
	cells = append(cells, pad(channelCell(ss.Channel), 8), pad(safe(ss.UserID), userW),
		pad(containmentStyled(t, ss), 12), padLeft(strconv.Itoa(ss.Messages)+" msg", 9))
	return strings.Join(cells, " ")
}

// markedSnippet draws a snippet from the store, its matches highlighted.
// Each piece is sanitised apart: the markers are not text.
func markedSnippet(t *Theme, snippet string) string {
	var b strings.Builder
	for i, part := range strings.Split(snippet, source.Mark) {
		if i == 0 {
			b.WriteString(safe(part))
			continue
		}
		hit, rest, _ := strings.Cut(part, source.Unmark)
		b.WriteString(t.Highlight.Render(safe(hit)))
		b.WriteString(safe(rest))
	}
	return b.String()
}

// humanSpan words a stretch of a range: "3 days", "5 h".
func humanSpan(d time.Duration) string { return model.Span(d) }

// notStored says how much of a range the store lacks and what fills it:
// the key, or offline, konvo sync.
func notStored(missing time.Duration, canSync bool, keys KeyMap) string {
	if !canSync {
		return humanSpan(missing) + " of the range not stored (offline: konvo sync fills it)"
	}
	return humanSpan(missing) + " of the range not stored yet: " + keys.Key(SyncRange) + " syncs it"
}

// speakerStyle is the colour of a speaker's name, as the transcript uses.
func speakerStyle(t *Theme, sp model.Speaker) lipgloss.Style {
	switch sp {
	case model.SpeakerUser:
		return t.SpeakerUser
	case model.SpeakerAgent:
		return t.SpeakerAgent
	case model.SpeakerBot:
		return t.SpeakerBot
	}
	return t.SpeakerSystem
}
