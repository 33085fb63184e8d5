package ui

import (
	"fmt"
	"strings"

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

// renderList draws list, listView and advancedListTemplate: items with a
// title, a subtitle, a value on the right, and their buttons.
func renderList(t *Theme, p model.List, w int) []string {
	var out []string
	if p.Heading != "" {
		for _, l := range wrap(safe(p.Heading), w) {
			out = append(out, t.Bold.Render(l))
		}
	}
	for i, it := range p.Items {
		if i > 0 {
			out = append(out, t.Border.Render(strings.Repeat("┄", min(w, 40))))
		}
		value := safe(it.Value)
		titleW := w - 2
		if value != "" {
			titleW = max(w-2-Width(value)-1, 4)
		}
		titleLines := wrap(safe(it.Title), titleW)
		for j, l := range titleLines {
			prefix := "  "
			if j == 0 {
				prefix = "• "
			}
			line := prefix + t.Bold.Render(l)
			if j == 0 && value != "" {
				line = prefix + t.Bold.Render(pad(l, titleW)) + " " + t.Accent.Render(value)
			}
			out = append(out, line)
		}
		if it.Subtitle != "" {
			out = append(out, wrapIndented(t.Muted, safeBlock(it.Subtitle), w, "  ")...)
		}
		if it.URL != "" {
			out = append(out, wrapIndented(t.Dim, "↗ "+safe(it.URL), w, "  ")...)
		}
		if it.ImageURL != "" {
			out = append(out, wrapIndented(t.Dim, "▣ "+safe(it.ImageURL), w, "  ")...)
		}
		if len(it.Buttons) > 0 {
			for _, l := range buttonBoxes(t, it.Buttons, w-2) {
				out = append(out, "  "+l)
			}
		}
	}
	if len(p.Buttons) > 0 {
		out = append(out, buttonBoxes(t, p.Buttons, w)...)
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty " + safe(p.Template) + ")")}
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
	if c.ImageURL != "" {
		out = append(out, t.Dim.Render(truncate("▣ "+safe(c.ImageURL), iw)))
	}
	if c.URL != "" {
		out = append(out, t.Dim.Render(truncate("↗ "+safe(c.URL), iw)))
	}
	for _, b := range c.Buttons {
		label := t.Button.Render(truncate("[ "+safe(b.Title)+" ]", iw))
		out = append(out, label)
		if tg := buttonTarget(b); tg != "" {
			out = append(out, t.Dim.Render(truncate("  → "+safe(tg), iw)))
		}
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty card)")}
	}
	return out
}

func renderForm(t *Theme, p model.Form, w int) []string {
	var out []string
	if p.Heading != "" {
		for _, l := range wrap(safe(p.Heading), w) {
			out = append(out, t.Bold.Render(l))
		}
	}
	labelW := 0
	for _, f := range p.Fields {
		labelW = max(labelW, Width(safe(f.Label)))
	}
	labelW = min(labelW, w/3)
	fieldW := max(w-labelW-3, 6)
	for _, f := range p.Fields {
		hint := safe(f.Placeholder)
		if hint == "" {
			hint = safe(f.Kind)
		}
		input := "[" + pad(" "+truncate(hint, fieldW-3), fieldW-2) + "]"
		line := pad(safe(f.Label), labelW) + "  " + t.Dim.Render(input)
		out = append(out, line)
		if f.Kind != "" && f.Kind != "text" {
			out = append(out, strings.Repeat(" ", labelW+2)+t.Dim.Render(truncate("("+safe(f.Kind)+")", fieldW)))
		}
	}
	if p.Submit != "" {
		out = append(out, buttonBoxes(t, []model.Button{{Title: p.Submit}}, w)...)
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
