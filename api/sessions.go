package api

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"konvo/model"
)

// SessionPage is what one SessionPager.Next brings.
type SessionPage struct {
	Sessions []model.Session // new sessions only, newest first
	Window   model.Range     // the window the page came from
	// WindowTotal is the server's total for that window (-1 for id lookups).
	WindowTotal int
	Done        bool // nothing more to fetch
	// Unreadable counts the entries skipped so far because they could not
	// be read, this page's and the pages' before.
	Unreadable int
}

// SessionPager walks a filter's sessions: window by window, newest first,
// page by page within a window. It pins the range when made, so sessions
// that arrive meanwhile do not shift the pages, and it never returns a
// session twice. Only one Next may run at a time; a second gets ErrBusy.
type SessionPager struct {
	c      *Client
	filter model.Filter

	mu   sync.Mutex
	busy bool
	windowCursor
	totals     []int // per window; -1 until its first page arrives
	chunks     [][]string
	seen       map[string]struct{}
	invalid    []string
	pages      int
	unreadable int
	bulk       bool // pages as large as the host gives (BulkSessions)
}

// Sessions makes a pager for the filter. With SessionIDs set, it looks the
// ids up in chunks of 50 and ignores the rest of the filter, as the API
// does.
func (c *Client) Sessions(f model.Filter) *SessionPager {
	p := &SessionPager{c: c, filter: f, seen: map[string]struct{}{}}
	if len(f.SessionIDs) > 0 {
		for ids := f.SessionIDs; len(ids) > 0; {
			n := min(len(ids), model.MaxSessionIDs)
			p.chunks = append(p.chunks, ids[:n])
			ids = ids[n:]
		}
		return p
	}
	p.windows = f.Range.Windows(model.MaxWindow)
	p.totals = make([]int, len(p.windows))
	for i := range p.totals {
		p.totals[i] = -1
	}
	p.done = len(p.windows) == 0
	return p
}

// BulkSessions is Sessions for a walk that reads every page at once (a
// sync): its pages grow to as large as the host gives (pageCap), where a
// list a reader scrolls asks SessionPageSize at a time.
func (c *Client) BulkSessions(f model.Filter) *SessionPager {
	p := c.Sessions(f)
	p.bulk = true
	return p
}

// Filter is the filter the pager walks.
func (p *SessionPager) Filter() model.Filter { return p.filter }

// Next fetches until it has at least one new session or the filter is
// exhausted.
func (p *SessionPager) Next(ctx context.Context) (SessionPage, error) {
	p.mu.Lock()
	if p.busy {
		p.mu.Unlock()
		return SessionPage{}, ErrBusy
	}
	p.busy = true
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.busy = false
		p.mu.Unlock()
	}()
	// A page that ends a window short (the window's last 2 rows, say) is
	// followed at once by the next window's first page, in this same
	// call: a reader scrolling past a window's end gets a page's worth
	// of rows from one wait, not two.
	var out SessionPage
	for {
		page, err := p.step(ctx)
		if err != nil {
			if len(out.Sessions) > 0 {
				// Keep what arrived; the error comes back on the next call.
				return out, nil
			}
			return page, err
		}
		rows := append(out.Sessions, page.Sessions...)
		out = page
		out.Sessions = rows
		if page.Done || len(rows) >= p.c.opts.SessionPageSize || len(rows) > 0 && !p.crossedWindow() {
			return out, nil
		}
	}
}

// crossedWindow reports whether the last step finished its window (the
// cursor is at the start of the next one).
func (p *SessionPager) crossedWindow() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.chunks == nil && p.skip == 0 && p.win > 0
}

