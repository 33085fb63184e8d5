package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"konvo/model"
)

func renderTables(t *Theme, p model.Table, w int) []string {
	var out []string
	if p.Text != "" {
		for _, l := range wrap(safeBlock(p.Text), w) {
			out = append(out, t.Bold.Render(l))
		}
	}
	caption := len(out)
	for i, b := range p.Tables {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, renderTableBlock(t, b, w)...)
	}
	if len(out) == caption {
		out = append(out, t.Dim.Render("(empty "+safe(p.Template)+")"))
	}
	return out
}

// renderTableBlock draws aligned columns in a border. Columns shrink,
// widest first, until the table fits; a cut cell ends in "…". When even
// that cannot fit, each row is shown as "heading: value" lines.
func renderTableBlock(t *Theme, b model.TableBlock, w int) []string {
	ncols := len(b.Columns)
	for _, r := range b.Rows {
		ncols = max(ncols, len(r))
	}
	if ncols == 0 {
		return []string{t.Dim.Render("(empty table)")}
	}
	headers := make([]string, ncols)
	aligns := make([]string, ncols)
	for i, c := range b.Columns {
		headers[i], aligns[i] = safe(c.Title), c.Align
	}
	rows := make([][]string, len(b.Rows))
	for i, r := range b.Rows {
		rows[i] = make([]string, ncols)
		for j, c := range r {
			rows[i][j] = safe(c)
		}
	}
	widths := make([]int, ncols)
	for j := range widths {
		widths[j] = Width(headers[j])
		for _, r := range rows {
			widths[j] = max(widths[j], Width(r[j]))
		}
		widths[j] = max(widths[j], 1)
	}
	avail := w - (ncols + 1) - 2*ncols
	if avail < 3*ncols {
		return tableAsList(t, headers, rows, w)
	}
	for sum(widths) > avail {
		widest := 0
		for j := range widths {
			if widths[j] > widths[widest] {
				widest = j
			}
		}
		widths[widest]--
	}
	for j := range headers {
		headers[j] = truncate(headers[j], widths[j])
	}
	for _, r := range rows {
		for j := range r {
			r[j] = truncate(r[j], widths[j])
		}
	}
	tb := table.New().
		Border(lipgloss.RoundedBorder()).
		BorderStyle(t.Border).
		Headers(headers...).
		Rows(rows...).
		StyleFunc(func(row, col int) lipgloss.Style {
			st := lipgloss.NewStyle().Padding(0, 1)
			if col >= 0 && col < ncols {
				st = st.Width(widths[col] + 2)
				switch aligns[col] {
				case "right":
					st = st.Align(lipgloss.Right)
				case "center":
					st = st.Align(lipgloss.Center)
				}
			}
			if row == table.HeaderRow {
				st = st.Inherit(t.Bold)
			}
			return st
		})
	return strings.Split(tb.Render(), "\n")
}

func tableAsList(t *Theme, headers []string, rows [][]string, w int) []string {
	var out []string
	for i, r := range rows {
		if i > 0 {
			out = append(out, t.Border.Render(strings.Repeat("┄", min(w, 20))))
		}
		for j, c := range r {
			label := headers[j]
			if label == "" {
				label = "#" + string(rune('1'+j%9))
			}
			out = append(out, truncate(t.Label.Render(label+": ")+c, w))
		}
	}
	return out
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
