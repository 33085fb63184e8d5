package model

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The lenient decoders split JSON into members and elements, level by
// level, and look at each value on its own. Through json.Unmarshal each
// level was checked whole again, then copied and decoded by reflection:
// a message's components were scanned four times and copied three, most
// of what reading an export cost. These check a level and split it in
// one pass, and hand out spans of the input rather than copies. They
// accept exactly what encoding/json accepts (the differential fuzz
// tests in jsonscan_test.go hold them to it).

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// jsonSpace is i advanced past JSON whitespace.
func jsonSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonString is the index after the JSON string that opens at b[i], or
// -1 when it is not one; escaped reports a backslash in it.
func jsonString(b []byte, i int) (end int, escaped bool) {
	if i >= len(b) || b[i] != '"' {
		return -1, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return j + 1, escaped
		case c == '\\':
			escaped = true
			if j+1 >= len(b) {
				return -1, false
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				if j+5 >= len(b) || !isHex(b[j+2]) || !isHex(b[j+3]) || !isHex(b[j+4]) || !isHex(b[j+5]) {
					return -1, false
				}
				j += 5
			default:
				return -1, false
			}
		case c < 0x20:
			return -1, false
		}
	}
	return -1, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// jsonNumber is the index after the JSON number at b[i], or -1.
func jsonNumber(b []byte, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	return i
}

// jsonValue is the index after the JSON value that starts at b[i]
// (no whitespace before it), or -1 when none does; depth is how many
// arrays and objects hold it.
func jsonValue(b []byte, i, depth int) int {
	if i >= len(b) {
		return -1
	}
	switch c := b[i]; c {
	case '"':
		end, _ := jsonString(b, i)
		return end
	case '{', '[':
		if depth+1 > maxDepth {
			return -1
		}
		return jsonContainer(b, i, depth+1, nil)
	case 't':
		return jsonLiteral(b, i, "true")
	case 'f':
		return jsonLiteral(b, i, "false")
	case 'n':
		return jsonLiteral(b, i, "null")
	default:
		return jsonNumber(b, i)
	}
}

func jsonLiteral(b []byte, i int, lit string) int {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit)
	}
	return -1
}

// member is one member of an object (key as written, quotes and all) or
// one element of an array (no key); its spans have no room to append
// into, so that no caller writes over the input.
type member struct {
	key, val []byte
	escaped  bool // the key holds an escape
}

// jsonContainer is the index after the array or object at b[i], or -1;
// each of its members goes to each when it is not nil, as it is met (so
// a caller keeps none of them until the whole is known to be valid).
func jsonContainer(b []byte, i, depth int, each func(member)) int {
	closing, object := byte(']'), b[i] == '{'
	if object {
		closing = '}'
	}
	i = jsonSpace(b, i+1)
	if i < len(b) && b[i] == closing {
		return i + 1
	}
	for {
		var m member
		if object {
			end, escaped := jsonString(b, i)
			if end < 0 {
				return -1
			}
			m.key, m.escaped = b[i:end:end], escaped
			if i = jsonSpace(b, end); i >= len(b) || b[i] != ':' {
				return -1
			}
			i = jsonSpace(b, i+1)
		}
		end := jsonValue(b, i, depth)
		if end < 0 {
			return -1
		}
		m.val = b[i:end:end]
		if each != nil {
			each(m)
		}
		if i = jsonSpace(b, end); i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = jsonSpace(b, i+1)
		case closing:
			return i + 1
		default:
			return -1
		}
	}
}

// jsonMembers splits the JSON text b (whitespace around it allowed) when
// it is one valid array or object, as open says ('[' or '{'); kind is
// its first byte ('n' for null, 0 when b is not valid JSON).
func jsonMembers(b []byte, open byte, each func(member)) (kind byte) {
	i := jsonSpace(b, 0)
	if i >= len(b) {
		return 0
	}
	kind = b[i]
	var end int
	if kind == open {
		end = jsonContainer(b, i, 1, each)
	} else {
		end = jsonValue(b, i, 0)
	}
	if end < 0 || jsonSpace(b, end) != len(b) {
		return 0
	}
	if kind == '-' || isDigit(kind) {
		kind = '0'
	}
	return kind
}

// jsonValid reports what json.Valid does.
func jsonValid(b []byte) bool { return jsonMembers(b, 0, nil) != 0 }

// keyString is an object key as encoding/json reads it: escapes undone
// and bytes that are no UTF-8 made U+FFFD.
func (m member) keyString() string {
	k := m.key[1 : len(m.key)-1]
	if !m.escaped && utf8.Valid(k) {
		return string(k)
	}
	var s string
	if json.Unmarshal(m.key, &s) != nil {
		return ""
	}
	return s
}

// splitObject is fields' work: nil unless b is a JSON object.
func splitObject(b []byte) map[string]json.RawMessage {
	f := map[string]json.RawMessage{}
	if jsonMembers(b, '{', func(m member) { f[m.keyString()] = m.val }) != '{' {
		return nil
	}
	return f
}

// splitArray is array's work: nil unless b is a JSON array.
func splitArray(b []byte) []json.RawMessage {
	items := []json.RawMessage{}
	if jsonMembers(b, '[', func(m member) { items = append(items, m.val) }) != '[' {
		return nil
	}
	return items
}

// decodeInto is json.Unmarshal of b into a struct whose fields are all
// json.RawMessage, named names (to[i] is where names[i] goes): false
// when encoding/json would fail, that is when b is not valid JSON or is
// neither an object nor null. A key takes the field of its own name or,
// failing that, of the first name equal to it under case folding, as
// encoding/json does; a later member overwrites an earlier one.
func decodeInto(b []byte, names []string, to []*json.RawMessage) bool {
	kind := jsonMembers(b, '{', func(m member) {
		if i := fieldOf(m, names); i >= 0 {
			*to[i] = m.val
		}
	})
	switch kind {
	case '{', 'n':
		return true
	}
	for _, t := range to { // what was read before the fault
		*t = nil
	}
	return false
}

// fieldOf is the index of the name the member decodes into, or -1: the
// same name or, failing that, the first equal to it under Unicode case
// folding, as encoding/json matches a struct's fields.
func fieldOf(m member, names []string) int {
	k := m.key[1 : len(m.key)-1]
	if m.escaped {
		k = []byte(m.keyString())
	}
	for i, n := range names {
		if string(k) == n {
			return i
		}
	}
	for i, n := range names {
		if bytes.EqualFold(k, []byte(n)) {
			return i
		}
	}
	return -1
}
