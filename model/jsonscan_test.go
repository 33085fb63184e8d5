package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jsonSeeds are shapes the scanner must read as encoding/json does:
// the edges of the grammar, escapes in keys, keys that only match under
// case folding, members given twice, and nesting at encoding/json's limit.
func jsonSeeds() []string {
	return []string{
		`{}`, `[]`, `null`, ` {"a":1} `, `{"a":1}x`, `{"a":1,}`, `[1,]`, `{"a" 1}`, `{"a":}`, `[01]`, `[-]`, `[1.]`, `[1e]`, `[1E+2,-0.5e-3,0]`,
		`["\u00e9\ud83d\ude00\ud800x"]`, `["\x"]`, "[\"\x01\"]", "[\"\xff\"]", `[tru]`, `[true,false,null]`, `{"a":{"b":[{"c":"d"}]}}`,
		`{"_id":"m1","type":"outgoing","components":[{"_id":"c1","cT":"text","data":{"text":"hi"}}],"author":{"firstName":"Ann"}}`,
		`{"TYPE":"a","type":"b","Type":"c"}`, `{"\u0074ype":"incoming"}`, `{"ſtatus":"x","\u212a":1,"tN":"task"}`,
		`{"components":5}`, `{"components":null,"tags":{"messageTags":[{"name":"a","value":"b"}]}}`, `{"components":{"a":1}}`,
		`{"a\ufffdb":1,"a` + "\xff" + `b":2}`, `{"sessionId":"s","start_time":"2026-01-01T00:00:00Z","tags":{"userTags":[]}}`,
		strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
		strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
		`{"a":` + strings.Repeat(`{"a":`, maxDepth-1) + `1` + strings.Repeat("}", maxDepth),
		"\t\n\r [ 1 , \"2\" ] \n", `{"total":3,"moreAvailable":true,"sessions":[{"sessionId":"a"}],"invalidSessions":["x"]}`,
		`{"messages":null}`, `{"Messages":[1],"messages":{}}`, `{"sessions":"x"}`, `{"invalidSessions":{}}`,
		`1700000000000`, ` 17e11 `, `"2026-01-02T03:04:05Z"`, `"1700000000000"`, `1e400`, `-1`, `true`, `"12.5"`, `123456789012345678901`, "", " ", `"str"`, `12`, `{"a":1}{"b":2}`,
	}
}

func addJSONSeeds(f *testing.F) {
	for _, s := range jsonSeeds() {
		f.Add([]byte(s))
	}
}

// FuzzJSONScanAgrees holds the scanner to encoding/json: the same inputs
// valid, the same members and elements, and every wire struct decoded to
// the same fields (or refused alike).
func FuzzJSONScanAgrees(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := jsonValid(b), json.Valid(b); got != want {
			t.Fatalf("jsonValid(%q) = %v, json.Valid says %v", b, got, want)
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(b, &m) != nil {
			m = nil
		}
		if got := splitObject(b); !reflect.DeepEqual(got, m) {
			t.Fatalf("splitObject(%q) = %q, want %q", b, got, m)
		}
		var a []json.RawMessage
		if json.Unmarshal(b, &a) != nil {
			a = nil
		}
		if got := splitArray(b); !reflect.DeepEqual(got, a) {
			t.Fatalf("splitArray(%q) = %q, want %q", b, got, a)
		}
		var mw, mwant messageWire
		if ok, want := mw.scan(b), json.Unmarshal(b, &mwant) == nil; ok != want || ok && !reflect.DeepEqual(mw, mwant) {
			t.Fatalf("message wire of %q: %v %+v, encoding/json: %v %+v", b, ok, mw, want, mwant)
		}
		f, ok := num(b)
		if wf, wok := numByUnmarshal(b); ok != wok || f != wf && !(f != f && wf != wf) {
			t.Fatalf("num(%q) = %v %v, by json.Unmarshal %v %v", b, f, ok, wf, wok)
		}
		if got, want := timestamp(b), timestampByUnmarshal(b); !got.Equal(want) {
			t.Fatalf("timestamp(%q) = %v, by json.Unmarshal %v", b, got, want)
		}
		var pw, pwant pageWire
		if ok, want := pw.scan(b), json.Unmarshal(b, &pwant) == nil; ok != want || ok && !reflect.DeepEqual(pw, pwant) {
			t.Fatalf("page wire of %q: %v %+v, encoding/json: %v %+v", b, ok, pw, want, pwant)
		}
		var sw, swant sessionWire
		if ok, want := sw.scan(b), json.Unmarshal(b, &swant) == nil; ok != want || ok && !reflect.DeepEqual(sw, swant) {
			t.Fatalf("session wire of %q: %v %+v, encoding/json: %v %+v", b, ok, sw, want, swant)
		}
	})
}

// numByUnmarshal and timestampByUnmarshal are num and timestamp as they
// were before the scanner: the oracle for their fast paths.
func numByUnmarshal(raw []byte) (float64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return f, true
	}
	if s := str(raw); s != "" {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f, true
		}
	}
	return 0, false
}

func timestampByUnmarshal(raw []byte) time.Time {
	if f, ok := numByUnmarshal(raw); ok && bytes.TrimSpace(raw)[0] != '"' {
		if f > 1e15 || f < 0 {
			return time.Time{}
		}
		return time.UnixMilli(int64(f)).UTC()
	}
	return timestampText(raw)
}

// TestWireScansNameEveryField keeps the scanners' name lists and the
// structs' tags together: a field added to a wire struct and not to its
// scan would be read by no one.
func TestWireScansNameEveryField(t *testing.T) {
	for _, w := range []any{&messageWire{}, &sessionWire{}} {
		v := reflect.ValueOf(w).Elem()
		for i := range v.NumField() {
			tag := v.Type().Field(i).Tag.Get("json")
			b := []byte(`{"` + tag + `":[{"x":1}]}`)
			v.Set(reflect.Zero(v.Type()))
			switch w := w.(type) {
			case *messageWire:
				w.scan(b)
			case *sessionWire:
				w.scan(b)
			}
			if v.Field(i).IsZero() {
				t.Errorf("%s: the scan does not read %q", v.Type(), tag)
			}
		}
	}
}
