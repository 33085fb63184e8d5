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
	// Background is the share of the rolling minute that work done ahead
	// (prefetch, counts, sync behind a screen) may take; the rest is kept
	// for what a person waits for. Zero means half.
	Background float64
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

// burstFor is how many requests may go at once after a quiet spell: a
// sixth of the minute's budget, at most 10. Beyond it requests are spaced
// so that what is left of the rolling minute is spread until its oldest
// request ages out: spending the minute's budget in two seconds (and then
// nothing for 58) made every later action wait up to a minute, and a
// fixed burst of 10 at a budget of 8 left 2 a minute to pace.
func burstFor(perMinute int) int { return min(max(perMinute/6, 1), 10) }

// Scheduler paces requests below the rate budget. Every request the client
// sends first waits its turn here: a small burst, then an even rate that
// never reaches the rolling minute's or hour's limit, the user's newest
// request before older ones and before prefetches.
type Scheduler struct {
	limits Limits
	now    func() time.Time

	mu          sync.Mutex
	sent        []time.Time // send times still inside the hour window, oldest first
	pausedUntil time.Time
	pauseReason WaitReason
	waiters     map[uint64]Priority // tickets of the requests waiting
	seq         uint64
	wake        chan struct{} // closed and replaced when the state changes
	count       int           // requests let through, ever
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
	if l.Background <= 0 || l.Background > 1 {
		l.Background = 0.5
	}
	return &Scheduler{limits: l, now: now, wake: make(chan struct{}), waiters: map[uint64]Priority{}}
}

// Wait blocks until a request of priority p may be sent, and counts it as
// sent. It returns early with the context's error. Of the requests
// waiting, the interactive ones go first, newest first: the user's last
// action is what they are looking at.
func (s *Scheduler) Wait(ctx context.Context, p Priority) error {
	s.mu.Lock()
	s.seq++
	ticket := s.seq
	s.waiters[ticket] = p
	defer func() {
		delete(s.waiters, ticket)
		s.broadcast()
		s.mu.Unlock()
	}()
	for {
		now := s.now()
		delay := s.delayFor(now, p)
		if delay <= 0 && s.next() == ticket {
			s.take(now)
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

// next is the ticket that goes first: interactive before prefetch, then
// the newest.
func (s *Scheduler) next() uint64 {
	var best uint64
	bestP := Prefetch + 1
	for t, p := range s.waiters {
		if p < bestP || p == bestP && t > best {
			best, bestP = t, p
		}
	}
	return best
}

// Count is how many requests the scheduler has let through.
func (s *Scheduler) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// take counts a request as sent now.
func (s *Scheduler) take(now time.Time) {
	s.sent = append(s.sent, now)
	s.count++
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
	st := Status{Waiting: len(s.waiters)}
	if d := s.delay(now); d > 0 {
		st.Until = now.Add(d)
		st.Reason = RateBudget
		if s.pausedUntil.After(now) {
			st.Reason = s.pauseReason
		}
	}
	return st
}

// delay is how long until one more request the user waits for fits the
// budget.
func (s *Scheduler) delay(now time.Time) time.Duration { return s.delayFor(now, Interactive) }

// delayFor is how long until one more request of priority p fits: the
// pause, the pace, the rolling windows, and for work done ahead its
// share of the minute, whichever is longest.
func (s *Scheduler) delayFor(now time.Time, p Priority) time.Duration {
	s.trim(now)
	var d time.Duration
	if s.pausedUntil.After(now) {
		d = s.pausedUntil.Sub(now)
	}
	window := s.limits.Minute + windowSlack
	if n := s.limits.PerMinute; n > 0 {
		start := s.firstAfter(now.Add(-window))
		inWindow := len(s.sent) - start
		switch {
		case inWindow >= n:
			d = max(d, s.sent[len(s.sent)-n].Add(window).Sub(now))
		case inWindow >= burstFor(n):
			// An even pace of the budget, and, after a burst, what is left
			// of the minute spread until the burst ages out: the window is
			// never run into, so no request waits out a whole minute.
			last := s.sent[len(s.sent)-1]
			frees := s.sent[start].Add(window)
			step := max(window/time.Duration(n), frees.Sub(last)/time.Duration(n-inWindow+1))
			d = max(d, last.Add(step).Sub(now))
		}
		if p == Prefetch {
			share := max(int(float64(n)*s.limits.Background), 1)
			if inWindow >= share {
				// Work done ahead waits until the minute is less than its
				// share full, keeping the rest for what a person asks.
				d = max(d, s.sent[len(s.sent)-share].Add(window).Sub(now))
			}
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
