package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"konvo/api/export"
)

// saveScreen asks for a file name over the screen below and writes what
// that screen offers: the format follows the extension. A file that
// exists is overwritten only when asked twice; a failure keeps the
// prompt open with the reason, so nothing is lost.
type saveScreen struct {
	d     *deps
	below screen
	input textinput.Model
	// render makes the file's content for an extension; ok is false for
	// an extension it does not write.
	render func(ext string) (data []byte, what string, ok bool)
	exts   string // the extensions offered, for the prompt
	// confirm is a path that exists and that enter again overwrites.
	confirm string
	note    string
	done    func(note string) // tells the screen below what was written

	width, height int
}

// flasher is a screen that can show a note about the last action.
type flasher interface{ showFlash(string) }

func newSaveScreen(d *deps, below screen, name, exts string, render func(string) ([]byte, string, bool)) *saveScreen {
	in := newInput()
	in.Prompt = "save as: "
	in.CharLimit = 4096
	in.SetValue(name)
	in.CursorEnd()
	s := &saveScreen{d: d, below: below, input: in, render: render, exts: exts}
	if f, ok := below.(flasher); ok {
		s.done = f.showFlash
	}
	return s
}

func (s *saveScreen) title() string   { return "save" }
func (s *saveScreen) capturing() bool { return true }
func (s *saveScreen) busy() bool      { return false }
func (s *saveScreen) stop()           {}
func (s *saveScreen) start() tea.Cmd  { return s.input.Focus() }

func (s *saveScreen) resize(w, h int) {
	s.width, s.height = w, h
	s.input.SetWidth(max(w-12, 10))
	s.below.resize(w, h)
}

func (s *saveScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	switch {
	case s.d.keys.Is(k, Cancel):
		return s.d.nav.pop()
	case s.d.keys.Is(k, Accept):
		return s.save()
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(k)
	s.confirm, s.note = "", ""
	return cmd
}

// save writes the file, or says why not.
func (s *saveScreen) save() tea.Cmd {
	path := strings.TrimSpace(s.input.Value())
	if path == "" {
		return nil
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	data, what, ok := s.render(strings.ToLower(filepath.Ext(path)))
	if !ok {
		s.note = "konvo writes " + s.exts + ": name the file with one of those"
		return nil
	}
	if st, err := os.Stat(path); err == nil && s.confirm != path {
		if st.IsDir() {
			s.note = path + " is a directory"
			return nil
		}
		s.confirm = path
		s.note = path + " exists: " + s.d.keys.Key(Accept) + " again overwrites it, " + s.d.keys.Key(Cancel) + " keeps it"
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		s.note = err.Error()
		return nil
	}
	if err := export.WriteFile(path, data); err != nil {
		s.note = "not written: " + err.Error()
		return nil
	}
	s.d.audit(Event{Action: "export", What: what + " to " + path, Bytes: len(data)})
	cmd := s.d.nav.pop()
	if s.done != nil {
		s.done(fmt.Sprintf("wrote %s to %s (%s)", what, path, humanSize(len(data))))
	}
	return cmd
}

// View is the screen below with the prompt in place of its last lines.
func (s *saveScreen) View(f frame) string {
	lines := strings.Split(s.below.View(f), "\n")
	if len(lines) < 2 {
		return s.input.View()
	}
	t := s.d.theme
	note := s.note
	if note == "" {
		note = "writes " + s.exts + " · " + s.d.keys.Key(Accept) + " saves · " + s.d.keys.Key(Cancel) + " cancels"
	}
	lines[len(lines)-2] = truncate(t.Warn.Render(safe(note)), s.width)
	lines[len(lines)-1] = s.input.View()
	return strings.Join(fit(lines, s.width), "\n")
}
