package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"testing"
	"time"

	"konvo/model"
)

func TestColumnsFitEveryWidth(t *testing.T) {
	for w := 20; w <= 260; w++ {
		l := layoutColumns(w, false, false)
		total := 2 + len(l.cols) - 1
		for _, cw := range l.widths {
			total += cw
		}
		if total > w && w >= 60 {
			t.Errorf("width %d: columns need %d", w, total)
		}
		if len(l.cols) == 0 {
			t.Errorf("width %d: no columns", w)
		}
	}
	// The essentials survive at 80 columns; the extras appear when wide.
	names := func(w int) string {
		var out []string
		for _, i := range layoutColumns(w, false, false).cols {
			out = append(out, sessionColumns[i].title)
		}
		return strings.Join(out, ",")
	}
	if got := names(80); got != "Start,Dur,Channel,User,Containment,Msgs,Lang" {
		t.Errorf("80 columns: %s", got)
	}
	if got := names(200); !strings.Contains(got, "Tags") || !strings.Contains(got, "Status") {
		t.Errorf("200 columns: %s", got)
	}
}

func TestRowsUseDisplayWidth(t *testing.T) {
	theme := PlainTheme()
	d := &deps{theme: theme, loc: time.UTC, now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	s := &listScreen{d: d, width: 80, height: 10}
	s.lists[0].rows = []model.Session{
		{ID: "a", UserID: "山田太郎山田太郎山田太郎山田太郎", Channel: "rtm", Start: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		{ID: "b", UserID: "\x1b[2Jevil", Channel: "rtm\x07"},
	}
	for _, line := range s.tableLines(80, 3) {
		if Width(line) > 80 {
			t.Errorf("row of %d cells: %q", Width(line), line)
		}
		if strings.ContainsAny(line, "\x07") || strings.Contains(line, "\x1b[2J") {
			t.Errorf("control reached the row: %q", line)
		}
	}
}

func TestWidthFastPathAgreesWithAnsi(t *testing.T) {
	for _, s := range []string{"", "plain", "\x1b[1;38;5;39mkonvo\x1b[0m · x", "\x1b[48;5;39m▌ row\x1b[m", "日本語", "a\x1b]8;;http://x\x1b\\b", "\x1b[31", "tab\t", "🙂 ok"} {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, ansi says %d", s, got, want)
		}
	}
}

func FuzzWidth(f *testing.F) {
	f.Add("\x1b[1mbold\x1b[0m")
	f.Add("日本\x1b[31m語")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, ansi says %d", s, got, want)
		}
	})
}

func TestContainmentColourSurvivesWideCells(t *testing.T) {
	warn := benchColor{}
	theme := NewTheme(Palette{Name: "t", Accent: warn, Warn: warn, Good: warn, Agent: warn})
	d := &deps{theme: theme, loc: time.UTC, now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	s := &listScreen{d: d, width: 100, height: 10}
	s.lists[0].rows = []model.Session{
		{ID: "sel", UserID: "first"},
		{ID: "a", UserID: "山田太郎", Channel: "rtm", Containment: model.DropOff, ContainmentKnown: true},
	}
	lines := s.tableLines(100, 3)
	want := theme.DropOff.Render(pad("Drop-off", 12))
	if !strings.Contains(lines[2], want) {
		t.Fatalf("the drop-off cell lost its colour in a row with a CJK user id: %q", lines[2])
	}
}

func TestRangeLabel(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		r    model.Range
		want string
	}{
		{model.Range{From: day(2020, 1, 1), To: day(2020, 1, 4)}, "2020-01-01 → 2020-01-03"},
		{model.Range{From: day(2026, 11, 17), To: day(2026, 11, 24)}, "Nov 17 → Nov 23"},
		{model.Range{From: day(2026, 11, 23), To: day(2026, 11, 24)}, "Nov 23"},
		{model.Range{From: day(2026, 11, 17), To: now}, "Nov 17 00:00 → Nov 23 12:00"},
		{model.Range{From: day(2025, 12, 30), To: now}, "2025-12-30 00:00 → 2026-11-23 12:00"},
	} {
		if got := rangeLabel(tc.r, time.UTC, now); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestTailMessagesWrapInsteadOfCutting(t *testing.T) {
	theme := PlainTheme()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	d := &deps{theme: theme, loc: time.UTC, now: func() time.Time { return now }}
	s := &listScreen{d: d, width: 40, height: 12}
	s.lists[0].started, s.lists[0].done = true, true
	s.filter.Range = model.Range{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2020, 1, 4, 0, 0, 0, 0, time.UTC)}
	got := ansi.Strip(strings.Join(s.tableLines(40, 8), " "))
	for _, want := range []string{"2020-01-01", "2020-01-03", "try another tab."} {
		if !strings.Contains(strings.Join(strings.Fields(got), " "), want) {
			t.Errorf("%q missing from %q", want, got)
		}
	}
	if strings.Contains(got, "…") {
		t.Errorf("the message was cut: %q", got)
	}
}

func TestWrapKeepsHyphenatedWordsWhole(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want []string
	}{
		{"session u-f270c49b-0182 ended", 20, []string{"session", "u-f270c49b-0182", "ended"}},
		{"  indented text stays indented", 16, []string{"  indented text", "stays indented"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"日本語の文章", 5, []string{"日本", "語の", "文章"}},
		{"", 5, []string{""}},
		{"a\n\nb", 5, []string{"a", "", "b"}},
	} {
		got := wrap(tc.in, tc.w)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
	}
}
