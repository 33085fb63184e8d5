package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes untrusted text safe to put on a terminal. Every control
// character (C0, DEL, C1), every escape sequence introducer, and bidi
// overrides that could reorder what is shown become visible placeholders:
// ESC shows as "␛", other C0 controls as their Control Pictures glyph, C1
// and bidi controls as "<U+XXXX>", and invalid UTF-8 as "\xNN". Newlines
// and tabs are kept only when keepLayout is true (tabs become spaces, so
// width stays predictable).
func Sanitize(s string, keepLayout bool) string {
	if isPlain(s) || keepLayout && isPlainLines(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	// Runs of harmless text are copied whole; only what must change is
	// written piece by piece (a 1 MB message costs one pass, not a call a
	// rune).
	safe := 0
	flush := func(i int) { b.WriteString(s[safe:i]) }
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x20 && r < 0x7f || r >= 0xa0 && size > 1 && r != utf8.RuneError && !isBidiControl(r) && !isInvisible(r) || r == '\n' && keepLayout {
			i += size
			continue
		}
		flush(i)
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02X`, s[i])
		case r == '\t':
			if keepLayout {
				b.WriteString("    ")
			} else {
				b.WriteByte(' ')
			}
		case r == '\r' && keepLayout:
			// A lone CR would move the cursor; CRLF is just a line end.
		case r < 0x20:
			b.WriteRune(0x2400 + r) // ␀…␟, ␛ for ESC
		case r == 0x7f:
			b.WriteRune('␡')
		case r >= 0x80 && r < 0xa0, isBidiControl(r), isInvisible(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteString(s[i : i+size]) // U+FFFD sent as such
		}
		i += size
		safe = i
	}
	flush(len(s))
	return b.String()
}

// Line sanitises s for a single screen line: line breaks become "⏎".
func Line(s string) string {
	if isPlain(s) {
		return s
	}
	return Sanitize(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "⏎ "), false)
}

// isPlain is the fast path: printable ASCII only.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// isInvisible covers the zero-width and format characters that terminals
// draw at inconsistent widths (zero, one, or a box), so a row holding one
// no longer lines up: zero-width space and (non-)joiners, the word
// joiner and invisible operators, the soft hyphen, the Mongolian vowel
// separator and the byte-order mark.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200d, r >= 0x2060 && r <= 0x2064, r == 0x00ad, r == 0x180e, r == 0xfeff:
		return true
	}
	return false
}

// isPlainLines is the fast path for text that keeps its layout: printable
// ASCII and line feeds.
func isPlainLines(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return true
}

// isBidiControl covers the characters that reorder or break what follows
// them on screen: bidi embeddings, overrides and isolates, and the Unicode
// line and paragraph separators.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c,
		r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
