package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"konvo/model"
)

// Width is a string's display width in cells (CJK and emoji count two),
// ignoring escape sequences. Printable ASCII, most of what a screen holds,
// is measured without grapheme segmentation.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// truncate cuts s to at most w cells, marking the cut with "…".
func truncate(s string, w int) string {
	s, _ = fitTo(s, w)
	return s
}

// fitTo truncates s to at most w cells and reports the width it has, so
// callers that pad need not measure it again.
func fitTo(s string, w int) (string, int) {
	if w <= 0 {
		return "", 0
	}
	sw := Width(s)
	if sw <= w {
		return s, sw
	}
	s = ansi.Truncate(s, w, "…")
	return s, Width(s)
}

// pad truncates or right-pads s to exactly w cells.
func pad(s string, w int) string {
	s, sw := fitTo(s, w)
	if n := w - sw; n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s, sw := fitTo(s, w)
	if n := w - sw; n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// wrap breaks plain text into lines of at most w cells. It breaks at
// spaces only, never at hyphens (ids, dates and user names are full of
// them), and cuts inside a word only when the word is longer than a line.
// Line breaks and leading indentation are kept. Styles are applied after
// wrapping, never before: a style cut across two lines would bleed.
func wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, w)...)
	}
	return out
}

func wrapLine(s string, w int) []string {
	if Width(s) <= w {
		return []string{strings.TrimRight(s, " ")}
	}
	indent := len(s) - len(strings.TrimLeft(s, " "))
	words := strings.Split(s[indent:], " ")
	words[0] = s[:indent] + words[0]
	var out []string
	var line strings.Builder
	lw := 0
	flush := func() {
		out = append(out, strings.TrimRight(line.String(), " "))
		line.Reset()
		lw = 0
	}
	for _, word := range words {
		ww := Width(word)
		if lw > 0 && lw+1+ww > w {
			flush()
		}
		if lw > 0 {
			line.WriteByte(' ')
			lw++
		}
		for lw+ww > w {
			// A word longer than the room left: cut it at the line's end.
			piece := ansi.Cut(word, 0, w-lw)
			if piece == "" {
				if lw > 0 {
					flush()
					continue
				}
				piece = ansi.Cut(word, 0, 2) // a wide character on a 1-cell line
			}
			line.WriteString(piece)
			pw := Width(piece)
			word = ansi.Cut(word, pw, ww)
			ww -= pw
			flush()
		}
		line.WriteString(word)
		lw += ww
	}
	if line.Len() > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// safe sanitises server text for one screen line.
func safe(s string) string { return model.Line(s) }

// safeBlock sanitises server text that may span lines.
func safeBlock(s string) string { return model.Sanitize(s, true) }

// fit makes every line at most w cells wide: the last guard before the
// screen, so no renderer can overflow the terminal.
func fit(lines []string, w int) []string {
	for i, l := range lines {
		if Width(l) > w {
			lines[i] = truncate(l, w)
		}
	}
	return lines
}

// joinCols lays cells out in columns of the given widths, one space apart.
func joinCols(cells []string, widths []int, right []bool) string {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		if right != nil && right[i] {
			b.WriteString(padLeft(c, widths[i]))
		} else {
			b.WriteString(pad(c, widths[i]))
		}
	}
	return b.String()
}

// clamp bounds v to [lo, hi]; hi < lo yields lo.
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
