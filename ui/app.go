// Package ui is konvo's terminal interface: a thin app shell that owns two
// screens (the sessions list and a transcript), routes messages to them,
// and draws the help overlay. Screens render only what is visible.
package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// Model is the root Bubble Tea model.
type Model struct {
	d          *deps
	cancel     context.CancelFunc
	sessions   *sessionsScreen
	transcript *transcriptScreen
	// recent keeps the last transcripts read, newest last, so going back
	// to one is instant, costs no request, and keeps its place.
	recent   []*transcriptScreen
	help     bool
	spinner  spinner.Model
	spinning bool
	width    int
	height   int
}

// New makes the app. Nothing is fetched until the program starts it.
func New(o Options) *Model {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	parent := o.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	if o.SlowTurn <= 0 {
		o.SlowTurn = 2 * time.Second
	}
	d := &deps{ctx: ctx, src: o.Source, keys: o.Keys, theme: o.Theme, loc: o.Location, now: o.Now, title: o.Title, slowTurn: o.SlowTurn}
	return &Model{
		d: d, cancel: cancel,
		sessions: newSessionsScreen(d, o.Filter, o.From, o.To),
		spinner:  spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(o.Theme.Accent)),
		width:    80, height: 24,
	}
}

// Init starts loading the first page and the tab counts.
func (m *Model) Init() tea.Cmd {
	m.resize(m.width, m.height)
	return m.withSpinner(m.sessions.start())
}

// Update routes a message to the screen it belongs to.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return m, nil
		}
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		cmd = m.key(msg)
	case openSessionMsg:
		m.transcript = m.reopen(msg.session.ID)
		if m.transcript == nil {
			m.transcript = newTranscriptScreen(m.d, msg.session)
			m.remember(m.transcript)
		}
		m.transcript.resize(m.width, m.height)
		cmd = m.transcript.start()
	case closeTranscriptMsg:
		m.transcript = nil
	case transcriptMsg:
		switch {
		case msg.owner == m.transcript:
			cmd = m.transcript.Update(msg)
		case msg.owner != nil:
			// A page for a transcript the reader has left: keep it, but
			// fetch no further until it is on screen again.
			msg.owner.receive(msg)
		}
	case sessionsPageMsg, countMsg:
		cmd = m.sessions.Update(msg)
	case tea.MouseWheelMsg:
		if m.help {
			return m, nil
		}
		if m.transcript != nil {
			cmd = m.transcript.Update(msg)
		} else {
			cmd = m.sessions.Update(msg)
		}
	default:
		// Cursor blinks and the like belong to whichever input has focus.
		if m.transcript != nil {
			cmd = m.transcript.Update(msg)
		} else {
			cmd = m.sessions.Update(msg)
		}
	}
	return m, m.withSpinner(cmd)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.d.keys
	if k.Is(msg, ForceQuit) {
		return m.quit()
	}
	if m.help {
		if k.Is(msg, Help, Back, Quit, Cancel) {
			m.help = false
		}
		return nil
	}
	capturing := m.sessions.capturing()
	if m.transcript != nil {
		capturing = m.transcript.capturing()
	}
	if !capturing {
		switch {
		case k.Is(msg, Help):
			m.help = true
			return nil
		case k.Is(msg, Quit):
			return m.quit()
		}
	}
	if m.transcript != nil {
		return m.transcript.Update(msg)
	}
	return m.sessions.Update(msg)
}

func (m *Model) quit() tea.Cmd {
	m.sessions.stop()
	for _, t := range m.recent {
		t.stop()
	}
	m.cancel()
	return tea.Quit
}

// maxRecent is how many transcripts konvo keeps for going back to.
const maxRecent = 8

// reopen returns a kept transcript of the session, unless its last fetch
// failed (then a fresh start is the better retry).
func (m *Model) reopen(id string) *transcriptScreen {
	for i, t := range m.recent {
		if t.session.ID == id && t.err == nil {
			m.recent = append(append(m.recent[:i:i], m.recent[i+1:]...), t)
			return t
		}
	}
	return nil
}

func (m *Model) remember(t *transcriptScreen) {
	for i, old := range m.recent {
		if old.session.ID == t.session.ID {
			old.stop()
			m.recent = append(m.recent[:i:i], m.recent[i+1:]...)
			break
		}
	}
	m.recent = append(m.recent, t)
	if len(m.recent) > maxRecent {
		m.recent[0].stop()
		m.recent = m.recent[1:]
	}
}

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.sessions.width, m.sessions.height = w, h
	if l := m.sessions.list(); l != nil {
		l.move(l.cursor, m.sessions.bodyHeight())
	}
	if m.transcript != nil {
		m.transcript.resize(w, h)
	}
}

func (m *Model) busy() bool {
	return m.sessions.busy() || m.transcript != nil && m.transcript.busy()
}

// withSpinner starts the spinner when a fetch has begun; it stops itself
// once nothing is loading, so an idle konvo does no work at all.
func (m *Model) withSpinner(cmd tea.Cmd) tea.Cmd {
	if m.spinning || !m.busy() {
		return cmd
	}
	m.spinning = true
	return tea.Batch(cmd, m.spinner.Tick)
}

// activity is the status line's loading note: the spinner, and why
// requests wait when they do.
func (m *Model) activity() string {
	if !m.busy() {
		return ""
	}
	s := m.spinner.View() + " loading…"
	if why := pacingText(m.d.src.Pacing(), m.d.now()); why != "" {
		s += " " + why
	}
	return s
}

// View draws the current screen.
func (m *Model) View() tea.View {
	var content string
	switch {
	case m.help:
		content = helpView(m.d.theme, m.d.keys, m.width, m.height)
	case m.transcript != nil:
		content = m.transcript.View(m.activity())
	default:
		content = m.sessions.View(m.activity())
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "konvo"
	return v
}

// helpView lists every binding of the key map, grouped, in columns.
func helpView(t Theme, km KeyMap, w, h int) string {
	var cols [][]string
	for _, g := range km.help() {
		col := []string{t.Title.Render(g.title)}
		for _, b := range g.bindings {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			col = append(col, t.StatusKey.Render(pad(b.Help().Key, 9))+" "+b.Help().Desc)
		}
		cols = append(cols, col)
	}
	colW := 26
	perRow := max(w/colW, 1)
	var lines []string
	lines = append(lines, t.Title.Render("konvo — keys")+t.Dim.Render("   ("+km.Key(Help)+" or "+km.Key(Back)+" closes)"), "")
	for i := 0; i < len(cols); i += perRow {
		group := cols[i:min(i+perRow, len(cols))]
		rows := 0
		for _, c := range group {
			rows = max(rows, len(c))
		}
		for r := 0; r < rows; r++ {
			var b strings.Builder
			for _, c := range group {
				cell := ""
				if r < len(c) {
					cell = c[r]
				}
				b.WriteString(pad(cell, colW))
			}
			lines = append(lines, strings.TrimRight(b.String(), " "))
		}
		if i+perRow < len(cols) {
			lines = append(lines, "")
		}
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(fit(lines, w), "\n")
}
