package export

import (
	"fmt"
	"io"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"

	"konvo/api"
)

// ProgressLine draws an export's progress on a terminal: a bar, counts,
// and, while requests wait on the rate limit, a countdown that moves
// every second even when no page arrives. On anything but a terminal it
// draws nothing.
type ProgressLine struct {
	w        io.Writer
	tty      bool
	pacing   func() api.Status
	now      func() time.Time
	messages bool
	bar      progress.Model
	mu       sync.Mutex
	last     Progress
	done     chan struct{}
	stopped  chan struct{}
}

// NewProgressLine starts drawing to w when tty is set; pacing says why
// requests wait.
func NewProgressLine(w io.Writer, tty bool, pacing func() api.Status, now func() time.Time, messages bool) *ProgressLine {
	p := &ProgressLine{w: w, tty: tty, pacing: pacing, now: now, messages: messages, done: make(chan struct{}), stopped: make(chan struct{})}
	if !tty {
		close(p.stopped)
		return p
	}
	p.bar = progress.New(progress.WithWidth(30), progress.WithDefaultBlend())
	p.draw()
	go func() {
		defer close(p.stopped)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-tick.C:
				p.draw()
			}
		}
	}()
	return p
}

// Update is an Options.Progress function.
func (p *ProgressLine) Update(pr Progress) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	p.last = pr
	p.mu.Unlock()
	p.draw()
}

func (p *ProgressLine) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr := p.last
	of := fmt.Sprint(pr.Total)
	if !pr.Exact {
		of = "≥" + of
	}
	line := fmt.Sprintf("%d of %s sessions", pr.Sessions, of)
	if p.messages {
		line += fmt.Sprintf(" · %d messages", pr.Messages)
	}
	if why := api.WaitNote(p.pacing(), p.now()); why != "" {
		line += " · " + why
	}
	fmt.Fprintf(p.w, "\r%s %s \x1b[K", p.bar.ViewAs(float64(pr.Sessions)/float64(max(pr.Total, pr.Sessions, 1))), line)
}

// Close stops drawing and clears the line.
func (p *ProgressLine) Close() {
	if !p.tty {
		return
	}
	close(p.done)
	<-p.stopped
	fmt.Fprint(p.w, "\r\x1b[K")
}
