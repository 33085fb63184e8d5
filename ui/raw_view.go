package ui

import (
	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// rawView is the scrollable overlay of a message's JSON as the server
// sent it, indented and sanitised.
type rawView struct {
	id     string
	raw    []byte // as the server sent it, for copying
	text   []string
	offset int
	height int
}

// newRawView opens the view; copyKey names the copy key in the note on a
// view too long to hold.
func newRawView(m model.Message, height int, copyKey string) *rawView {
	lines, cut := jsonLines(m.Raw, rawMaxLines)
	for i, l := range lines {
		lines[i] = safe(l)
	}
	if cut {
		lines = append(lines, "… cut here: the message is longer than the view holds ("+copyKey+" copies all of it)")
	}
	return &rawView{id: m.ID, raw: m.Raw, text: lines, height: height}
}

func (r *rawView) key(k KeyMap, msg tea.KeyPressMsg) {
	h := max(r.height-1, 1)
	switch {
	case k.Is(msg, Down):
		r.offset++
	case k.Is(msg, Up):
		r.offset--
	case k.Is(msg, PageDown), k.Is(msg, HalfDown):
		r.offset += h / 2
	case k.Is(msg, PageUp), k.Is(msg, HalfUp):
		r.offset -= h / 2
	case k.Is(msg, Top):
		r.offset = 0
	case k.Is(msg, Bottom):
		r.offset = len(r.text)
	}
	r.offset = clamp(r.offset, 0, max(len(r.text)-h, 0))
}

// lines draws the overlay: a title line and h-1 lines of JSON, long lines
// cut with a marker (the full text is one copy away).
func (r *rawView) lines(t *Theme, w, h int) []string {
	out := []string{t.Title.Render(truncate("raw JSON of "+safe(r.id), w))}
	for i := r.offset; i < len(r.text) && len(out) < h; i++ {
		out = append(out, t.Code.Render(truncate(r.text[i], w)))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}
