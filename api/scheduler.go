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

// burst is how many requests may go at once after a quiet spell; beyond
// it requests are spaced evenly. Spending the minute's budget in two
// seconds (and then nothing for 58) made every later action wait up to a
// minute; an even pace keeps the next action a second or two away.
const burst = 10

// Scheduler paces requests below the rate budget. Every request the client
// sends first waits its turn here: a small burst, then an even rate that
// never reaches the rolling minute's or hour's limit, the user's newest
// request before older ones and before prefetches.
type Scheduler struct {
	limits Limits
	now    func() time.Time

	mu          sync.Mutex
	sent        []time.Time // send times still inside the hour window, oldest first
	tokens      float64     // the burst allowance left
	refilled    time.Time   // when tokens was last brought up to date
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
	return &Scheduler{limits: l, now: now, wake: make(chan struct{}), waiters: map[uint64]Priority{}, tokens: burst}
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
		delay := s.delay(now)
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
	s.refill(now)
	s.tokens--
}

// rate is the even pace in requests per second: the minute's budget less
// the burst, so a burst and a minute of pacing stay within the limit.
func (s *Scheduler) rate() float64 {
	n := s.limits.PerMinute
	if n <= 0 {
		return 0
	}
	return float64(max(n-burst, 1)) / s.limits.Minute.Seconds()
}

func (s *Scheduler) refill(now time.Time) {
	if r := s.rate(); r > 0 && now.After(s.refilled) && !s.refilled.IsZero() {
		s.tokens = min(s.tokens+now.Sub(s.refilled).Seconds()*r, burst)
	}
	s.refilled = now
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

// delay is how long until one more request fits the budget: the pause,
// the even pace, and the rolling windows, whichever is longest.
func (s *Scheduler) delay(now time.Time) time.Duration {
	s.trim(now)
	var d time.Duration
	if s.pausedUntil.After(now) {
		d = s.pausedUntil.Sub(now)
	}
	if r := s.rate(); r > 0 {
		s.refill(now)
		if s.tokens < 1 {
			d = max(d, time.Duration((1-s.tokens)/r*float64(time.Second)))
		}
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
