package api

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// reuseFor is how long an answer is handed to an identical request: long
// enough for a team opening the same list together (under konvo serve,
// twenty engineers asked for the same list and counts 98 times), short
// enough that r still means fresh.
const reuseFor = 5 * time.Second

// dedup makes identical requests once: one in flight, its answer shared
// with every caller that asked meanwhile and with those who ask within
// reuseFor. Requests are identical when their operation, query, body and
// priority are (a person's request never waits behind work done ahead).
type dedup struct {
	mu       sync.Mutex
	inflight map[string]*flight
	recent   map[string]answer
}

type flight struct {
	done    chan struct{}
	data    []byte
	err     error
	waiters int
	cancel  context.CancelFunc
}

type answer struct {
	data  []byte
	until time.Time
}

// do answers one request: from a recent identical answer, by joining an
// identical request in flight, or by running it. A caller that gives up
// leaves the request; the last one to leave cancels it.
func (d *dedup) do(ctx context.Context, key string, now func() time.Time, run func(context.Context) ([]byte, error)) ([]byte, error) {
	d.mu.Lock()
	if d.inflight == nil {
		d.inflight, d.recent = map[string]*flight{}, map[string]answer{}
	}
	if a, ok := d.recent[key]; ok && now().Before(a.until) && ctx.Value(freshKey{}) == nil {
		d.mu.Unlock()
		return a.data, nil
	}
	f, joined := d.inflight[key]
	if !joined {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		d.inflight[key] = f
		go func() {
			defer cancel()
			data, err := run(fctx)
			d.mu.Lock()
			if d.inflight[key] == f {
				delete(d.inflight, key)
			}
			if err == nil && fctx.Err() == nil {
				d.forget(now())
				d.recent[key] = answer{data: data, until: now().Add(reuseFor)}
			}
			f.data, f.err = data, err
			d.mu.Unlock()
			close(f.done)
		}()
	}
	f.waiters++
	d.mu.Unlock()
	select {
	case <-f.done:
		return f.data, f.err
	case <-ctx.Done():
		d.mu.Lock()
		if f.waiters--; f.waiters == 0 {
			// No one waits for it: stop it, and let a later caller start
			// afresh rather than join a request being cancelled.
			f.cancel()
			if d.inflight[key] == f {
				delete(d.inflight, key)
			}
		}
		d.mu.Unlock()
		return nil, ctx.Err()
	}
}

// forget drops the answers past their time. Callers hold d.mu.
func (d *dedup) forget(now time.Time) {
	for k, a := range d.recent {
		if !now.Before(a.until) {
			delete(d.recent, k)
		}
	}
}

func dedupKey(op string, p Priority, query url.Values, payload []byte) string {
	return op + "\x00" + string(rune('0'+p)) + "\x00" + query.Encode() + "\x00" + string(payload)
}

type freshKey struct{}

// WithFresh marks requests made with ctx as wanting the server's answer
// now, not one shared from a moment ago: a reload the user asked for.
func WithFresh(ctx context.Context) context.Context { return context.WithValue(ctx, freshKey{}, true) }
