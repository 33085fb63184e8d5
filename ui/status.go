package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// statusRow puts left and right text on one line of width w; the right
// side (errors, notices) wins space when both do not fit.
func statusRow(left, right string, w int) string {
	lw, rw := Width(left), Width(right)
	if lw+rw+1 <= w {
		return left + strings.Repeat(" ", w-lw-rw) + right
	}
	if rw >= w-10 {
		return truncate(right, w)
	}
	return truncate(left, w-rw-1) + " " + right
}

// statusNote is the status line's right side: the last error in words,
// else the latest notice.
func statusNote(d *deps, err error, notice string) string {
	t := &d.theme
	switch {
	case err != nil:
		return t.Error.Render(safe(errorText(d, err)))
	case notice != "":
		// Notes name sessions, users and files: the server's words, made
		// one safe line here, whoever wrote the note.
		return t.Warn.Render(safe(notice))
	}
	return ""
}

// orUnreadable is the notice, or when there is none and the server sent
// entries konvo could not read, how many were left out.
func orUnreadable(notice string, unreadable int) string {
	switch {
	case notice != "" || unreadable == 0:
		return notice
	case unreadable == 1:
		return "1 entry from the server could not be read and is left out"
	}
	return count(unreadable) + " entries from the server could not be read and are left out"
}

// shortHelp is a one-line list of keys and what they do, as many as fit.
func shortHelp(t Theme, w int, bindings ...key.Binding) string {
	var parts []string
	used := 0
	for _, b := range bindings {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		item := t.StatusKey.Render(b.Help().Key) + " " + t.StatusBar.Render(b.Help().Desc)
		iw := Width(b.Help().Key) + 1 + Width(b.Help().Desc)
		if used+iw+2 > w {
			break
		}
		parts = append(parts, item)
		used += iw + 2
	}
	return strings.Join(parts, "  ")
}

// tooSmall is what a screen shows when the terminal cannot hold it.
func tooSmall(w, h int) string {
	msg := "konvo: the terminal is too small"
	if w < Width(msg) {
		msg = "too small"
	}
	return truncate(msg, w)
}
