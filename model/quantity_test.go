package model

import "testing"

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
