package api

// pageCap is how many sessions a bulk walk (a sync) asks a getSessions
// page for, as this host has shown. Kore documents no maximum (its
// samples ask for 100, some clients ask for 1,000), so konvo starts from
// the interactive page, doubles after a page that came back full, and
// stays, for good, at the size of a page the server cut short while
// saying more remain. It grows only on answers that say whether more
// remain: without moreAvailable a short page is read as the window's
// end, and asking past a silent cap would lose sessions.
type pageCap struct{ sizeCap }

// maxSessionPage bounds the growth: a page of 1,000 sessions is under a
// megabyte, and more would save a request a week's window at most.
const maxSessionPage = 1000

// answered learns from a page that asked for limit and brought received
// sessions; moreKnown and more are what the server said of the rest.
func (c *pageCap) answered(limit, received int, moreKnown, more bool) {
	if now, settled := c.state(); settled || !moreKnown || limit != now {
		return
	}
	switch {
	case received >= limit:
		c.grow(limit, maxSessionPage)
	case more && received > 0:
		c.settle(received)
	}
}

// unsure falls back to start for good: a page asked at a remembered size
// came back short from a host that does not say whether more remain.
func (c *pageCap) unsure(start int) { c.settle(start) }
