package ui

import (
	"strings"

	"konvo/model"
)

// renderChoice draws a template the user picks from: the question, how
// many may be picked, each option with a box (check box for several, a
// radio button for one), its value when it differs from its label, its
// description, options grouped under their collection's title, and the
// buttons.
func renderChoice(t *Theme, p model.Choice, w int) []string {
	out := headingLines(t, p.Heading, p.Description, w)
	mark, note := "○ ", "(pick one)"
	if p.Multi {
		mark, note = "☐ ", "(pick any)"
	}
	out = append(out, t.Dim.Render(note))
	for _, g := range p.Groups {
		indent := ""
		if g.Title != "" {
			out = append(out, t.Bold.Render(truncate("▸ "+safe(g.Title), w)))
			indent = "  "
		}
		for _, o := range g.Options {
			value := o.Value
			if strings.EqualFold(strings.TrimSpace(value), strings.TrimSpace(o.Title)) {
				value = ""
			}
			for _, l := range titleWithValue(t, mark, o.Title, value, w-len(indent)) {
				out = append(out, indent+l)
			}
			if o.Subtitle != "" {
				out = append(out, wrapIndented(t.Muted, safeBlock(o.Subtitle), w, indent+"  ")...)
			}
			if o.ImageURL != "" {
				out = append(out, wrapIndented(t.Dim, "▣ "+link(o.ImageURL), w, indent+"  ")...)
			}
		}
	}
	if len(p.Buttons) > 0 {
		out = append(out, buttonBoxes(t, p.Buttons, w)...)
	}
	return out
}

// renderEvent draws an event line (the SYSTEM template) centred in a rule,
// the way the web client shows "an agent joined".
func renderEvent(t *Theme, p model.Event, w int) []string {
	var out []string
	for _, l := range wrap(safeBlock(p.Text), max(w-4, 1)) {
		out = append(out, divider(t.SpeakerSystem, "─", l, w))
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty event)")}
	}
	return out
}

// headingLines are a template's heading, bold, and its description under
// it, muted, each wrapped.
func headingLines(t *Theme, heading, desc string, w int) []string {
	var out []string
	if heading != "" {
		for _, l := range wrap(safe(heading), w) {
			out = append(out, t.Bold.Render(l))
		}
	}
	return append(out, mutedLines(t, w, "", desc)...)
}

// mutedLines wraps each non-empty text, muted, under an indent.
func mutedLines(t *Theme, w int, indent string, texts ...string) []string {
	var out []string
	for _, s := range texts {
		if s != "" {
			out = append(out, wrapIndented(t.Muted, safeBlock(s), w, indent)...)
		}
	}
	return out
}

// link shows an address: inline data (a data: URI, a base64 icon) is no
// address a reader can use, and is named, not printed.
func link(u string) string {
	if len(u) >= 5 && strings.EqualFold(u[:5], "data:") {
		kind, _, _ := strings.Cut(u[5:], ";")
		kind, _, _ = strings.Cut(kind, ",")
		if kind == "" {
			kind = "data"
		}
		return "(inline " + safe(truncate(kind, 24)) + ")"
	}
	return safe(u)
}
