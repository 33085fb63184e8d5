package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The scheduler's tests run in a synctest bubble: its clock is fake and
// moves only when every goroutine waits, so minutes of pacing take no
// time and the timings are exact.

func TestSchedulerKeepsUnderTheMinuteBudget(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(Limits{PerMinute: 60}, nil)
		var sent []time.Time
		for range 200 {
			if err := s.Wait(context.Background(), Interactive); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, time.Now())
		}
		for i := 60; i < len(sent); i++ {
			if d := sent[i].Sub(sent[i-60]); d < time.Minute {
				t.Fatalf("61 requests within %v", d)
			}
		}
	})
}

// TestSchedulerBurstThenEvenPace: the old scheduler sent a minute's 60
// requests in 2 s and then nothing for 58 s, so one heavy action made
// every later one wait up to a minute.
func TestSchedulerBurstThenEvenPace(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(Limits{PerMinute: 60}, nil)
		start := time.Now()
		last := start
		var worst time.Duration
		for i := range 300 {
			if err := s.Wait(context.Background(), Interactive); err != nil {
				t.Fatal(err)
			}
			if i < burstFor(60) && time.Since(start) > 0 {
				t.Fatalf("request %d of the burst waited %v", i, time.Since(start))
			}
			worst = max(worst, time.Since(last))
			last = time.Now()
		}
		if worst > 1500*time.Millisecond {
			t.Errorf("a request waited %v after the one before; want an even pace of about 1.2 s", worst)
		}
		if rate := 300 / time.Since(start).Minutes(); rate < 48 || rate > 60 {
			t.Errorf("%.1f requests a minute", rate)
		}
	})
}

// TestSchedulerNewestActionGoesNext: after a heavy action queued many
// requests, the user's next action goes before them, within a pace step.
func TestSchedulerNewestActionGoesNext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(Limits{PerMinute: 60}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for range 100 { // G on a long transcript: many pages queued
			go func() { _ = s.Wait(ctx, Interactive) }()
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		asked := time.Now()
		if err := s.Wait(context.Background(), Interactive); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(asked); d > 1500*time.Millisecond {
			t.Errorf("the newest action waited %v behind older work", d)
		}
	})
}

func TestSchedulerHourBudget(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	s := NewScheduler(Limits{PerMinute: 1000, PerHour: 3}, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if s.delay(now) != 0 {
			t.Fatal("delayed under budget")
		}
		s.sent = append(s.sent, now)
	}
	if d := s.delay(now); d < time.Hour {
		t.Errorf("4th request may go after %v, want an hour", d)
	}
	if st := s.Status(); st.Reason != RateBudget || st.Until.Sub(now) < time.Hour {
		t.Errorf("status %+v", st)
	}
}

func TestSchedulerServesInteractiveFirst(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(Limits{PerMinute: 1, Minute: time.Minute}, nil)
		_ = s.Wait(context.Background(), Interactive) // use the budget up
		var mu sync.Mutex
		var order []Priority
		var wg sync.WaitGroup
		for _, p := range []Priority{Prefetch, Prefetch, Interactive} {
			wg.Add(1)
			go func(p Priority) {
				defer wg.Done()
				if err := s.Wait(context.Background(), p); err == nil {
					mu.Lock()
					order = append(order, p)
					mu.Unlock()
				}
			}(p)
			synctest.Wait() // the prefetches queue first
		}
		wg.Wait()
		if order[0] != Interactive {
			t.Errorf("order %v: the interactive request waited behind prefetches", order)
		}
	})
}

func TestSchedulerPauseAndCancel(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(Limits{}, nil)
		s.Pause(time.Now().Add(time.Hour), RateLimited)
		if st := s.Status(); st.Reason != RateLimited {
			t.Errorf("status %+v", st)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := s.Wait(ctx, Interactive); err != context.DeadlineExceeded {
			t.Errorf("got %v", err)
		}
		if st := s.Status(); st.Waiting != 0 {
			t.Errorf("a cancelled waiter is still counted: %+v", st)
		}
	})
}

