package ui

import (
	"context"
	"runtime"
	"testing"
	"time"

	"konvo/api"
	"konvo/model"
)

// opaqueCtx hides the context's type from the context package, so every
// child context made from it and not cancelled holds a goroutine: a leak
// can be counted.
type opaqueCtx struct{ context.Context }

func (opaqueCtx) Value(any) any { return nil }

// endlessPager is a pager that always has one more page.
type endlessPager struct{ n int }

func (p *endlessPager) Next(ctx context.Context) (api.SessionPage, error) {
	p.n++
	return api.SessionPage{Sessions: []model.Session{{ID: string(rune('a' + p.n%26))}}}, ctx.Err()
}
func (p *endlessPager) Total() (int, bool)   { return -1, false }
func (p *endlessPager) Invalid() []string    { return nil }
func (p *endlessPager) Filter() model.Filter { return model.Filter{} }

// TestContextsEndWithTheirFetch: each page fetch made a child context and
// kept only the newest cancel, so every page of every list stayed
// registered until quit (per engineer under konvo serve). After 1,000
// pages nothing may have accumulated.
func TestContextsEndWithTheirFetch(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := benchDeps(t)
	d.ctx = opaqueCtx{parent}
	l := &sessionList{pager: &endlessPager{}}
	before := runtime.NumGoroutine()
	for range 1000 {
		cmd := l.fetch(d, nil, 0)
		if cmd == nil {
			t.Fatal("no fetch")
		}
		msg := cmd().(sessionsPageMsg)
		if !l.receive(msg) {
			t.Fatal("page refused")
		}
	}
	time.Sleep(50 * time.Millisecond) // let cancelled watchers exit
	if grew := runtime.NumGoroutine() - before; grew > 5 {
		t.Errorf("%d goroutines more after 1,000 pages: their contexts outlive the fetches", grew)
	}
}

// endlessTranscript always has one more message.
type endlessTranscript struct{ n int }

func (p *endlessTranscript) Next(ctx context.Context) (api.TranscriptPage, error) {
	p.n++
	return api.TranscriptPage{Messages: []model.Message{{ID: "ms-" + string(rune('a'+p.n%26)), Direction: "incoming"}}}, ctx.Err()
}
func (p *endlessTranscript) Total() int { return -1 }

// TestTranscriptContextsEndWithTheirFetch: the same for a transcript's
// pages (a 5,000-message transcript is 50 of them).
func TestTranscriptContextsEndWithTheirFetch(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := benchDeps(t)
	d.ctx = opaqueCtx{parent}
	ts := newTranscriptWith(d, model.Session{ID: "s-1"}, nil)
	ts.pager, ts.done = &endlessTranscript{}, false
	before := runtime.NumGoroutine()
	for range 1000 {
		cmd := ts.fetch()
		if cmd == nil {
			t.Fatal("no fetch")
		}
		ts.receive(cmd().(transcriptMsg))
	}
	time.Sleep(50 * time.Millisecond)
	if grew := runtime.NumGoroutine() - before; grew > 5 {
		t.Errorf("%d goroutines more after 1,000 pages: their contexts outlive the fetches", grew)
	}
}