// step sends one request and advances the cursor.
func (p *SessionPager) step(ctx context.Context) (SessionPage, error) {
	if p.isDone() {
		return SessionPage{Done: true}, nil
	}
	if p.chunks != nil {
		return p.stepIDs(ctx)
	}
	p.mu.Lock()
	w, skip, win := p.windows[p.win], p.skip, p.win
	p.mu.Unlock()
	limit := p.c.opts.SessionPageSize
	if p.bulk {
		limit = p.c.pages.get(limit)
	}
	body := p.body(w, skip, limit)
	data, err := p.c.call(ctx, Interactive, "getSessions", p.query(), body)
	if err != nil {
		return SessionPage{}, fmt.Errorf("sessions %s – %s, from #%d: %w", w.From.Format("Jan 2"), w.To.Format("Jan 2"), skip, err)
	}
	page, err := model.DecodeSessionsPage(data)
	if err != nil {
		return SessionPage{}, fmt.Errorf("getSessions: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.totals[win] < 0 || page.Total > 0 {
		p.totals[win] = page.Total
	}
	more := hasMore(page.MoreAvailable, page.MoreKnown, page.Received, limit)
	if p.bulk {
		if !page.MoreKnown && limit > p.c.opts.SessionPageSize && page.Received > 0 && page.Received < limit {
			// Asked at a size an earlier run learned, of a host that
			// does not say whether more remain: a short page may be its
			// own cap. Ask on to be sure (an empty page ends the window),
			// and no more than a reader's page from now on.
			more = true
			p.c.pages.unsure(p.c.opts.SessionPageSize)
		}
		p.c.pages.answered(limit, page.Received, page.MoreKnown, more)
	}
	fresh := p.fresh(page.Sessions)
	if c := p.filter.Containment; c != model.All {
		// The server put them under c, whether or not the record says
		// so (v8-like records carry no containmentType): keep the answer.
		for i := range fresh {
			if !fresh[i].ContainmentKnown {
				fresh[i].Containment, fresh[i].ContainmentKnown = c, true
			}
		}
	}
	p.unreadable += page.Unreadable
	p.pages++
	if err := endless("getSessions", p.pages, page.Received, len(fresh), more, len(p.seen)); err != nil {
		p.done = true
		return SessionPage{}, err
	}
	// Skip moves by what the server sent, readable or not: one bad entry
	// must not make the next page repeat or end the walk.
	p.advance(page.Received, more)
	return SessionPage{Window: w, WindowTotal: p.totals[win], Sessions: fresh, Done: p.done, Unreadable: p.unreadable}, nil
}

// Unreadable counts the entries skipped because they could not be read.
func (p *SessionPager) Unreadable() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.unreadable
}

func (p *SessionPager) stepIDs(ctx context.Context) (SessionPage, error) {
	p.mu.Lock()
	ids := p.chunks[0]
	p.mu.Unlock()
	data, err := p.c.call(ctx, Interactive, "getSessions", nil, sessionsBody{SessionID: ids, Limit: len(ids)})
	if err != nil {
		return SessionPage{}, fmt.Errorf("look up %d session ids: %w", len(ids), err)
	}
	page, err := model.DecodeSessionsPage(data)
	if err != nil {
		return SessionPage{}, fmt.Errorf("getSessions: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.chunks = p.chunks[1:]
	p.done = len(p.chunks) == 0
	p.invalid = append(p.invalid, page.Invalid...)
	p.unreadable += page.Unreadable
	return SessionPage{Sessions: p.fresh(page.Sessions), WindowTotal: -1, Done: p.done, Unreadable: p.unreadable}, nil
}

// fresh drops sessions already returned (a session on a window edge may
// come back from both windows). Called with mu held.
func (p *SessionPager) fresh(in []model.Session) []model.Session {
	out := in[:0:0]
	for _, s := range in {
		key := s.ID
		if key == "" {
			key = string(s.Raw)
		}
		if _, dup := p.seen[key]; dup {
			continue
		}
		p.seen[key] = struct{}{}
		out = append(out, s)
	}
	return out
}

func (p *SessionPager) isDone() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

// Total is the number of sessions the server reports for the windows seen
// so far; exact is false while some windows have not been asked yet.
func (p *SessionPager) Total() (n int, exact bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.windows == nil {
		return len(p.seen), p.done
	}
	exact = true
	for _, t := range p.totals {
		if t < 0 {
			exact = false
			continue
		}
		n += t
	}
	return max(n, len(p.seen)), exact
}

// Invalid lists the looked-up session ids the server did not know.
func (p *SessionPager) Invalid() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.invalid...)
}

func (p *SessionPager) query() url.Values {
	q := url.Values{}
	if v := p.filter.Containment.APIValue(); v != "" {
		q.Set("containmentType", v)
	}
	return q
}

func (p *SessionPager) body(w model.Range, skip, limit int) sessionsBody {
	return sessionsBody{
		UserID: p.filter.UserID, Skip: skip, Limit: limit,
		DateFrom: apiTime(w.From), DateTo: apiTime(w.To),
		Tags: tagsOf(p.filter.Tags), SessionType: p.filter.Type.APIValue(),
	}
}

// CountSessions asks for the number of sessions matching f, one small
// request per window, at prefetch priority: it fills in the counts of the
// containment tabs the user is not looking at.
func (c *Client) CountSessions(ctx context.Context, f model.Filter) (int, error) {
	p := c.Sessions(f)
	total := 0
	for _, w := range p.windows {
		data, err := c.call(ctx, Prefetch, "getSessions", p.query(), p.body(w, 0, 1))
		if err != nil {
			return 0, fmt.Errorf("count %s sessions: %w", f.Containment.Label(), err)
		}
		page, err := model.DecodeSessionsPage(data)
		if err != nil {
			return 0, fmt.Errorf("count sessions: %w", err)
		}
		total += page.Total
	}
	return total, nil
}
