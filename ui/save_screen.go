package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api/export"
)

// render makes a file's content for an extension: the bytes and what
// they are, or ok false for an extension it does not write.
type render func(ext string) (data []byte, what string, ok bool)

// offerFile gives the user what a screen offers as a file. Locally it
// asks for the file's name (the extension chooses the format); over
// konvo serve, where nothing may be written on the server, it copies the
// content (as name's format) to the engineer's clipboard instead.
// session names the conversation exported, for the audit log, when it is one.
func offerFile(d *deps, below screen, session, name, exts string, r render) tea.Cmd {
	if d.remote {
		ext := strings.ToLower(filepath.Ext(name))
		data, what, _ := r(ext)
		d.audit(Event{Action: "export", Session: session, What: what, Bytes: len(data)})
		cmd, note := clip(d, session, what+" (as "+formatName(ext)+")", string(data))
		if f, ok := below.(flasher); ok {
			f.showFlash(note)
		}
		return cmd
	}
	return d.nav.push(newSaveScreen(d, below, session, name, exts, r))
}

// formatName words the format of an extension.
func formatName(ext string) string {
	switch ext {
	case ".md":
		return "Markdown"
	case ".csv":
		return "CSV"
	case ".jsonl":
		return "JSON Lines"
	}
	return strings.TrimPrefix(ext, ".")
}

// newSaveScreen asks for a file name and writes the file whole (a
// temporary file, then a rename; mode 0600). A file that exists is
// replaced only when asked twice; a failure keeps the prompt open with
// the reason, so nothing is lost.
func newSaveScreen(d *deps, below screen, session, name, exts string, r render) *promptScreen {
	var confirm string // a path that exists and that enter again replaces
	p := newPrompt(d, below, "save as: ", name, func(value string) (string, error) {
		path := value
		if strings.HasPrefix(path, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				path = filepath.Join(home, path[2:])
			}
		}
		data, what, ok := r(strings.ToLower(filepath.Ext(path)))
		if !ok {
			return "", fmt.Errorf("konvo writes %s: name the file with one of those", exts)
		}
		st, err := os.Stat(path)
		switch {
		case err == nil && st.IsDir():
			return "", fmt.Errorf("%s is a directory", path)
		case err == nil && confirm != path:
			confirm = path
			return "", fmt.Errorf("%s exists: %s again overwrites it, %s keeps it", path, d.keys.Key(Accept), d.keys.Key(Cancel))
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return "", err
		}
		if err := export.WriteFile(path, data); err != nil {
			return "", fmt.Errorf("not written: %w", err)
		}
		d.audit(Event{Action: "export", Session: session, What: what + " to " + path, Bytes: len(data)})
		return fmt.Sprintf("wrote %s to %s (%s)", what, path, humanSize(len(data))), nil
	})
	p.input.CharLimit = 4096
	p.label = "save"
	p.hint = "writes " + exts + " · " + d.keys.Key(Accept) + " saves · " + d.keys.Key(Cancel) + " cancels"
	return p
}
