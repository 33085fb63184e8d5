package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// helpScreen lists the keys of the screen the user was on, grouped, over
// it: the keys that screen declares it handles, the app's and the text
// fields'.
type helpScreen struct {
	quiet
	d             *deps
	below         screen
	width, height int
}

func (h *helpScreen) title() string    { return "keys" }
func (h *helpScreen) resize(w, ht int) { h.width, h.height = w, ht }

// capturing is true so that q closes the overlay instead of quitting.
func (h *helpScreen) capturing() bool { return true }

func (h *helpScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && h.d.keys.Is(k, Help, Back, Quit, Cancel) {
		return h.d.nav.pop()
	}
	return nil
}

func (h *helpScreen) View(f frame) string {
	t, km, w := h.d.theme, h.d.keys, h.width
	var cols [][]string
	for _, g := range km.helpFor(h.below) {
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
	lines := []string{f.path + t.Dim.Render("   ("+km.Key(Help)+" or "+km.Key(Back)+" closes)"), ""}
	lines = append(lines, packColumns(cols, perRow, colW)...)
	if len(lines) > h.height {
		lines = lines[:h.height]
	}
	return strings.Join(fit(lines, w), "\n")
}

// packColumns lays groups out in n columns, each group going to the
// shortest column so far: the help fits 80x24 with every key on it.
func packColumns(groups [][]string, n, colW int) []string {
	cols := make([][]string, n)
	for _, g := range groups {
		best := 0
		for i := range cols {
			if len(cols[i]) < len(cols[best]) {
				best = i
			}
		}
		if len(cols[best]) > 0 {
			cols[best] = append(cols[best], "")
		}
		cols[best] = append(cols[best], g...)
	}
	rows := 0
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	out := make([]string, 0, rows)
	for r := 0; r < rows; r++ {
		var b strings.Builder
		for _, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			b.WriteString(pad(truncate(cell, colW-1), colW)) // a gap, always, between columns
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}
