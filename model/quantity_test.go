package model

import (
	"testing"
	"time"
)

func TestQuantity(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 sessions"}, {1, "1 session"}, {2, "2 sessions"}, {1234, "1,234 sessions"}, {-1, "-1 session"}, {1000000, "1,000,000 sessions"}, {-12345, "-12,345 sessions"}} {
		if got := Quantity(c.n, "session", "sessions"); got != c.want {
			t.Errorf("Quantity(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "1 min", 5 * time.Minute: "5 min", 3 * time.Hour: "3 h",
		24 * time.Hour: "1 day", 6*24*time.Hour + 2*time.Hour: "6 days", 23*time.Hour + 40*time.Minute: "1 day",
	} {
		if got := Span(d); got != want {
			t.Errorf("Span(%v) = %q, want %q", d, got, want)
		}
	}
}
