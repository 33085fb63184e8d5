package ui

import "strings"

// JSON shown on screen is indented by prettyJSON, not json.Indent: an
// unknown template nested 9,000 levels deep indents to 81 MB with
// json.Indent (and froze the UI for over a minute), while a reader needs
// a handful of levels and a screenful of lines.
const (
	// maxJSONDepth is how deep containers are opened; deeper ones show
	// as {…} or […].
	maxJSONDepth = 12
	// rawMaxLines bounds the raw JSON view of one message.
	rawMaxLines = 20000
)

// prettyJSON indents JSON two spaces a level in one pass over the bytes,
// opening containers at most maxDepth deep and stopping after maxLines
// lines (maxLines < 0: no limit); more reports whether lines were left
// out. String bytes are kept as sent. Input that is not JSON comes out
// line by line as it is. The lines are not sanitised.
func prettyJSON(raw []byte, maxDepth, maxLines int) (lines []string, more bool) {
	p := jsonPrinter{raw: raw, maxDepth: maxDepth, maxLines: maxLines}
	if !p.run() {
		return p.out, true
	}
	if p.cur.Len() > 0 {
		p.out = append(p.out, p.cur.String())
	}
	return p.out, false
}

type jsonPrinter struct {
	raw      []byte
	i        int
	depth    int
	maxDepth int
	maxLines int
	out      []string
	cur      strings.Builder
}

// newLine ends the current line and starts one at the current depth;
// false means the line limit is reached.
func (p *jsonPrinter) newLine() bool {
	if p.cur.Len() > 0 {
		if p.maxLines >= 0 && len(p.out) >= p.maxLines {
			return false
		}
		p.out = append(p.out, p.cur.String())
		p.cur.Reset()
	}
	if p.maxLines >= 0 && len(p.out) >= p.maxLines {
		return false
	}
	p.cur.WriteString(strings.Repeat("  ", p.depth))
	return true
}

func (p *jsonPrinter) skipSpace() {
	for p.i < len(p.raw) {
		switch p.raw[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// run prints the whole input; false means the line limit cut it short.
func (p *jsonPrinter) run() bool {
	start := true // at the start of a value that needs its own line
	for {
		p.skipSpace()
		if p.i >= len(p.raw) {
			return true
		}
		c := p.raw[p.i]
		switch c {
		case '{', '[':
			if start && !p.newLine() {
				return false
			}
			closer := byte('}')
			if c == '[' {
				closer = ']'
			}
			end := p.i + 1
			for end < len(p.raw) && isJSONSpace(p.raw[end]) {
				end++
			}
			switch {
			case end < len(p.raw) && p.raw[end] == closer:
				p.cur.WriteByte(c)
				p.cur.WriteByte(closer)
				p.i = end + 1
				start = false
			case p.depth >= p.maxDepth:
				p.cur.WriteByte(c)
				p.cur.WriteString("…")
				p.cur.WriteByte(closer)
				p.i = skipContainer(p.raw, p.i)
				start = false
			default:
				p.cur.WriteByte(c)
				p.depth++
				p.i++
				start = true
			}
		case '}', ']':
			p.depth = max(p.depth-1, 0)
			if !p.newLine() {
				return false
			}
			p.cur.WriteByte(c)
			p.i++
			start = false
		case ',':
			p.cur.WriteByte(',')
			p.i++
			start = true
		case ':':
			p.cur.WriteString(": ")
			p.i++
			start = false
		default:
			if start && !p.newLine() {
				return false
			}
			end := scanScalar(p.raw, p.i)
			p.cur.Write(p.raw[p.i:end])
			p.i = end
			start = false
		}
	}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// scanScalar returns the end of the string, number or literal at i; an
// unterminated string runs to the end of the input.
func scanScalar(raw []byte, i int) int {
	if raw[i] == '"' {
		for j := i + 1; j < len(raw); j++ {
			switch raw[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(raw)
	}
	j := i
	for j < len(raw) {
		switch raw[j] {
		case ',', ':', '{', '}', '[', ']', '"', ' ', '\t', '\n', '\r':
			if j == i {
				return i + 1 // a stray delimiter: take it alone
			}
			return j
		}
		j++
	}
	return j
}

// skipContainer returns the index just past the container opening at i,
// counting nesting in one pass (brackets inside strings do not count).
func skipContainer(raw []byte, i int) int {
	depth := 0
	for j := i; j < len(raw); j++ {
		switch raw[j] {
		case '"':
			j = scanScalar(raw, j) - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(raw)
}
