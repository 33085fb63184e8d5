package model

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MaskPattern is a kind of personal data a team adds to the built-in
// ones (config `mask: patterns:`), by name and regular expression.
type MaskPattern struct {
	Name  string `yaml:"name" json:"name"`
	Regex string `yaml:"regex" json:"regex"`
}

// MaskOptions say how personal data is masked: the character that
// replaces each letter and digit (Kore's redaction character; '*' when
// unset) and the patterns beyond e-mail addresses, phone numbers and card
// numbers.
type MaskOptions struct {
	Char     rune
	Patterns []MaskPattern
}

// Masker hides personal data: e-mail addresses, phone numbers, card
// numbers (only digits that pass the Luhn check) and the configured
// patterns. A masked value keeps its shape — each letter and digit
// becomes the mask character, separators stay — so a reader still sees
// that a card number or an address was there. Identifiers (JSON keys
// ending in "id") are left alone unless the whole value is personal
// data, which becomes a pseudonym ("masked-…") stable for the Masker's
// key, so two sessions of one user still belong together.
type Masker struct {
	char     rune
	patterns []*regexp.Regexp
	key      []byte
}

// maskRegexps are the built-in patterns, compiled when first masked:
// at start-up they cost every konvo command half a millisecond (the
// \p{L} classes), masking or not.
var maskRegexps = sync.OnceValue(func() (r struct{ email, digits, date *regexp.Regexp }) {
	r.email = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)
	// Digits with single spaces, dashes or dots between them; which of
	// them are cards or phones is decided by counting the digits.
	r.digits = regexp.MustCompile(`\+?\(?\d(?:[ ().\-]{0,2}\d)+\)?`)
	r.date = regexp.MustCompile(`\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}`)
	return r
})

// NewMasker builds a Masker; key seeds the pseudonyms (a random key per
// process keeps them from being reversed by hashing every phone number).
func NewMasker(o MaskOptions, key []byte) (*Masker, error) {
	m := &Masker{char: o.Char, key: append([]byte(nil), key...)}
	if m.char == 0 || !unicode.IsPrint(m.char) {
		m.char = '*'
	}
	for _, p := range o.Patterns {
		re, err := regexp.Compile(p.Regex)
		if err != nil {
			return nil, fmt.Errorf("mask pattern %q: %w", p.Name, err)
		}
		m.patterns = append(m.patterns, re)
	}
	return m, nil
}

// span is a byte range of personal data in a string.
type span struct{ from, to int }

// spans finds the personal data in s, in order, not overlapping.
func (m *Masker) spans(s string) []span {
	var out []span
	for _, loc := range maskRegexps().email.FindAllStringIndex(s, -1) {
		out = append(out, span{loc[0], loc[1]})
	}
	for _, loc := range maskRegexps().digits.FindAllStringIndex(s, -1) {
		if sp, ok := numberSpan(s, loc[0], loc[1]); ok {
			out = append(out, sp)
		}
	}
	for _, re := range m.patterns {
		for _, loc := range re.FindAllStringIndex(s, -1) {
			if loc[1] > loc[0] {
				out = append(out, span{loc[0], loc[1]})
			}
		}
	}
	if len(out) < 2 {
		return out
	}
	sort.Slice(out, func(i, j int) bool { return out[i].from < out[j].from })
	merged := out[:1]
	for _, sp := range out[1:] {
		last := &merged[len(merged)-1]
		if sp.from <= last.to {
			last.to = max(last.to, sp.to)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// numberSpan decides whether the digits at s[from:to] are a card number
// (13 to 19 digits passing the Luhn check) or a phone number (10 to 15
// digits, or 8 and more after a "+"), and not part of a longer word or a
// date.
func numberSpan(s string, from, to int) (span, bool) {
	if r, _ := utf8.DecodeLastRuneInString(s[:from]); from > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return span{}, false
	}
	if r, _ := utf8.DecodeRuneInString(s[to:]); to < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return span{}, false
	}
	text := s[from:to]
	if maskRegexps().date.MatchString(text) {
		return span{}, false
	}
	var digits []byte
	for i := 0; i < len(text); i++ {
		if text[i] >= '0' && text[i] <= '9' {
			digits = append(digits, text[i])
		}
	}
	n := len(digits)
	switch {
	case n >= 13 && n <= 19 && luhn(digits):
		return span{from, to}, true
	case n >= 10 && n <= 15, n >= 8 && n <= 15 && text[0] == '+':
		return span{from, to}, true
	}
	return span{}, false
}

// luhn reports whether digits pass the Luhn check cards carry.
func luhn(digits []byte) bool {
	sum := 0
	for i := range digits {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// Has reports whether s holds personal data.
func (m *Masker) Has(s string) bool { return m != nil && len(m.spans(s)) > 0 }

// String is s with its personal data masked.
func (m *Masker) String(s string) string {
	if m == nil {
		return s
	}
	sps := m.spans(s)
	if len(sps) == 0 {
		return s
	}
	var b strings.Builder
	at := 0
	for _, sp := range sps {
		b.WriteString(s[at:sp.from])
		for _, r := range s[sp.from:sp.to] {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(m.char)
			} else {
				b.WriteRune(r)
			}
		}
		at = sp.to
	}
	b.WriteString(s[at:])
	return b.String()
}

// Snippet masks a search snippet whose matches sit between mark and
// unmark: the markers are set aside while the text is masked, so a card
// number split by a match is still found.
func (m *Masker) Snippet(s, mark, unmark string) string {
	if m == nil {
		return s
	}
	type marker struct {
		at   int // rune offset in the text without markers
		text string
	}
	var marks []marker
	var plain strings.Builder
	runes := 0
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], mark):
			marks = append(marks, marker{runes, mark})
			i += len(mark)
		case strings.HasPrefix(s[i:], unmark):
			marks = append(marks, marker{runes, unmark})
			i += len(unmark)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			plain.WriteRune(r)
			runes++
			i += n
		}
	}
	masked := []rune(m.String(plain.String()))
	var b strings.Builder
	at := 0
	for _, mk := range marks {
		if mk.at > len(masked) {
			mk.at = len(masked)
		}
		b.WriteString(string(masked[at:mk.at]))
		b.WriteString(mk.text)
		at = mk.at
	}
	b.WriteString(string(masked[at:]))
	return b.String()
}

