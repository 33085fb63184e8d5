package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"konvo/model"
)

func renderButtons(t *Theme, p model.ButtonTemplate, w int) []string {
	var out []string
	if p.Text != "" {
		out = wrap(safeBlock(p.Text), w)
	}
	return append(out, buttonBoxes(t, p.Buttons, w)...)
}

// renderQuickReplies puts the replies as chips on one line, wrapping.
func renderQuickReplies(t *Theme, p model.QuickReplies, w int) []string {
	var out []string
	if p.Text != "" {
		out = wrap(safeBlock(p.Text), w)
	}
	var line strings.Builder
	used := 0
	for _, r := range p.Replies {
		title := safe(r.Title)
		if title == "" {
			title = safe(r.Payload)
		}
		chip := "‹ " + truncate(title, max(w-4, 1)) + " ›"
		cw := Width(chip)
		if used > 0 && used+1+cw > w {
			out = append(out, line.String())
			line.Reset()
			used = 0
		}
		if used > 0 {
			line.WriteByte(' ')
			used++
		}
		line.WriteString(t.Chip.Render(chip))
		used += cw
	}
	if used > 0 {
		out = append(out, line.String())
	}
	return out
}

// renderList draws the list family: a heading and text, items with a
// title, a subtitle, a value on the right, detail lines, options and
// buttons, then titled sections of items, then the list's buttons.
func renderList(t *Theme, p model.List, w int) []string {
	var out []string
	if p.Heading != "" || p.Note != "" {
		out = titleWithValue(t, "", p.Heading, p.Note, w)
	}
	if p.Text != "" {
		out = append(out, wrap(safeBlock(p.Text), w)...)
	}
	out = append(out, itemsLines(t, p.Items, w)...)
	for _, sec := range p.Sections {
		out = append(out, sectionLines(t, sec, w)...)
	}
	if len(p.Buttons) > 0 {
		out = append(out, buttonBoxes(t, p.Buttons, w)...)
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty " + safe(p.Template) + ")")}
	}
	return out
}

// itemsLines draws items one under another, a dotted rule between them.
func itemsLines(t *Theme, items []model.ListItem, w int) []string {
	var out []string
	for i, it := range items {
		if i > 0 {
			out = append(out, t.Border.Render(strings.Repeat("┄", min(w, 40))))
		}
		out = append(out, itemLines(t, it, w)...)
	}
	return out
}

// titleWithValue draws a title after a marker, wrapped, with a value at
// the right of its first line.
func titleWithValue(t *Theme, marker, title, value string, w int) []string {
	value = safe(value)
	titleW := w - Width(marker)
	if value != "" {
		titleW = max(w-Width(marker)-Width(value)-1, 4)
	}
	var out []string
	lines := wrap(safe(title), titleW)
	if len(lines) == 0 && value != "" {
		lines = []string{""}
	}
	for j, l := range lines {
		prefix := strings.Repeat(" ", Width(marker))
		if j == 0 {
			prefix = marker
		}
		line := prefix + t.Bold.Render(l)
		if j == 0 && value != "" {
			line = prefix + t.Bold.Render(pad(l, titleW)) + " " + t.Accent.Render(value)
		}
		out = append(out, line)
	}
	return out
}

func itemLines(t *Theme, it model.ListItem, w int) []string {
	out := titleWithValue(t, "• ", it.Title, it.Value, w)
	out = append(out, mutedLines(t, w, "  ", append([]string{it.Subtitle}, it.Details...)...)...)
	for _, o := range it.Options {
		out = append(out, hanging(lipgloss.NewStyle(), "  ", optionMark(o.Kind)+" ", safe(o.Title), w)...)
	}
	if it.URL != "" {
		out = append(out, wrapIndented(t.Dim, "↗ "+link(it.URL), w, "  ")...)
	}
	if it.ImageURL != "" {
		out = append(out, wrapIndented(t.Dim, "▣ "+link(it.ImageURL), w, "  ")...)
	}
	if len(it.Buttons) > 0 {
		for _, l := range buttonBoxes(t, it.Buttons, w-2) {
			out = append(out, "  "+l)
		}
	}
	return out
}

// optionMark is the box drawn before an option: a check box, or a radio
// button for one-of choices.
func optionMark(kind string) string {
	if strings.EqualFold(kind, "radio") {
		return "○"
	}
	return "☐"
}

// sectionLines draws a titled group of items, its items indented.
func sectionLines(t *Theme, sec model.ListSection, w int) []string {
	out := titleWithValue(t, "▸ ", sec.Title, sec.Value, w)
	out = append(out, mutedLines(t, w, "  ", append([]string{sec.Subtitle}, sec.Details...)...)...)
	for _, l := range itemsLines(t, sec.Items, w-2) {
		out = append(out, "  "+l)
	}
	return out
}

// minCardWidth is the narrowest a carousel card may be side by side.
const minCardWidth = 24

