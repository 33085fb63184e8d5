package model

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The helpers below read one JSON value of uncertain shape. Each returns the
// zero value when the value is absent, null or of a shape it cannot use,
// never an error: one odd field must not cost the reader a whole page.

// fields splits a JSON object into its members. A value that is not an
// object yields nil.
func fields(raw []byte) map[string]json.RawMessage {
	return splitObject(raw)
}

// str reads a string; numbers and booleans are given in their JSON spelling
// so that an id sent as a number is not lost.
func str(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	switch raw[0] {
	case '"':
		// Most strings have no escapes: take the bytes as they are.
		if n := len(raw); n >= 2 && raw[n-1] == '"' && bytes.IndexByte(raw[1:n-1], '\\') < 0 && bytes.IndexByte(raw[1:n-1], '"') < 0 {
			return string(raw[1 : n-1])
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	case '{', '[':
		return ""
	default:
		return string(raw)
	}
}

// strs reads a string or an array of strings (session_lang is either,
// depending on the API version).
func strs(raw json.RawMessage) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] == '[' {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			if s := str(it); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := str(raw); s != "" {
		return []string{s}
	}
	return nil
}

// num reads a number, also from a numeric string.
func num(raw json.RawMessage) (float64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		// (json.Unmarshal takes null into a float64 without an error:
		// null would read as 0, a time as 1970.)
		return 0, false
	}
	if end := jsonNumber(raw, 0); end == len(raw) {
		// What json.Unmarshal into a float64 does, without its checking
		// and reflection.
		if f, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return f, true
		}
	}
	if s := str(raw); s != "" {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f, true
		}
	}
	return 0, false
}

// integer reads a whole number; fractions are truncated.
func integer(raw json.RawMessage) int {
	f, ok := num(raw)
	if !ok || f != f || f > 1e15 || f < -1e15 {
		return 0
	}
	return int(f)
}

// boolean reads true/false, 1/0 and their string spellings (isDeveloper is
// documented as 1/0 and sampled as false).
func boolean(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	if f, ok := num(raw); ok {
		return f != 0
	}
	switch strings.ToLower(str(raw)) {
	case "true", "yes", "y":
		return true
	}
	return false
}

// timeLayouts are the date-time spellings seen in Kore.ai payloads.
var timeLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999Z0700",
	"2006-01-02T15:04:05.999",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// timestamp reads an ISO date-time string or epoch milliseconds.
func timestamp(raw json.RawMessage) time.Time {
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] != '"' {
		f, ok := num(raw)
		if !ok {
			return time.Time{}
		}
		if f > 1e15 || f < 0 {
			return time.Time{}
		}
		return time.UnixMilli(int64(f)).UTC()
	}
	return timestampText(raw)
}

// timestampText reads a date-time string, or epoch milliseconds given as
// a string.
func timestampText(raw json.RawMessage) time.Time {
	s := strings.TrimSpace(str(raw))
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms > 0 && ms < 1e15 {
		return time.UnixMilli(ms).UTC()
	}
	return time.Time{}
}

// array splits a JSON array into its elements; anything else yields nil.
func array(raw json.RawMessage) []json.RawMessage {
	return splitArray(raw)
}

// objects is the elements of a JSON array that are objects, split into
// their members; other elements are skipped.
func objects(raw json.RawMessage) []map[string]json.RawMessage {
	var out []map[string]json.RawMessage
	for _, it := range array(raw) {
		if f := fields(it); f != nil {
			out = append(out, f)
		}
	}
	return out
}
