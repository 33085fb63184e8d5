package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestSearchFollowsArrivingPages(t *testing.T) {
	d := benchDeps(t)
	s, msgs := longTranscript(t)
	ts := newTranscriptWith(d, s, msgs[:100])
	ts.resize(100, 30)
	ts.search("Message 1")
	before := append([]int(nil), ts.matches...)
	ts.append(msgs[100:300])
	all := newTranscriptWith(d, s, msgs[:300])
	all.resize(100, 30)
	all.search("Message 1")
	if !reflect.DeepEqual(ts.matches, all.matches) {
		t.Fatalf("after a page arrived: %v\nsearching all at once: %v", ts.matches, all.matches)
	}
	if len(ts.matches) <= len(before) {
		t.Fatalf("no match found in the new page (%d before, %d after)", len(before), len(ts.matches))
	}
	for _, i := range ts.matches {
		if !ts.isMatch(i) || ts.isMatch(i+1) && !containsInt(ts.matches, i+1) {
			t.Fatalf("isMatch disagrees with matches at %d", i)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestDetailsKeepThePlace: i used to scroll the selected message off the
// screen (seen at 80x24 and 120x40).
func TestDetailsKeepThePlace(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		d := benchDeps(t)
		s, msgs := longTranscript(t)
		ts := newTranscriptWith(d, s, msgs[:300])
		ts.resize(size[0], size[1])
		for range 40 {
			ts.key(keyPress("j"))
		}
		before, visible := ts.rowOf(ts.cursor)
		if !visible {
			t.Fatal("the selection is off screen before the toggle")
		}
		for _, step := range []string{"details on", "details off"} {
			ts.key(keyPress("i"))
			row, visible := ts.rowOf(ts.cursor)
			if !visible || row != before {
				t.Errorf("%dx%d %s: the selection starts on row %d (visible %v), was %d", size[0], size[1], step, row, visible, before)
			}
		}
	}
}

// TestViewIsPure: drawing the raw view used to write its height back into
// the model (raw_view.go); a frame must change nothing.
func TestViewIsPure(t *testing.T) {
	_, msgs := longTranscript(t)
	r := newRawView(msgs[0], 5, "y")
	before := *r
	theme := PlainTheme()
	_ = r.lines(&theme, 80, 10)
	if !reflect.DeepEqual(*r, before) {
		t.Errorf("drawing changed the raw view: %+v, was %+v", *r, before)
	}
}

func keyPress(k string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// TestRawViewCopiesItsJSON: y in the raw view copied nothing while the
// status line said "copied the message text".
func TestRawViewCopiesItsJSON(t *testing.T) {
	d := benchDeps(t)
	s, msgs := longTranscript(t)
	ts := newTranscriptWith(d, s, msgs[:5])
	ts.resize(100, 30)
	ts.key(keyPress("J"))
	if ts.raw == nil {
		t.Fatal("J did not open the raw view")
	}
	cmd := ts.key(keyPress("y"))
	if cmd == nil {
		t.Fatal("y in the raw view copies nothing")
	}
	if got := fmt.Sprint(cmd()); got != string(msgs[0].Raw) {
		t.Errorf("copied %q, want the message's JSON", got)
	}
	if !strings.Contains(ts.flash.text, "copied the raw JSON") {
		t.Errorf("note %q", ts.flash.text)
	}
}

// TestSearchWordsInAnyOrder: a transcript search holds every word, in
// any order and case, as the search across transcripts does, and marks
// each word.
func TestSearchWordsInAnyOrder(t *testing.T) {
	th := benchDeps(t).theme
	line := "Debit •••• 4821 or credit"
	got := highlight(&th, line, "4821 DEBIT")
	if ansi.Strip(got) != line || !strings.Contains(got, th.Highlight.Render("Debit")) || !strings.Contains(got, th.Highlight.Render("4821")) {
		t.Errorf("highlight: %q", got)
	}
	if !holdsAll(strings.ToLower(line), queryWords("4821 DEBIT")) || holdsAll(strings.ToLower(line), queryWords("4821 savings")) {
		t.Error("holdsAll")
	}
}

// TestDefaultFileNameOfAHostileID: bidi characters from a session id
// reached the terminal raw in the save prompt, and a 300-character id gave
// a default name the file system refused.
func TestDefaultFileNameOfAHostileID(t *testing.T) {
	for id, check := range map[string]func(string) bool{
		"evil\u202egnp.exe":      func(n string) bool { return !strings.ContainsRune(n, '\u202e') && strings.HasPrefix(n, "evil") },
		strings.Repeat("a", 300): func(n string) bool { return len(n) < 100 },
		"../../etc/passwd":       func(n string) bool { return !strings.Contains(n, "/") && !strings.HasPrefix(n, ".") },
		"id\x1b[2J\r":            func(n string) bool { return !strings.ContainsAny(n, "\x1b\r") },
		"日本語のセッション":              func(n string) bool { return n == "日本語のセッション" },
		strings.Repeat("あ", 300): func(n string) bool { return len(n) <= maxFileID+9 && utf8.ValidString(n) },
		"":                       func(n string) bool { return n == "session" },
	} {
		if got := fileSafe(id); !check(got) {
			t.Errorf("fileSafe(%.20q) = %q", id, got)
		}
	}
	if fileSafe(strings.Repeat("a", 300)) == fileSafe(strings.Repeat("a", 299)+"b") {
		t.Error("two long ids share a file name")
	}
}