// Pseudonym is the stable stand-in for an identifier that is itself
// personal data (a user id that is an e-mail address or a phone number).
func (m *Masker) Pseudonym(id string) string {
	h := hmac.New(sha256.New, m.key)
	h.Write([]byte(id))
	return "masked-" + hex.EncodeToString(h.Sum(nil)[:6])
}

// ID is id, or its pseudonym when the whole id is personal data.
func (m *Masker) ID(id string) string {
	if m == nil || id == "" {
		return id
	}
	if sps := m.spans(id); len(sps) == 1 && sps[0].from == 0 && sps[0].to == len(id) {
		return m.Pseudonym(id)
	}
	return id
}

// JSON is raw with every string value masked (keys are not; a value under
// a key ending in "id" is an identifier: see ID). What is not JSON is
// masked as text.
func (m *Masker) JSON(raw []byte) []byte {
	if m == nil || len(raw) == 0 {
		return raw
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return []byte(m.String(string(raw)))
	}
	v = m.value("", v)
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if e.Encode(v) != nil {
		return raw
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

func (m *Masker) value(key string, v any) any {
	switch v := v.(type) {
	case string:
		if k := strings.ToLower(key); strings.HasSuffix(k, "id") || k == "createdby" {
			return m.ID(v)
		}
		return m.String(v)
	case map[string]any:
		for k, x := range v {
			v[k] = m.value(k, x)
		}
	case []any:
		for i, x := range v {
			v[i] = m.value(key, x)
		}
	}
	return v
}

// Message is msg decoded again from its masked record, so every field
// and component shows masked values.
func (m *Masker) Message(msg Message) Message {
	if m == nil || len(msg.Raw) == 0 {
		return msg
	}
	var out Message
	if out.UnmarshalJSON(m.JSON(msg.Raw)) != nil {
		return msg
	}
	return out
}

// Session is s with its user id, tags and record masked.
func (m *Masker) Session(s Session) Session {
	if m == nil {
		return s
	}
	s.UserID = m.ID(s.UserID)
	s.UserTags, s.SessionTags, s.AltText = m.tags(s.UserTags), m.tags(s.SessionTags), m.tags(s.AltText)
	s.Raw = m.JSON(s.Raw)
	return s
}

func (m *Masker) tags(ts []Tag) []Tag {
	if len(ts) == 0 {
		return ts
	}
	out := make([]Tag, len(ts))
	for i, t := range ts {
		out[i] = Tag{Name: t.Name, Value: m.String(t.Value)}
	}
	return out
}

// Insights are d with the texts it ranks masked: the bot's last words,
// failures and what users said that the bot did not understand.
func (m *Masker) Insights(d InsightData) InsightData {
	if m == nil {
		return d
	}
	for _, gs := range []*[]Group{&d.DropOffs, &d.Failed, &d.NotUnderstood} {
		out := make([]Group, len(*gs))
		for i, g := range *gs {
			g.Text = m.String(g.Text)
			out[i] = g
		}
		*gs = out
	}
	return d
}
