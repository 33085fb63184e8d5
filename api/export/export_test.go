package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/charmbracelet/x/ansi"

	"konvo/model"
)

func TestWithMessagesKeepsTheSessionAsSent(t *testing.T) {
	msgs := []model.Message{{Raw: json.RawMessage(`{"_id":"ms-1", "type":"incoming"}`)}, {Raw: json.RawMessage(`{"_id":"ms-2"}`)}}
	for in, want := range map[string]string{
		`{"sessionId":"a","zz":{"unknown":[1,2]}}`: `{"sessionId":"a","zz":{"unknown":[1,2]},"messages":[{"_id":"ms-1","type":"incoming"},{"_id":"ms-2"}]}`,
		"{ }":                   `{"messages":[{"_id":"ms-1","type":"incoming"},{"_id":"ms-2"}]}`,
		"{\"a\":1}\n":           `{"a":1,"messages":[{"_id":"ms-1","type":"incoming"},{"_id":"ms-2"}]}`,
		`["not","an","object"]`: `["not","an","object"]`,
	} {
		if got := string(WithMessages([]byte(in), msgs)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
	if got := string(WithMessages([]byte(`{"a":1}`), nil)); got != `{"a":1,"messages":[]}` {
		t.Errorf("no messages: %s", got)
	}
}

// TestProgressLineFitsTheTerminal: a progress line longer than the
// terminal is cut, or each redraw would leave a wrapped line behind.
func TestProgressLineFitsTheTerminal(t *testing.T) {
	var b strings.Builder
	l := NewLine(&b, true, func() int { return 40 }, func() (float64, string) {
		return 0.5, strings.Repeat("pacing under the rate limit ", 5)
	})
	l.Close()
	for _, draw := range strings.Split(b.String(), "\r") {
		if w := ansi.StringWidth(strings.TrimSuffix(draw, "\x1b[K")); w > 39 {
			t.Errorf("a line of %d cells on a 40-column terminal: %q", w, draw)
		}
	}
}

// TestResumeDoesNotFollowALink: export -o F --resume followed a symlinked
// F.partial, appending to its target, cutting its last line and making it
// 0600. A link is refused, and its target left as it was.
func TestResumeDoesNotFollowALink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious.txt")
	const content = "line one\nline two without end"
	if err := os.WriteFile(target, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	if err := os.Symlink(target, out+PartialSuffix); err != nil {
		t.Fatal(err)
	}
	if _, err := Resume(out); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("resume through a link: %v", err)
	}
	if _, err := Create(out); err == nil {
		t.Fatal("create through a link")
	}
	got, _ := os.ReadFile(target)
	fi, _ := os.Stat(target)
	if string(got) != content || fi.Mode().Perm() != 0o644 {
		t.Errorf("the link's target was changed: %q %v", got, fi.Mode())
	}
}

// TestQuietLineSaysItIsAlive: off a terminal the progress line drew
// nothing, so a long wait (a server that never answers) was silent.
func TestQuietLineSaysItIsAlive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var b strings.Builder
		var mu sync.Mutex
		w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return b.Write(p) })
		l := NewLine(w, false, nil, func() (float64, string) { return 0.5, "3 of 6 sessions · retrying after an error in 4 s" })
		time.Sleep(31 * time.Second)
		synctest.Wait()
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		if got := b.String(); strings.Count(got, "konvo: 3 of 6 sessions") != 2 || strings.Contains(got, "\x1b") {
			t.Errorf("off a terminal, after 31 s: %q", got)
		}
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