// renderCarousel puts cards side by side when the width allows, stacked
// otherwise, each marked "card N of M".
func renderCarousel(t *Theme, p model.Carousel, w int) []string {
	n := len(p.Cards)
	if n == 0 {
		return []string{t.Dim.Render("(empty carousel)")}
	}
	perRow := clamp((w+1)/(minCardWidth+1), 1, n)
	cardW := (w+1)/perRow - 1
	iw := max(cardW-4, 1)
	var out []string
	for start := 0; start < n; start += perRow {
		var blocks [][]string
		var widths []int
		for i := start; i < min(start+perRow, n); i++ {
			blocks = append(blocks, box(t, cardBody(t, p.Cards[i], iw), iw, fmt.Sprintf("card %d of %d", i+1, n)))
			widths = append(widths, cardW)
		}
		out = append(out, sideBySide(blocks, widths)...)
	}
	return out
}

func cardBody(t *Theme, c model.ListItem, iw int) []string {
	var out []string
	for _, l := range wrap(safe(c.Title), iw) {
		out = append(out, t.Bold.Render(l))
	}
	if c.Subtitle != "" {
		for _, l := range wrap(safeBlock(c.Subtitle), iw) {
			out = append(out, t.Muted.Render(l))
		}
	}
	for _, d := range c.Details {
		for _, l := range wrap(safeBlock(d), iw) {
			out = append(out, t.Muted.Render(l))
		}
	}
	if c.ImageURL != "" {
		out = append(out, t.Dim.Render(truncate("▣ "+link(c.ImageURL), iw)))
	}
	if c.URL != "" {
		out = append(out, t.Dim.Render(truncate("↗ "+link(c.URL), iw)))
	}
	for _, b := range c.Buttons {
		// A button's title wraps inside the card: at 80 columns a card is
		// 20 cells wide, and a cut title hides what the user could pick.
		for _, l := range wrap("[ "+safe(b.Title)+" ]", iw) {
			out = append(out, t.Button.Render(l))
		}
		if tg := buttonTarget(b); tg != "" {
			out = append(out, t.Dim.Render(truncate("  → "+safe(tg), iw)))
		}
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty card)")}
	}
	return out
}

// maxFieldWidth bounds an input box: a field as wide as a 200-column
// terminal reads as a rule, not a box.
const maxFieldWidth = 48

// renderForm draws what the user fills in: the heading and description,
// a labelled box per field with its hint, an inline form's link, and the
// buttons.
func renderForm(t *Theme, p model.Form, w int) []string {
	out := headingLines(t, p.Heading, p.Description, w)
	labelW := 0
	for _, f := range p.Fields {
		labelW = max(labelW, Width(safe(f.Label)))
	}
	labelW = min(labelW, w/3)
	fieldW := min(max(w-labelW-3, 6), maxFieldWidth)
	for _, f := range p.Fields {
		hint := safe(f.Placeholder)
		if hint == "" {
			hint = safe(f.Kind)
		}
		label := safe(f.Label)
		labels := wrap(label, max(labelW, 1))
		if len(labels) == 0 {
			labels = []string{""}
		}
		input := "[" + pad(" "+truncate(hint, fieldW-3), fieldW-2) + "]"
		out = append(out, pad(labels[0], labelW)+"  "+t.Dim.Render(input))
		for _, l := range labels[1:] {
			out = append(out, l)
		}
		if f.Kind != "" && f.Kind != "text" {
			out = append(out, strings.Repeat(" ", labelW+2)+t.Dim.Render(truncate("("+safe(f.Kind)+")", fieldW)))
		}
	}
	if p.Link != "" {
		out = append(out, wrapIndented(t.Dim, "▤ "+safe(p.Template)+" ↗ "+link(p.Link), w, "")...)
	}
	if len(p.Buttons) > 0 {
		out = append(out, buttonBoxes(t, p.Buttons, w)...)
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty form)")}
	}
	return out
}

// renderFeedback shows the question and the scale offered.
func renderFeedback(t *Theme, p model.Feedback, w int) []string {
	var out []string
	if p.Heading != "" {
		out = wrap(safeBlock(p.Heading), w)
	}
	view := strings.ToLower(p.View)
	var scale string
	label := "feedback"
	if p.View != "" {
		label += " (" + safe(p.View) + ")"
	}
	switch {
	case view == "star":
		scale = strings.TrimSpace(strings.Repeat("☆ ", len(p.Options)))
		if n := len(p.Options); n > 0 {
			label += fmt.Sprintf(", 1–%d stars", n)
		}
	default:
		parts := make([]string, len(p.Options))
		for i, o := range p.Options {
			parts[i] = safe(o)
		}
		sep := " · "
		if view == "nps" {
			sep = " "
		}
		scale = strings.Join(parts, sep)
	}
	out = append(out, t.Dim.Render(label))
	for _, l := range wrap(scale, w) {
		out = append(out, t.Accent.Render(l))
	}
	return out
}
