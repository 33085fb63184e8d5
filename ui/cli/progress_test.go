package cli

import (
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/charmbracelet/x/ansi"
)

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
