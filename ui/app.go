// Package ui is konvo's terminal interface: a thin app shell over a stack
// of screens (stack.go): the sessions list, a lookup, a user's history
// (three screens over one list component, list_screen.go), transcripts,
// search results, help. Each screen declares the keys it handles
// (bindings.go); it reads data only through api/source, in commands, and
// renders only what is visible.
package ui

import (
	"context"
	"os"
	"slices"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/model"
)

// FrameRate is the most frames a second konvo draws. Bubble Tea's
// renderer wakes at this rate whether or not anything changed (v2.1.1
// has no on-demand mode), so it is konvo's whole idle cost: 30 is half
// the library's default, still under a key press's echo over SSH, and
// halves the wake-ups of every engineer's idle session under serve.
const FrameRate = 30

// Model is the root Bubble Tea model: a stack of screens, the sessions
// list at the bottom.
type Model struct {
	d      *deps
	cancel context.CancelFunc
	stack  []screen
	// recent keeps transcripts read for going back to (recent.go).
	recent   recentTranscripts
	spinner  spinner.Model
	spinning bool
	// watch is set when the host gave a context that can end the app.
	watch bool
	// session is the --session id to open first; view the view.
	session, view string
	// resume is the list as left last time (Options.Resume).
	resume  *model.View
	noMouse bool
	width   int
	height  int
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
	m := &Model{
		cancel:  cancel,
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(o.Theme.Accent)),
		width:   80, height: 24,
	}
	m.watch, m.session, m.view, m.noMouse = o.Context != nil, o.Session, o.View, o.NoMouse
	m.resume = o.Resume
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	views := slices.Clone(o.Views) // this app's own: nothing mutable is shared
	if views == nil {
		views = model.BuiltinViews()
	}
	m.d = &deps{ctx: ctx, nav: m, getenv: o.Getenv, remote: o.Remote, onEvent: o.Audit, badge: o.Badge, views: &viewSet{list: views, save: o.SaveView, remove: o.DeleteView}, src: o.Source, keys: o.Keys, theme: o.Theme, loc: o.Location, now: o.Now, title: o.Title, slowTurn: o.SlowTurn, owner: o.Owner, mayUnmask: o.MayUnmask}
	m.stack = []screen{newSessionsScreen(m.d, o.Filter, o.From, o.To)}
	return m
}

// Init starts loading the first page and the tab counts.
func (m *Model) Init() tea.Cmd {
	m.resize(m.width, m.height)
	recall := m.d.recall()
	if m.session != "" {
		return tea.Batch(m.withSpinner(m.startAtSession()), m.watchContext(), recall)
	}
	if v, ok := m.d.views.find(m.view); ok && m.view != "" {
		return tea.Batch(m.withSpinner(m.showView(v)), m.watchContext(), recall)
	}
	if r := m.resume; r != nil {
		// The list as it was left: its filter and tab, not named a view.
		base := m.stack[0].(*sessionsScreen)
		cmd := base.applyView(*r)
		base.view = ""
		return tea.Batch(m.withSpinner(cmd), m.watchContext(), recall)
	}
	return tea.Batch(m.withSpinner(m.top().start()), m.watchContext(), recall)
}

// startAtSession looks the --session id up, whatever its age, and opens
// it; the list below it shows that session's day. The list is asked for
// only then, or when the user goes back to it.
func (m *Model) startAtSession() tea.Cmd {
	base := m.stack[0].(*sessionsScreen)
	lk := newLookupScreen(m.d, []string{m.session}, base.filter.Range)
	lk.found = func(sess model.Session) tea.Cmd {
		base.showDay(sess.Start)
		base.selectID = sess.ID
		return base.start()
	}
	return m.push(lk)
}

// Update routes a message: keys and input to the top screen, fetch
// results to the screen that asked for them.
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
	case contextDoneMsg:
		return m, m.quit()
	case recalledMsg:
		m.d.stars, m.d.commands = msg.stars, msg.commands
		return m, nil
	case tea.KeyPressMsg:
		cmd = m.key(msg)
	case owned:
		cmd = m.route(msg)
	default:
		// Wheel scrolls, cursor blinks and the like belong to the screen
		// on top.
		cmd = m.top().Update(msg)
	}
	return m, m.withSpinner(cmd)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.d.keys
	if k.Is(msg, ForceQuit) {
		return m.quit()
	}
	if !m.top().capturing() {
		switch {
		case k.Is(msg, Help):
			return m.push(&helpScreen{d: m.d, below: m.top()})
		case k.Is(msg, Quit):
			return m.quit()
		}
	}
	return m.top().Update(msg)
}

func (m *Model) quit() tea.Cmd {
	for _, s := range m.stack {
		s.stop()
	}
	m.recent.stop()
	m.cancel()
	return tea.Quit
}

// resize sizes every screen on the stack, so going back shows the one
// below at the terminal's size.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	for _, s := range m.stack {
		s.resize(w, h)
	}
}

func (m *Model) busy() bool {
	for _, s := range m.stack {
		if s.busy() {
			return true
		}
	}
	return false
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
	if why := api.WaitNote(m.d.src.Pacing(), m.d.now()); why != "" {
		s += " " + why
		if m.d.remote {
			// Over konvo serve the budget is the team's: say why a wait
			// may come from someone else's action.
			s += " (the team shares the bot's budget)"
		}
	}
	return s
}

// View draws the screen on top.
func (m *Model) View() tea.View {
	v := tea.NewView(m.top().View(frame{path: m.path(), activity: m.activity()}))
	v.AltScreen = true
	if !m.noMouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = "konvo"
	return v
}

// contextDoneMsg says the app's context ended: the host (an SSH session,
// a server shutting down) wants the app gone.
type contextDoneMsg struct{}

// watchContext waits for the app's context to end. It ends with the app
// too, since quitting cancels it.
func (m *Model) watchContext() tea.Cmd {
	if !m.watch {
		return nil
	}
	ctx := m.d.ctx
	return func() tea.Msg {
		<-ctx.Done()
		return contextDoneMsg{}
	}
}
