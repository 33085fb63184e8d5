package api

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestDedupAfterTheLastCallerLeft: a reload while the first page was on
// its way joined the request being cancelled for the screen it replaced,
// and showed "cancelled". A caller after the last one left starts afresh.
func TestDedupAfterTheLastCallerLeft(t *testing.T) {
	t.Parallel()
	var d dedup
	var runs atomic.Int32
	run := func(ctx context.Context) ([]byte, error) {
		runs.Add(1)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
			return []byte("page"), nil
		}
	}
	first, leave := context.WithCancel(context.Background())
	go func() { time.Sleep(5 * time.Millisecond); leave() }()
	if _, err := d.do(first, "k", time.Now, run); err == nil {
		t.Fatal("the caller who left got an answer")
	}
	data, err := d.do(context.Background(), "k", time.Now, run)
	if err != nil || string(data) != "page" {
		t.Fatalf("the next caller: %q, %v", data, err)
	}
	if runs.Load() != 2 {
		t.Errorf("%d runs, want 2 (the cancelled one and a fresh one)", runs.Load())
	}
	// Within reuseFor the answer is shared, unless fresh is asked.
	if _, err := d.do(context.Background(), "k", time.Now, run); err != nil || runs.Load() != 2 {
		t.Errorf("a recent answer was not reused: %d runs, %v", runs.Load(), err)
	}
	if _, err := d.do(WithFresh(context.Background()), "k", time.Now, run); err != nil || runs.Load() != 3 {
		t.Errorf("a fresh request reused an answer: %d runs, %v", runs.Load(), err)
	}
}
