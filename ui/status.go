package ui

import (
	"strings"

	"konvo/model"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
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

// statusLines lays out the status line and the line under it: on the
// first, left (the position first, which always shows) and the note on
// the right; a note too long for the room beside left wraps onto the
// second line, in place of the key hints, until it goes at the next key.
// The note is plain text, styled here after wrapping so no style is cut.
// typing keeps the second line for the text being typed: the note is cut.
func statusLines(left, note string, st lipgloss.Style, hints string, typing bool, w int) (string, string) {
	if note == "" {
		return truncate(left, w), hints
	}
	lw, nw := Width(left), Width(note)
	if lw+nw+1 <= w {
		return left + strings.Repeat(" ", w-lw-nw) + st.Render(note), hints
	}
	// The position keeps at least half the line; what follows it
	// (counts, the spinner) gives way first.
	if lw > w/2 {
		left = truncate(left, w/2)
		lw = Width(left)
	}
	room := max(w-lw-1, 1)
	parts := wrap(note, room)
	first := parts[0]
	rest := strings.TrimSpace(strings.TrimPrefix(note, first))
	top := left + strings.Repeat(" ", max(w-lw-Width(first), 1)) + st.Render(first)
	if rest == "" || typing {
		return truncate(top, w), hints
	}
	return truncate(top, w), st.Render(truncate(rest, w))
}

// statusNote is the status line's note: the last error in words, else
// the latest notice, as one safe line of plain text and its style.
func statusNote(d *deps, err error, notice string) (string, lipgloss.Style) {
	t := &d.theme
	switch {
	case err != nil:
		return model.Line(safe(errorText(d, err))), t.Error
	case notice != "":
		// Notes name sessions, users and files: the server's words, made
		// one safe line here, whoever wrote the note.
		return model.Line(safe(notice)), t.Warn
	}
	return "", t.Warn
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
