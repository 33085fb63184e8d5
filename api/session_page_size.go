package api

import "sync"

// pageCap is how many sessions a bulk walk (a sync) asks a getSessions
// page for, as this host has shown. Kore documents no maximum (its
// samples ask for 100, some clients ask for 1,000), so konvo starts from
// the interactive page, doubles after a page that came back full, and
// stays, for good, at the size of a page the server cut short while
// saying more remain. It grows only on answers that say whether more
// remain: without moreAvailable a short page is read as the window's
// end, and asking past a silent cap would lose sessions. One per client:
// a client is one host.
type pageCap struct {
	mu      sync.Mutex
	now     int  // the limit the next bulk page asks
	settled bool // the server's own cap is known: it grows no more
}

// maxSessionPage bounds the growth: a page of 1,000 sessions is under a
// megabyte, and more would save a request a week's window at most.
const maxSessionPage = 1000

func (c *pageCap) get(start int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now == 0 {
		c.now = start
	}
	return c.now
}

// answered learns from a page that asked for limit and brought received
// sessions; moreKnown and more are what the server said of the rest.
func (c *pageCap) answered(limit, received int, moreKnown, more bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.settled || !moreKnown || limit != c.now:
	case received >= limit:
		c.now = min(c.now*2, maxSessionPage)
	case more && received > 0:
		c.now, c.settled = received, true
	}
}

// unsure falls back to start for good: a page asked at a remembered size
// came back short from a host that does not say whether more remain.
func (c *pageCap) unsure(start int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now, c.settled = start, true
}
