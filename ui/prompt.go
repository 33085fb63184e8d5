package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// promptScreen asks for one line over the screen below; accept acts on
// it and returns the note to show below, or an error that keeps the
// prompt open with the reason.
type promptScreen struct {
	quiet
	d      *deps
	below  screen
	input  textinput.Model
	accept func(string) (string, error)
	note   string // why the last enter did not go through
	hint   string // shown until then
	label  string // in the breadcrumb; the prompt's words when empty
	width  int
	// allowEmpty lets enter on an empty field through (an optional note);
	// after, when set, runs once the answer is accepted (a write, in a
	// command).
	allowEmpty bool
	after      func(string) tea.Cmd
}

// flasher is a screen that can show a note about the last action.
type flasher interface{ showFlash(string) }

func newPrompt(d *deps, below screen, prompt, value string, accept func(string) (string, error)) *promptScreen {
	in := newInput()
	in.Prompt = prompt
	in.CharLimit = 200
	in.SetValue(value)
	in.CursorEnd()
	return &promptScreen{d: d, below: below, input: in, accept: accept}
}

func (p *promptScreen) title() string {
	return strings.TrimSuffix(strings.TrimSpace(p.input.Prompt), ":")
}
func (p *promptScreen) capturing() bool { return true }
func (p *promptScreen) start() tea.Cmd  { return p.input.Focus() }

func (p *promptScreen) resize(w, h int) {
	p.width = w
	p.input.SetWidth(max(w-len(p.input.Prompt)-2, 10))
	p.below.resize(w, h)
}

func (p *promptScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && p.d.keys.Is(k, Cancel):
		return p.d.nav.pop()
	case ok && p.d.keys.Is(k, Accept):
		value := strings.TrimSpace(p.input.Value())
		if value == "" {
			value = p.input.Placeholder // what the field offered
		}
		if value == "" && !p.allowEmpty {
			return nil
		}
		note, err := p.accept(value)
		if err != nil {
			p.note = err.Error()
			return nil
		}
		cmd := p.d.nav.pop()
		if f, ok := p.below.(flasher); ok {
			f.showFlash(note)
		}
		if p.after != nil {
			cmd = tea.Batch(cmd, p.after(value))
		}
		return cmd
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if ok {
		p.note = "" // the answer changed: the last reason no longer holds
	}
	return cmd
}

// View is the screen below with the prompt on its last line.
func (p *promptScreen) View(f frame) string {
	lines := strings.Split(p.below.View(f), "\n")
	if len(lines) < 2 {
		return p.input.View()
	}
	switch {
	case p.note != "":
		lines[len(lines)-2] = truncate(p.d.theme.Error.Render(safe(p.note)), p.width)
	case p.hint != "":
		lines[len(lines)-2] = truncate(p.d.theme.Warn.Render(safe(p.hint)), p.width)
	}
	lines[len(lines)-1] = p.input.View()
	return strings.Join(fit(lines, p.width), "\n")
}
