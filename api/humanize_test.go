package api_test

import (
	"testing"
	"time"

	"konvo/api"
)

// TestHumanize: waits and ages as the status line words them; past two
// days in days (an offline store's "data from 219 h 35 min ago" read as
// a puzzle, not an age).
func TestHumanize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{45 * time.Second, "45 s"},
		{2*time.Minute + 40*time.Second, "2 min 40 s"},
		{25 * time.Minute, "25 min"},
		{3*time.Hour + 20*time.Minute, "3 h 20 min"},
		{47 * time.Hour, "47 h"},
		{219*time.Hour + 35*time.Minute, "9 days"},
	} {
		if got := api.Humanize(tc.d); got != tc.want {
			t.Errorf("Humanize(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
