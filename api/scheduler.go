package api

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Priority orders waiting requests: what the user is looking at goes
// before what konvo fetches ahead.
type Priority int

// The priorities.
const (
	Interactive Priority = iota
	Prefetch
)

// Limits is a rate budget over two rolling windows.
type Limits struct {
	PerMinute int
	PerHour   int
	// Minute and Hour are the window lengths; zero means a minute and an
	// hour. Tests shrink them.
	Minute, Hour time.Duration
}

// Kore.ai's documented analytics API limits per bot.
const (
	DefaultPerMinute = 60
	DefaultPerHour   = 1800
)

// windowSlack widens each window a little: the server counts requests by
// its own clock and arrival time, so a request must not be sent the very
// instant the oldest one leaves our window.
const windowSlack = 1500 * time.Millisecond

// Scheduler paces requests below the rate budget. Every request the client
// sends first waits its turn here.
type Scheduler struct {
	limits Limits
	now    func() time.Time

	mu           sync.Mutex
	sent         []time.Time // send times still inside the hour window, oldest first
	pausedUntil  time.Time
	pauseReason  WaitReason
	interactives int           // interactive requests waiting
	waiting      int           // all requests waiting
	wake         chan struct{} // closed and replaced when the state changes
}

// NewScheduler makes a scheduler for the limits; a zero limit is no limit.
func NewScheduler(l Limits, now func() time.Time) *Scheduler {
	if l.Minute <= 0 {
		l.Minute = time.Minute
	}
	if l.Hour <= 0 {
		l.Hour = time.Hour
	}
	if now == nil {
		now = time.Now
	}
	return &Scheduler{limits: l, now: now, wake: make(chan struct{})}
}

// Wait blocks until a request of priority p may be sent, and counts it as
// sent. It returns early with the context's error.
func (s *Scheduler) Wait(ctx context.Context, p Priority) error {
	s.mu.Lock()
	s.waiting++
	if p == Interactive {
		s.interactives++
	}
	defer func() {
		s.waiting--
		if p == Interactive {
			s.interactives--
		}
		s.broadcast()
		s.mu.Unlock()
	}()
	for {
		now := s.now()
		delay := s.delay(now)
		yield := p == Prefetch && s.interactives > 0
		if delay <= 0 && !yield {
			s.sent = append(s.sent, now)
			return nil
		}
		wake := s.wake
		s.mu.Unlock()
		var timer *time.Timer
		var fire <-chan time.Time
		if delay > 0 {
			timer = time.NewTimer(delay)
			fire = timer.C
		}
		var err error
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-fire:
		case <-wake:
		}
		if timer != nil {
			timer.Stop()
		}
		s.mu.Lock()
		if err != nil {
			return err
		}
	}
}

// Pause holds every request until t; the client calls it when the server
// says to slow down (429 with Retry-After).
func (s *Scheduler) Pause(until time.Time, reason WaitReason) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.After(s.pausedUntil) {
		s.pausedUntil, s.pauseReason = until, reason
		s.broadcast()
	}
}

// WaitReason says why requests are being held back.
type WaitReason int

// The reasons a request waits.
const (
	NotWaiting  WaitReason = iota
	RateBudget             // pacing under the bot's rate limit
	RateLimited            // the server answered 429
	RetryWait              // backing off after an error
)

// Status says whether requests are being held back, until when, and why:
// the UI shows it while a fetch waits.
type Status struct {
	Waiting int
	Until   time.Time
	Reason  WaitReason
}

// Status reports the scheduler's state now.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st := Status{Waiting: s.waiting}
	if d := s.delay(now); d > 0 {
		st.Until = now.Add(d)
		st.Reason = RateBudget
		if s.pausedUntil.After(now) {
			st.Reason = s.pauseReason
		}
	}
	return st
}

// delay is how long until one more request fits the budget.
func (s *Scheduler) delay(now time.Time) time.Duration {
	s.trim(now)
	var d time.Duration
	if s.pausedUntil.After(now) {
		d = s.pausedUntil.Sub(now)
	}
	if n := s.limits.PerMinute; n > 0 {
		start := s.firstAfter(now.Add(-s.limits.Minute - windowSlack))
		if inWindow := len(s.sent) - start; inWindow >= n {
			d = max(d, s.sent[len(s.sent)-n].Add(s.limits.Minute+windowSlack).Sub(now))
		}
	}
	if n := s.limits.PerHour; n > 0 && len(s.sent) >= n {
		d = max(d, s.sent[len(s.sent)-n].Add(s.limits.Hour+windowSlack).Sub(now))
	}
	return d
}

// trim forgets send times older than both windows.
func (s *Scheduler) trim(now time.Time) {
	keep := max(s.limits.Hour, s.limits.Minute) + windowSlack
	if i := s.firstAfter(now.Add(-keep)); i > 0 {
		s.sent = append(s.sent[:0], s.sent[i:]...)
	}
}

func (s *Scheduler) firstAfter(t time.Time) int {
	return sort.Search(len(s.sent), func(i int) bool { return s.sent[i].After(t) })
}

func (s *Scheduler) broadcast() {
	close(s.wake)
	s.wake = make(chan struct{})
}

// HourFree is how long until the hour window has room again by this
// client's own count; with no record of the hour (another client spent
// it), a full hour.
func (s *Scheduler) HourFree(now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trim(now)
	if n := s.limits.PerHour; n > 0 && len(s.sent) >= n {
		return s.sent[len(s.sent)-n].Add(s.limits.Hour + windowSlack).Sub(now)
	}
	return s.limits.Hour
}