func TestMinterReusesAndRefreshes(t *testing.T) {
	t.Parallel()
	m, _ := NewMinter("cs-1", "s3cret", 10*time.Minute)
	now := time.Unix(1700000000, 0)
	a, _ := m.Token(now, false)
	b, _ := m.Token(now.Add(time.Minute), false)
	if a != b {
		t.Error("token re-minted too early")
	}
	c, _ := m.Token(now.Add(9*time.Minute+30*time.Second), false)
	if c == a {
		t.Error("token not re-minted near expiry")
	}
	d, _ := m.Token(now.Add(9*time.Minute+31*time.Second), true)
	if d == c {
		t.Error("fresh did not mint")
	}
	if _, err := NewMinter("", "x", 0); err == nil {
		t.Error("empty id accepted")
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"12": 12 * time.Second, "0": 0, "": 0, "soon": 0, "99999": 99999 * time.Second,
		"99999999999999999": 10000 * time.Hour, // kept as asked, without overflow
		now.Add(30 * time.Second).Format(http.TimeFormat): 30 * time.Second,
	} {
		h := map[string][]string{"Retry-After": {v}}
		if got := retryAfter(h, now); got != want {
			t.Errorf("%q: %v want %v", v, got, want)
		}
	}
}

func TestCredentialsNeverPrint(t *testing.T) {
	t.Parallel()
	m, _ := NewMinter("cs-1", "s3cret-value", 0)
	tok, _ := m.Token(time.Now(), false)
	st := StaticToken(tok)
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		for _, v := range []any{m, st, *m} {
			out := fmt.Sprintf(format, v)
			if strings.Contains(out, "s3cret") || strings.Contains(out, tok) {
				t.Errorf("%s of %T leaks: %s", format, v, out)
			}
		}
	}
}

// TestSustainedRateEqualsTheBudget: with a fixed burst of 10 and the rest
// paced at (limit − 10) a minute, konvo sustained 2 requests a minute at
// --rate 8 or 10, and 50 at 60. The sustained rate is now the budget
// (within 5 % over ten minutes), never more in any rolling minute.
func TestSustainedRateEqualsTheBudget(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{8, 10, 20, 60} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := NewScheduler(Limits{PerMinute: limit}, nil)
				start := time.Now()
				var sent []time.Time
				for time.Since(start) < 10*time.Minute {
					if err := s.Wait(context.Background(), Interactive); err != nil {
						t.Fatal(err)
					}
					sent = append(sent, time.Now())
				}
				in10 := 0
				for _, at := range sent {
					if at.Sub(start) < 10*time.Minute {
						in10++
					}
				}
				if want := 10 * limit; float64(in10) < 0.95*float64(want) || in10 > want+burstFor(limit) {
					t.Errorf("%d requests in ten minutes at %d a minute", in10, limit)
				}
				for i := limit; i < len(sent); i++ {
					if d := sent[i].Sub(sent[i-limit]); d < time.Minute {
						t.Fatalf("%d requests within %v", limit+1, d)
					}
				}
			})
		})
	}
}

// TestBackgroundLeavesHalfTheMinute: at 8 requests a minute one engineer's
// start-up (the list, three tab counts, three prefetches) took the whole
// minute, and a second engineer saw "next request in 57 s". Work done
// ahead now takes at most half the rolling minute, and the second
// engineer's page comes within 10 s.
func TestBackgroundLeavesHalfTheMinute(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(Limits{PerMinute: 8}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var mu sync.Mutex
		var ahead []time.Time
		if err := s.Wait(ctx, Interactive); err != nil { // engineer A's list
			t.Fatal(err)
		}
		for range 6 { // A's counts and prefetches
			go func() {
				if s.Wait(ctx, Prefetch) == nil {
					mu.Lock()
					ahead = append(ahead, time.Now())
					mu.Unlock()
				}
			}()
		}
		time.Sleep(100 * time.Millisecond)
		asked := time.Now()
		if err := s.Wait(ctx, Interactive); err != nil { // engineer B's list
			t.Fatal(err)
		}
		if d := time.Since(asked); d > 10*time.Second {
			t.Errorf("the second engineer's page waited %v", d)
		}
		time.Sleep(3 * time.Minute)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		for i := range ahead {
			n := 0
			for _, at := range ahead {
				if !at.Before(ahead[i]) && at.Sub(ahead[i]) < time.Minute {
					n++
				}
			}
			if n > 4 {
				t.Fatalf("%d requests done ahead within a minute at a budget of 8", n)
			}
		}
		if len(ahead) != 6 {
			t.Errorf("%d of 6 requests done ahead were sent in three minutes", len(ahead))
		}
	})
}
