package ui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// insightsScreen answers "what is going wrong this week?" from the store:
// sessions per day by containment, the rates, where users drop off, the
// failed tasks, what the bot did not understand, voice turns, channels
// and languages. Every row with a number opens the sessions behind it,
// each at the message that made it count; esc comes back to the same row.
type insightsScreen struct {
	d      *deps
	src    source.Insighter
	syncer source.RangeSyncer
	filter model.Filter

	stats    model.Stats
	missing  time.Duration
	gaps     []model.Range // the parts of the range not stored
	loaded   bool
	fetching bool
	err      error
	gen      int
	cancel   context.CancelFunc
	syncing  *syncProgress

	// rows are the screen's lines, rebuilt on load and resize; cursor is
	// an index into rows, always on one that drills down.
	rows          []insightRow
	cursor, top   int
	flash         flash
	width, height int
}

// insightRow is one line of the screen; drill, when set, names the
// sessions behind it.
type insightRow struct {
	text  string // styled, fitted to the width
	drill *source.Drill
	// title words the drill-down's screen and its rows' note.
	title, note string
}

// insightsMsg carries the store's counts.
type insightsMsg struct {
	to   *insightsScreen
	gen  int
	data model.InsightData
	gaps []model.Range
	err  error
}

func (m insightsMsg) owner() screen { return m.to }

func newInsightsScreen(d *deps, src source.Insighter, f model.Filter) *insightsScreen {
	s := &insightsScreen{d: d, src: src, filter: f}
	s.syncer, _ = src.(source.RangeSyncer)
	return s
}

func (s *insightsScreen) title() string      { return "insights" }
func (s *insightsScreen) helpTitle() string  { return "Insights" }
func (s *insightsScreen) capturing() bool    { return false }
func (s *insightsScreen) busy() bool         { return s.fetching || s.syncing != nil }
func (s *insightsScreen) showFlash(n string) { s.flash.set(n) }

func (s *insightsScreen) resize(w, h int) {
	s.width, s.height = w, h
	s.build()
}

func (s *insightsScreen) stop() {
	if s.cancel != nil {
		s.cancel()
	}
}

// start counts the filter in the store: a local read, in a command.
func (s *insightsScreen) start() tea.Cmd {
	s.stop()
	s.gen++
	s.fetching = true
	ctx, cancel := context.WithCancel(s.d.ctx)
	s.cancel = cancel
	gen, f, src := s.gen, s.filter, s.src
	return func() tea.Msg {
		defer cancel()
		d, gaps, err := src.Insights(ctx, f)
		return insightsMsg{to: s, gen: gen, data: d, gaps: gaps, err: err}
	}
}

func (s *insightsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case insightsMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.fetching, s.loaded, s.err, s.gaps = false, true, msg.err, msg.gaps
		s.missing = 0
		for _, g := range msg.gaps {
			s.missing += g.To.Sub(g.From)
		}
		s.stats = model.Summarize(msg.data, s.filter.Range, s.d.loc, s.d.slowTurn)
		s.build()
	case syncedRangeMsg:
		s.syncing = nil
		if msg.err != nil {
			s.flash.set(errorText(s.d, msg.err))
			return nil
		}
		s.flash.set("synced the range")
		return s.start()
	case tea.KeyPressMsg:
		s.flash.clear()
		cmd, _ := dispatch(s.d.keys, msg, s.bindings())
		return cmd
	}
	return nil
}

func (s *insightsScreen) bindings() []binding {
	h := s.bodyHeight()
	move := func(n func() int) func() tea.Cmd { return func() tea.Cmd { s.moveTo(n()); return nil } }
	bs := []binding{
		{action: Open, hint: 1, do: s.open},
		{action: Back, hint: 2, do: func() tea.Cmd { return s.d.nav.pop() }},
		{action: Down, do: move(func() int { return s.next(s.cursor, 1) })},
		{action: Up, do: move(func() int { return s.next(s.cursor, -1) })},
		{action: PageDown, do: move(func() int { return s.next(min(s.cursor+h, len(s.rows)-1), -1) })},
		{action: HalfDown, do: move(func() int { return s.next(min(s.cursor+h/2, len(s.rows)-1), -1) })},
		{action: PageUp, do: move(func() int { return s.next(max(s.cursor-h, 0), 1) })},
		{action: HalfUp, do: move(func() int { return s.next(max(s.cursor-h/2, 0), 1) })},
		{action: Top, do: move(func() int { return s.next(-1, 1) })},
		{action: Bottom, do: move(func() int { return s.next(len(s.rows), -1) })},
		{action: Refresh, hint: 4, do: s.start},
		{action: Help, hint: 5},
		{action: Quit},
	}
	if s.missing > 0 && s.syncer != nil && s.syncing == nil {
		bs = append(bs, binding{action: SyncRange, hint: 3, do: s.sync})
	}
	return bs
}

// next is the first row after (dir 1) or before (dir -1) i that drills
// down; i itself when none is.
func (s *insightsScreen) next(i, dir int) int {
	for j := i + dir; j >= 0 && j < len(s.rows); j += dir {
		if s.rows[j].drill != nil {
			return j
		}
	}
	if i >= 0 && i < len(s.rows) && s.rows[i].drill != nil {
		return i
	}
	return s.cursor
}

func (s *insightsScreen) moveTo(i int) {
	s.cursor = clamp(i, 0, max(len(s.rows)-1, 0))
	h := s.bodyHeight()
	if s.cursor < s.top {
		s.top = s.cursor
	}
	if s.cursor >= s.top+h {
		s.top = s.cursor - h + 1
	}
	s.top = clamp(s.top, 0, max(len(s.rows)-h, 0))
}

// open lists the sessions behind the selected row.
func (s *insightsScreen) open() tea.Cmd {
	if s.cursor >= len(s.rows) || s.rows[s.cursor].drill == nil {
		return nil
	}
	r := s.rows[s.cursor]
	return s.d.nav.push(newDrillScreen(s.d, s.src, s.filter, *r.drill, r.title, r.note))
}

// sync stores what the range lacks, then counts again.
func (s *insightsScreen) sync() tea.Cmd {
	cmd, p := syncRange(s.d.ctx, s.syncer, s.filter.Range, s)
	s.syncing = p
	return cmd
}

// newDrillScreen lists the sessions behind a figure, each opening at the
// message that made it count.
func newDrillScreen(d *deps, src source.Insighter, f model.Filter, dr source.Drill, title, note string) *searchScreen {
	return &searchScreen{d: d, filter: f, what: finding{
		title: title,
		find: func(ctx context.Context) (source.Searched, error) {
			got, err := src.Drilled(ctx, f, dr)
			for i := range got.Found {
				got.Found[i].Snippet = note
			}
			return got, err
		},
		say: func(n, _ int, _ bool) string {
			if n >= source.MaxFound {
				return fmt.Sprintf("the newest %d sessions of %s", n, title)
			}
			return model.Quantity(n, "session", "sessions") + ": " + title
		},
	}}
}
