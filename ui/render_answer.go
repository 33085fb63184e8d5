package ui

import (
	"strconv"

	"konvo/model"
)

// renderAnswer draws a Search AI answer: its title and text, the sources
// numbered with their addresses, then the search results as a list.
func renderAnswer(t *Theme, p model.Answer, w int) []string {
	out := []string{t.Dim.Render(truncate("✦ answer", w))}
	if p.Title != "" {
		for _, l := range wrap(safe(p.Title), w) {
			out = append(out, t.Bold.Render(l))
		}
	}
	if p.Text != "" {
		out = append(out, wrap(safeBlock(p.Text), w)...)
	}
	if len(p.Sources) > 0 {
		out = append(out, t.Dim.Render("sources"))
		for i, s := range p.Sources {
			n := strconv.Itoa(i+1) + ". "
			title := safe(s.Title)
			if title == "" {
				title = link(s.URL)
			}
			out = append(out, hanging(t.Muted, "", n, title, w)...)
			if s.URL != "" && s.Title != "" {
				out = append(out, wrapIndented(t.Dim, "↗ "+link(s.URL), w, "   ")...)
			}
		}
	}
	if len(p.Results) > 0 {
		out = append(out, t.Dim.Render("results"))
		out = append(out, itemsLines(t, p.Results, w)...)
	}
	if len(out) == 1 {
		out = append(out, t.Dim.Render("(empty answer)"))
	}
	return out
}
