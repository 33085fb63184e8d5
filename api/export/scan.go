package export

// A line of an export is mostly its messages array. Reading it through
// json.Decoder's tokens scanned every message twice before a message
// decoder read it twice more; these find the spans of a record's members
// and of the array's elements in one pass instead, and leave checking
// the JSON of each span to whatever decodes it (the session record and
// every message are decoded from their spans). What lies between the
// spans (braces, brackets, colons, commas, keys) is checked here.

// skipSpace is i advanced past JSON whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString is the index after the string that opens at b[i] (a
// quote), or -1 when it does not close or holds a control character.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '\\':
			j++
		case c == '"':
			return j + 1
		case c < 0x20:
			return -1
		}
	}
	return -1
}

// skipValue is the index after the value that starts at b[i], or -1. It
// matches brackets without telling [ from {: a span that is no JSON
// value is refused by its decoder, and a value that is one ends where
// its brackets close.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
	case '}', ']', ',', ':':
		return -1
	default: // a number or a literal: up to the next delimiter
		for i < len(b) && !delimiter(b[i]) {
			i++
		}
		return i
	}
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			if i = skipString(b, i); i < 0 {
				return -1
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return -1
}

func delimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ':', '"', '{', '[', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// elements calls fn with the span of each element of the array that
// opens at b[i], and is the index after it, or -1 when the array is not
// one or fn says stop.
func elements(b []byte, i int, fn func(elem []byte) bool) int {
	if i >= len(b) || b[i] != '[' {
		return -1
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1
	}
	for {
		end := skipValue(b, i)
		if end < 0 || !fn(b[i:end]) {
			return -1
		}
		i = skipSpace(b, end)
		switch {
		case i >= len(b):
			return -1
		case b[i] == ']':
			return i + 1
		case b[i] != ',':
			return -1
		}
		i = skipSpace(b, i+1)
	}
}

// members calls fn with the key (as written, quotes included) and the
// member's whole span (key to value) of each member of the object that
// is b, then reports whether b was one object and fn never said stop.
func members(b []byte, fn func(key, member, value []byte) bool) bool {
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	i := skipSpace(b, 1)
	if i < len(b) && b[i] == '}' {
		return skipSpace(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return false
		}
		keyEnd := skipString(b, i)
		if keyEnd < 0 {
			return false
		}
		colon := skipSpace(b, keyEnd)
		if colon >= len(b) || b[colon] != ':' {
			return false
		}
		at := skipSpace(b, colon+1)
		end := skipValue(b, at)
		if end < 0 || !fn(b[i:keyEnd], b[i:end], b[at:end]) {
			return false
		}
		i = skipSpace(b, end)
		switch {
		case i >= len(b):
			return false
		case b[i] == '}':
			return skipSpace(b, i+1) == len(b)
		case b[i] != ',':
			return false
		}
		i = skipSpace(b, i+1)
	}
}
