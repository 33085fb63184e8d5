package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// screen is one view on the app's stack: the sessions list, a lookup, a
// transcript, the help overlay, and whatever comes next. The app routes
// keys to the top screen, fetch results to the screen that asked, and
// draws the top screen with the path that led to it.
// quiet is the hooks of a screen that fetches nothing (help, a prompt,
// the views list): embed it rather than type them again.
type quiet struct{}

func (quiet) start() tea.Cmd { return nil }
func (quiet) stop()          {}
func (quiet) busy() bool     { return false }

type screen interface {
	Update(tea.Msg) tea.Cmd
	// View draws exactly the screen's size; f carries what the app adds
	// (the breadcrumb, the loading note).
	View(f frame) string
	resize(w, h int)
	// capturing reports whether typed keys go to a text field, so the
	// app's own keys (q, ?) must not be taken from it.
	capturing() bool
	// start begins or resumes the screen's fetches; stop cancels them.
	start() tea.Cmd
	stop()
	busy() bool
	// title names the screen in the breadcrumb.
	title() string
}

// frame is what the app hands a screen to draw with.
type frame struct {
	// path is the rendered breadcrumb, ending with this screen's title.
	path string
	// activity is the loading note: the spinner, and why requests wait.
	activity string
}

// navigator is how a screen opens another or leaves itself. It acts in
// the Update that handled the key, so no key can land on the screen
// below in between.
type navigator interface {
	// push puts s on top, sized, and starts it.
	push(s screen) tea.Cmd
	// pop leaves the top screen; the one below is exactly as it was.
	pop() tea.Cmd
	// openTranscript pushes a session's transcript, reusing a kept one,
	// and returns it.
	openTranscript(model.Session) (*transcriptScreen, tea.Cmd)
	// showView puts a view on the list at the bottom.
	showView(model.View) tea.Cmd
	// quit ends the app.
	quit() tea.Cmd
}

// owned is a fetch result addressed to the screen that asked for it. The
// app delivers it there, wherever that screen is on the stack, and drops
// it when that screen is gone.
type owned interface{ owner() screen }

func (m sessionsPageMsg) owner() screen { return m.to }
func (m countMsg) owner() screen        { return m.to }
func (m transcriptMsg) owner() screen   { return m.to }

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

func (m *Model) push(s screen) tea.Cmd {
	m.stack = append(m.stack, s)
	s.resize(m.width, m.height)
	return s.start()
}

func (m *Model) pop() tea.Cmd {
	if len(m.stack) == 1 {
		return nil // the base list stays; q quits
	}
	s := m.top()
	m.stack[len(m.stack)-1] = nil
	m.stack = m.stack[:len(m.stack)-1]
	if !m.recent.keeps(s) {
		s.stop()
	}
	// The screen below may have been resized while covered.
	m.top().resize(m.width, m.height)
	if r, ok := m.top().(interface{ resume() tea.Cmd }); ok {
		return r.resume()
	}
	return nil
}

func (m *Model) openTranscript(sess model.Session) (*transcriptScreen, tea.Cmd) {
	m.d.audit(Event{Action: "open", Session: sess.ID})
	t := m.recent.get(sess.ID)
	if t == nil {
		t = newTranscriptScreen(m.d, sess)
		m.recent.add(t)
	}
	// Read, for :recent, also after a restart.
	return t, tea.Batch(m.push(t), m.d.remember(memRecent, sess.ID, memoOf(sess, "")))
}

// route delivers a fetch result to its screen: on the stack, it updates
// as usual; a kept transcript off the stack takes the page but fetches
// no further until it is shown again; anything else is gone.
func (m *Model) route(msg owned) tea.Cmd {
	to := msg.owner()
	for _, s := range m.stack {
		if s == to {
			return s.Update(msg)
		}
	}
	if t, ok := msg.(transcriptMsg); ok && m.recent.keeps(t.to) {
		t.to.receive(t)
	}
	return nil
}

// crumbWidth bounds an ancestor's part of the breadcrumb; the screen on
// top is named in full.
const crumbWidth = 18

// path renders the breadcrumb: konvo › drop-offs › session 6b03…
func (m *Model) path() string {
	t := m.d.theme
	sep := t.Dim.Render(" › ")
	parts := []string{t.Title.Render("konvo")}
	for i, s := range m.stack {
		title := s.title()
		if i < len(m.stack)-1 {
			title = truncate(title, crumbWidth)
		}
		parts = append(parts, title)
	}
	return strings.Join(parts, sep)
}
