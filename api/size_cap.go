package api

import "sync"

// sizeCap is a request size konvo learns from the host, since Kore
// documents neither: it starts safe, grows while the host answers, and
// is fixed for good (settled) once the host shows its own limit. idCap
// and pageCap say when each happens. One per client: a client is one
// host.
type sizeCap struct {
	mu      sync.Mutex
	now     int  // the size the next request asks; 0 until the first
	settled bool // the host's own limit is known: it grows no more
}

// get is the size to ask, start before anything was learned.
func (c *sizeCap) get(start int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now == 0 {
		c.now = start
	}
	return c.now
}

// grow doubles the size, up to most, after a request that asked the
// whole of it was answered in full.
func (c *sizeCap) grow(asked, most int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if asked < c.now || c.settled {
		return
	}
	c.now = min(c.now*2, most)
}

// settle fixes the size at n for good.
func (c *sizeCap) settle(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now, c.settled = n, true
}

// state is what was learned (0 before the first request).
func (c *sizeCap) state() (now int, settled bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now, c.settled
}

// seed starts from what an earlier run learned, if nothing is learned
// yet and n is a size konvo asks (least to most).
func (c *sizeCap) seed(n int, settled bool, least, most int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now == 0 && n >= least && n <= most {
		c.now, c.settled = n, settled
	}
}
