package ui

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/model"
)

// hostileMessages are single messages that once froze the UI: rendering
// any of them at 120 columns must stay bounded in time and memory.
func hostileMessages(tb testing.TB) map[string]model.Message {
	tb.Helper()
	texts := map[string]string{
		"huge word":    koretest.HostileText(koretest.HugeWord),
		"deep nesting": koretest.HostileText(koretest.DeepNesting),
		"zero width":   koretest.HostileText(koretest.ZeroWidth),
		"huge CJK":     strings.Repeat("日本語のテキスト", 40000),
		"many lines":   strings.Repeat("line\n", 100000),
		"too deep":     strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
	}
	out := map[string]model.Message{}
	for name, text := range texts {
		data, _ := json.Marshal(map[string]any{"text": text})
		raw, _ := json.Marshal(map[string]any{"_id": "ms-1", "type": "outgoing", "components": []any{map[string]any{"cT": "text", "data": json.RawMessage(data)}}})
		page, err := model.DecodeMessagesPage([]byte(`{"messages":[` + string(raw) + `]}`))
		if err != nil || len(page.Messages) != 1 {
			tb.Fatal(err)
		}
		out[name] = page.Messages[0]
	}
	return out
}

func renderMessage(t *Theme, m model.Message, w int) []string {
	parts := make([]model.Part, len(m.Components))
	for i, c := range m.Components {
		parts[i] = c.Parse()
	}
	return layoutMessage(t, m, nil, parts, msgLayout{w: w, loc: time.UTC})
}

// TestHostileMessagesAreBounded: before the fix the huge word allocated
// about 1 GB (a cut per line, each copying the rest of the word) and the
// deep nesting 475 MB (indentation before the line limit); both froze the
// UI for over half a minute.
func TestHostileMessagesAreBounded(t *testing.T) {
	theme := PlainTheme()
	for name, m := range hostileMessages(t) {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			lines := renderMessage(&theme, m, 120)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 24<<20 {
				t.Errorf("allocated %d MB to render one message", alloc>>20)
			}
			if len(lines) > maxTextLines+10 {
				t.Errorf("%d lines for one message", len(lines))
			}
			for i, l := range lines {
				if Width(l) > 120 {
					t.Fatalf("line %d is %d cells wide", i, Width(l))
				}
			}
		})
	}
}

func TestWrapCutsLongWordsWithoutLosingText(t *testing.T) {
	word := strings.Repeat("abcdefghij", 5000) + "日本語" + strings.Repeat("x", 77)
	for _, w := range []int{1, 7, 80, 120} {
		lines := wrap("lead "+word+" tail", w)
		joined := strings.Join(lines, "")
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll("lead"+word+"tail", " ", "") {
			t.Fatalf("width %d: text lost or changed", w)
		}
		for i, l := range lines[:len(lines)-1] {
			if Width(l) > max(w, 2) {
				t.Fatalf("width %d: line %d is %d wide", w, i, Width(l))
			}
		}
	}
	lines, cut := wrapLimit(word, 80, 10)
	if len(lines) != 10 || !cut {
		t.Fatalf("limit: %d lines, cut %v", len(lines), cut)
	}
}

// TestPrettyJSONMatchesIndent: within its depth cap, prettyJSON indents
// exactly as json.Indent does.
func TestPrettyJSONMatchesIndent(t *testing.T) {
	files, _ := filepath.Glob("testdata/components/*.json")
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil || !json.Valid(raw) {
			continue
		}
		var want bytes.Buffer
		_ = json.Indent(&want, raw, "", "  ")
		lines, more := prettyJSON(raw, 1000, -1)
		if got := strings.Join(lines, "\n"); got != strings.TrimSpace(want.String()) || more {
			t.Errorf("%s:\n%s\nwant\n%s", f, got, want.String())
		}
		n++
	}
	if n < 30 {
		t.Fatalf("only %d fixtures compared", n)
	}
	lines, more := prettyJSON([]byte(`{"a":{"b":{"c":[1,2]}},"d":[]}`), 2, -1)
	if got := strings.Join(lines, "\n"); got != "{\n  \"a\": {\n    \"b\": {…}\n  },\n  \"d\": []\n}" || more {
		t.Errorf("depth cap:\n%s", got)
	}
}

// FuzzPrettyJSON: never a panic, and for JSON within the cap, the same
// document as the input.
func FuzzPrettyJSON(f *testing.F) {
	f.Add(`{"a":[1,{"b":"x\"y"}],"c":{}}`)
	f.Add(`[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]`)
	f.Add(`{"a":"\u001b[2J"}`)
	f.Add(`not json {`)
	f.Fuzz(func(t *testing.T, in string) {
		lines, _ := prettyJSON([]byte(in), 64, 500)
		if !json.Valid([]byte(in)) || len(lines) >= 500 {
			return
		}
		var got, want bytes.Buffer
		if json.Compact(&got, []byte(strings.Join(lines, "\n"))) != nil {
			if depth(in) <= 64 {
				t.Fatalf("output is not JSON for %q", in)
			}
			return
		}
		_ = json.Compact(&want, []byte(in))
		if depth(in) <= 64 && got.String() != want.String() {
			t.Fatalf("changed: %q -> %q", want.String(), got.String())
		}
	})
}

// depth is how deeply the JSON nests, ignoring brackets in strings.
func depth(s string) int {
	d, most := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = scanScalar([]byte(s), i) - 1
		case '{', '[':
			d++
			most = max(most, d)
		case '}', ']':
			d--
		}
	}
	return most
}

// BenchmarkRenderHostileMessage renders one hostile message at 120
// columns, as the transcript does on first sight (target: under 10 ms).
func BenchmarkRenderHostileMessage(b *testing.B) {
	theme := PlainTheme()
	msgs := hostileMessages(b)
	for _, name := range []string{"huge word", "deep nesting", "zero width", "huge CJK", "many lines", "too deep"} {
		m := msgs[name]
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				renderMessage(&theme, m, 120)
			}
		})
	}
}
