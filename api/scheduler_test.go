package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSchedulerKeepsUnderTheMinuteBudget(t *testing.T) {
	s := NewScheduler(Limits{PerMinute: 5, Minute: 100 * time.Millisecond}, nil)
	start := time.Now()
	for i := 0; i < 11; i++ {
		if err := s.Wait(context.Background(), Interactive); err != nil {
			t.Fatal(err)
		}
	}
	// 11 requests at 5 per (100 ms + slack) need two full windows.
	if el := time.Since(start); el < 2*(100*time.Millisecond+windowSlack) {
		t.Errorf("11 requests in %v: budget not kept", el)
	}
}

func TestSchedulerHourBudget(t *testing.T) {
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
	s := NewScheduler(Limits{PerMinute: 1, Minute: 60 * time.Millisecond}, nil)
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
		time.Sleep(5 * time.Millisecond) // the prefetches queue first
	}
	wg.Wait()
	if order[0] != Interactive {
		t.Errorf("order %v: the interactive request waited behind prefetches", order)
	}
}

func TestSchedulerPauseAndCancel(t *testing.T) {
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
}

func TestMinterReusesAndRefreshes(t *testing.T) {
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
