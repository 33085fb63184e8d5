package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
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
	lines, _ := wrapLimit(s, w, -1)
	return lines
}

// wrapLimit is wrap that stops after limit lines (limit < 0: no limit),
// reporting whether text was left over. It is linear in the text, however
// long its words: a 500 KB base64 blob is cut in one pass, not re-scanned
// for every line it fills.
func wrapLimit(s string, w, limit int) (lines []string, cut bool) {
	if w < 1 {
		w = 1
	}
	ww := wrapper{w: w, limit: limit}
	for rest := s; ; {
		para, tail, more := strings.Cut(rest, "\n")
		if !ww.line(para) {
			return ww.out, true
		}
		if !more {
			return ww.out, false
		}
		rest = tail
	}
}

// wrapper accumulates wrapped lines up to a limit.
type wrapper struct {
	w, limit int
	out      []string
	cur      strings.Builder
	curW     int
}

func (z *wrapper) full() bool { return z.limit >= 0 && len(z.out) >= z.limit }

func (z *wrapper) flush() {
	z.out = append(z.out, strings.TrimRight(z.cur.String(), " "))
	z.cur.Reset()
	z.curW = 0
}

// line wraps one paragraph; it reports false when the limit cut it short.
func (z *wrapper) line(s string) bool {
	if z.full() {
		return false
	}
	if _, over := widthUpTo(s, z.w); !over {
		z.out = append(z.out, strings.TrimRight(s, " "))
		return true
	}
	indent := len(s) - len(strings.TrimLeft(s, " "))
	for rest, first := s[indent:], true; ; first = false {
		word, tail, more := strings.Cut(rest, " ")
		if first {
			word = s[:indent] + word
		}
		if !z.word(word) {
			return false
		}
		if !more {
			break
		}
		rest = tail
	}
	if z.cur.Len() > 0 {
		if z.full() {
			return false
		}
		z.flush()
	}
	return true
}

// word places one word, cutting it across lines when it is longer than a
// line; false means the limit was reached.
func (z *wrapper) word(word string) bool {
	// Measured only as far as a line: a 1 MB word costs one pass, below.
	ww, _ := widthUpTo(word, z.w)
	if z.curW > 0 && z.curW+1+ww > z.w {
		if z.full() {
			return false
		}
		z.flush()
	}
	if z.curW > 0 {
		z.cur.WriteByte(' ')
		z.curW++
	}
	if z.curW+ww <= z.w {
		z.cur.WriteString(word)
		z.curW += ww
		return true
	}
	// Longer than the room left: walk its graphemes once, filling lines.
	if z.curW >= z.w {
		if z.full() {
			return false
		}
		z.flush()
	}
	ascii := isPrintableASCII(word)
	for len(word) > 0 {
		var g string
		var gw int
		if ascii {
			g, gw = word[:1], 1
		} else {
			g, gw = ansi.FirstGraphemeCluster(word, ansi.GraphemeWidth)
			if g == "" {
				g, gw = word[:1], 1
			}
		}
		if z.curW > 0 && z.curW+gw > z.w {
			if z.full() {
				return false
			}
			z.flush()
		}
		z.cur.WriteString(g)
		z.curW += gw
		word = word[len(g):]
	}
	return true
}

// widthUpTo measures s only until it is wider than limit: over reports
// that it is, and then w is some width past limit, not the whole width.
func widthUpTo(s string, limit int) (w int, over bool) {
	if isPrintableASCII(s) {
		return len(s), len(s) > limit
	}
	if len(s) <= limit { // every cell takes at least one byte
		w = Width(s)
		return w, w > limit
	}
	for rest := s; len(rest) > 0; {
		g, gw := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
		if g == "" {
			g, gw = rest[:1], 1
		}
		w += gw
		if w > limit {
			return w, true
		}
		rest = rest[len(g):]
	}
	return w, false
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
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

// newInput is a text field with a steady cursor: a blinking one redraws
// the screen twice a second, which over SSH is traffic for nothing, and
// an idle konvo should do no work at all.
func newInput() textinput.Model {
	in := textinput.New()
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}
