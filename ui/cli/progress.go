package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/ansi"

	"konvo/api"
	"konvo/api/export"
)

// Line draws a long job's progress on a terminal: a bar and words,
// redrawn at each Draw and every second in between, so a wait on the
// rate limit counts down even when nothing arrives. On anything but a
// terminal (a log, a pipe) it writes the words as a line every
// quietEvery, so a long wait is never silent.
type Line struct {
	w       io.Writer
	width   func() int // the terminal's columns (0: unknown)
	words   func() (done float64, text string)
	bar     progress.Model
	mu      sync.Mutex // one redraw at a time: the ticker's and Draw's
	stop    chan struct{}
	stopped chan struct{}
}

// NewLine starts drawing when tty is set; words says how far the job is
// (0 to 1) and what to say. The line is cut to width: a line that wraps
// is not returned to by \r, and each redraw would leave one behind.
func NewLine(w io.Writer, tty bool, width func() int, words func() (float64, string)) *Line {
	if width == nil {
		width = func() int { return 0 }
	}
	l := &Line{w: w, width: width, words: words, stop: make(chan struct{}), stopped: make(chan struct{})}
	if !tty {
		l.w = nil
		go l.every(quietEvery, func() { l.note(w) })
		return l
	}
	l.bar = progress.New(progress.WithWidth(30), progress.WithDefaultBlend())
	l.Draw()
	go l.every(time.Second, l.Draw)
	return l
}

// every calls f every d until Close.
func (l *Line) every(d time.Duration, f func()) {
	defer close(l.stopped)
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-tick.C:
			f()
		}
	}
}

// Draw redraws the line now.
func (l *Line) Draw() {
	if l.w == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	done, text := l.words()
	line := l.bar.ViewAs(done) + " " + text
	if w := l.width(); w > 1 {
		line = ansi.Truncate(line, w-1, "…")
	}
	fmt.Fprintf(l.w, "\r%s\x1b[K", line)
}

// quietEvery is how often a job off a terminal says how far it is.
const quietEvery = 15 * time.Second

// note writes the words as a line, off a terminal.
func (l *Line) note(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, text := l.words()
	fmt.Fprintf(w, "konvo: %s\n", text)
}

// Close stops drawing and clears the line.
func (l *Line) Close() {
	close(l.stop)
	<-l.stopped
	if l.w == nil {
		return
	}
	fmt.Fprint(l.w, "\r\x1b[K")
}

// NewProgressLine is an export's line: sessions, messages, and why
// requests wait. Its Update is an export.Options.Progress function.
func NewProgressLine(w io.Writer, tty bool, width func() int, pacing func() api.Status, now func() time.Time, messages bool) (*Line, func(export.Progress)) {
	var mu sync.Mutex
	var last export.Progress
	l := NewLine(w, tty, width, func() (float64, string) {
		mu.Lock()
		pr := last
		mu.Unlock()
		of := fmt.Sprint(pr.Total)
		if !pr.Exact {
			of = "≥" + of
		}
		text := fmt.Sprintf("%d of %s sessions", pr.Sessions, of)
		if messages {
			text += fmt.Sprintf(" · %d messages", pr.Messages)
		}
		if why := api.WaitNote(pacing(), now()); why != "" {
			text += " · " + why
		}
		return float64(pr.Sessions) / float64(max(pr.Total, pr.Sessions, 1)), text
	})
	return l, func(pr export.Progress) {
		mu.Lock()
		last = pr
		mu.Unlock()
		l.Draw()
	}
}
