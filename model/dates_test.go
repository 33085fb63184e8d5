package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var tokyo = time.FixedZone("JST", 9*3600)

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC)
	tests := []struct {
		in   string
		b    Bound
		loc  *time.Location
		want time.Time
	}{
		{"2026-11-01", StartBound, time.UTC, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-11-01", EndBound, time.UTC, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
		{"2026-11-01", StartBound, tokyo, time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC)},
		{"2019-04-01T13:25:58.515Z", StartBound, tokyo, time.Date(2019, 4, 1, 13, 25, 58, 515e6, time.UTC)},
		{"24h", StartBound, time.UTC, now.Add(-24 * time.Hour)},
		{"7d", StartBound, time.UTC, now.AddDate(0, 0, -7)},
		{"2w", StartBound, time.UTC, now.AddDate(0, 0, -14)},
		{"90m", StartBound, time.UTC, now.Add(-90 * time.Minute)},
		{"today", StartBound, time.UTC, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{"today", EndBound, time.UTC, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
		{"yesterday", StartBound, tokyo, time.Date(2026, 11, 23, 0, 0, 0, 0, tokyo)}, // 15:30 UTC is already the 24th in Tokyo
		{"now", EndBound, time.UTC, now},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.b, now, tt.loc)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%q (%v, %v): got %v, %v; want %v", tt.in, tt.b, tt.loc, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "tomorrowish", "2026-13-01", "5y", "-3d", "d"} {
		if _, err := ParseDate(bad, StartBound, now, nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseRangeDefaultFitsOneWindow(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC)
	r, err := ParseRange("", "", now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Windows(MaxWindow)); got != 1 {
		t.Errorf("default range needs %d windows", got)
	}
	if !r.From.Equal(time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)) || !r.To.Equal(now) {
		t.Errorf("got %v", r)
	}
	if _, err := ParseRange("today", "yesterday", now, time.UTC); err == nil {
		t.Error("empty range accepted")
	}
}

func TestWindowsCoverTheRangeExactly(t *testing.T) {
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, span := range []time.Duration{time.Minute, 24 * time.Hour, MaxWindow, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 31*24*time.Hour + 1234567*time.Microsecond} {
		r := Range{From: base.Add(123 * time.Microsecond), To: base.Add(span)}
		ws := r.Windows(MaxWindow)
		if len(ws) == 0 {
			t.Fatalf("%v: no windows", span)
		}
		if ws[0].To.Before(r.To) {
			t.Errorf("%v: first window ends %v before range end %v", span, ws[0].To, r.To)
		}
		for i, w := range ws {
			if d := w.Duration(); d <= 0 || d >= 7*24*time.Hour {
				t.Errorf("%v: window %d lasts %v", span, i, d)
			}
			if i > 0 && !ws[i-1].From.Equal(w.To) {
				t.Errorf("%v: gap or overlap between windows %d and %d", span, i-1, i)
			}
		}
		if last := ws[len(ws)-1]; last.From.After(r.From) {
			t.Errorf("%v: last window starts %v after range start", span, last.From)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-01", "7d", "today", "2019-04-01T13:25:58.515Z", "99999d"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseDate(s, EndBound, now, tokyo)
		if r, err := ParseRange(s, "", now, tokyo); err == nil {
			ws := r.Windows(MaxWindow)
			if len(ws) > 0 && ws[0].To.Before(r.To.Truncate(time.Millisecond)) {
				t.Fatalf("windows do not reach the end")
			}
		}
	})
}

func TestTagFilter(t *testing.T) {
	tf, err := ParseTagFilter("user:tier=gold,silver")
	if err != nil || tf.Type != "user" || tf.Name != "tier" || len(tf.Values) != 2 {
		t.Fatalf("got %+v %v", tf, err)
	}
	if tf.String() != "user:tier=gold,silver" {
		t.Errorf("string %q", tf.String())
	}
	for _, bad := range []string{"x", "=y", "x=", "user:=1"} {
		if _, err := ParseTagFilter(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestRangeErrorsInTheUsersWords: a reversed range used to read
// "2026-11-20T00:00:00Z is not before 2026-11-11T00:00:00Z".
func TestRangeErrorsInTheUsersWords(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	_, err := ParseRange("2026-11-20", "2026-11-10", now, time.UTC)
	var re *RangeError
	if !errors.As(err, &re) {
		t.Fatalf("got %v", err)
	}
	if got := re.Words("--from", "--to"); got != "--to (Nov 10) is before --from (Nov 20)" {
		t.Errorf("CLI: %q", got)
	}
	if got := err.Error(); got != "To (Nov 10) is before From (Nov 20)" {
		t.Errorf("form: %q", got)
	}
	_, err = ParseRange("last tuesday", "", now, time.UTC)
	if !errors.As(err, &re) || !strings.HasPrefix(re.Words("--from", "--to"), "--from: cannot read date") || !strings.HasPrefix(err.Error(), "From: cannot read date") {
		t.Errorf("unreadable: %v", err)
	}
}
