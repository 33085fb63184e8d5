package api

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"konvo/model"
)

// sessionMargin widens a session's range when asking for its messages: a
// message can be stamped a moment before the session's recorded start.
const sessionMargin = 5 * time.Minute

// lateMargin is how long after a session's recorded end its messages are
// looked for in a batched call: a voice bot's no-input timeout prompt is
// stamped up to 15 minutes after end_time (3.3% of one production bot's
// messages). A single transcript asks for the session's whole window.
const lateMargin = time.Hour

// transcriptRange is the range one session's transcript is asked for: a
// session id selects the messages, so the range can be the whole API
// window from the session's start at no cost, catching every late
// message; a session longer than that is covered to its end and beyond.
func transcriptRange(s model.Session, now time.Time) model.Range {
	r := coverRange([]model.Session{s}, now)
	wide := r.From.Add(model.MaxWindow)
	if limit := now.Add(sessionMargin); wide.After(limit) {
		wide = limit // no window reaches into the future
	}
	if wide.After(r.To) {
		r.To = wide
	}
	return r
}

// coverRange is a range that holds every message of the sessions. The API
// defaults to the last 7 days, so without it an older transcript is empty.
func coverRange(sessions []model.Session, now time.Time) model.Range {
	var span model.Range
	for _, s := range sessions {
		span = spanWith(span, s, now)
	}
	return widen(span)
}

// spanWith is span grown to hold session s (an unknown start counts as a
// month ago, an unknown end as now): coverRange before its margins, kept
// up as a batch grows rather than computed again for each session added.
func spanWith(span model.Range, s model.Session, now time.Time) model.Range {
	start, end := s.Start, s.End
	if start.IsZero() {
		start = now.Add(-30 * 24 * time.Hour)
	}
	if end.IsZero() || end.Before(start) {
		end = now
	}
	if span.From.IsZero() || start.Before(span.From) {
		span.From = start
	}
	if end.After(span.To) {
		span.To = end
	}
	return span
}

// widen adds the margins a call's range keeps around its sessions.
func widen(span model.Range) model.Range {
	return model.Range{From: span.From.Add(-sessionMargin), To: span.To.Add(lateMargin)}
}

// TranscriptPager pages one session's messages, oldest first.
type TranscriptPager struct {
	c       *Client
	session model.Session
	prio    Priority

	mu           sync.Mutex
	busy         bool
	windowCursor // windows oldest first
	total        int
	seen         msgSet
	pages        int
	unreadable   int
}

// TranscriptPage is what one TranscriptPager.Next brings.
type TranscriptPage struct {
	Messages []model.Message // new ones only: overlapping pages are de-duplicated
	Done     bool
	// Unreadable counts the entries skipped so far because they could not
	// be read.
	Unreadable int
}

// msgSet remembers the messages returned, by id (or by their bytes when
// the server sent no id).
type msgSet map[string]struct{}

// fresh keeps the messages not returned before, in order.
func (m msgSet) fresh(in []model.Message) []model.Message {
	out := in[:0:0]
	for _, msg := range in {
		key := msg.ID
		if key == "" {
			key = string(msg.Raw)
		}
		if _, dup := m[key]; dup {
			continue
		}
		m[key] = struct{}{}
		out = append(out, msg)
	}
	return out
}

// Transcript makes a pager for the session's messages.
func (c *Client) Transcript(s model.Session) *TranscriptPager {
	ws := transcriptRange(s, c.now()).Windows(model.MaxWindow)
	// Windows come newest first; a transcript reads oldest first.
	for i, j := 0, len(ws)-1; i < j; i, j = i+1, j-1 {
		ws[i], ws[j] = ws[j], ws[i]
	}
	return &TranscriptPager{c: c, session: s, windowCursor: windowCursor{windows: ws, done: len(ws) == 0}, total: -1, seen: msgSet{}}
}

// Next fetches the next page of messages.
func (p *TranscriptPager) Next(ctx context.Context) (TranscriptPage, error) {
	p.mu.Lock()
	if p.busy {
		p.mu.Unlock()
		return TranscriptPage{}, ErrBusy
	}
	if p.done {
		p.mu.Unlock()
		return TranscriptPage{Done: true}, nil
	}
	p.busy = true
	w, skip := p.windows[p.win], p.skip
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.busy = false
		p.mu.Unlock()
	}()
	limit := p.c.opts.MessagePageSize
	body := newMessagesBody([]string{p.session.ID}, p.session.UserID, p.session.Channel, skip, limit, w)
	data, err := p.c.call(ctx, p.prio, "getMessages", nil, body)
	if err != nil {
		return TranscriptPage{}, fmt.Errorf("messages of session %s from #%d: %w", p.session.ID, skip, err)
	}
	page, err := model.DecodeMessagesPage(data)
	if err != nil {
		return TranscriptPage{}, fmt.Errorf("getMessages: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.win == 0 && skip == 0 || page.Total > p.total {
		p.total = page.Total
	}
	more := hasMore(page.MoreAvailable, page.MoreKnown, page.Received, limit)
	fresh := p.seen.fresh(page.Messages)
	for i := range fresh {
		fresh[i].FillFrom(p.session)
	}
	p.unreadable += page.Unreadable
	p.pages++
	if err := endless("getMessages", p.pages, page.Received, len(fresh), more, len(p.seen)); err != nil {
		p.done = true
		return TranscriptPage{}, fmt.Errorf("messages of session %s: %w", p.session.ID, err)
	}
	p.advance(page.Received, more)
	return TranscriptPage{Messages: fresh, Done: p.done, Unreadable: p.unreadable}, nil
}

// Total is the server's count of the session's messages (-1 before the
// first page), never less than what has loaded.
func (p *TranscriptPager) Total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total < 0 {
		return -1
	}
	return max(p.total, len(p.seen))
}

// Transcripts fetches the whole transcripts of many sessions with batched
// calls: up to TranscriptBatch session ids per getMessages call, sessions
// grouped so that each call's date range fits one API window. Each
// transcript is oldest first.
func (c *Client) Transcripts(ctx context.Context, sessions []model.Session, p Priority) (map[string][]model.Message, error) {
	got, err := c.TranscriptsWithProgress(ctx, sessions, p, nil)
	return got.Messages, err
}

// TranscriptSet is what TranscriptsWithProgress brings.
type TranscriptSet struct {
	// Messages holds the transcripts that arrived whole, by session id,
	// oldest first. A session whose pages did not all arrive is not here:
	// it is in Missing, never a partial transcript passed off as whole.
	Messages   map[string][]model.Message
	Missing    []string // sessions whose transcript did not arrive whole
	Unreadable int      // entries skipped as unreadable
	// Via is the API the transcripts came through (see BulkVia).
	Via MessagesAPI
}

// MessagesAPI is the API bulk transcripts come through.
type MessagesAPI int

const (
	// MessagesV1 is getMessages: every message, 100 a page.
	MessagesV1 MessagesAPI = iota
	// MessagesV2 is getMessagesV2: up to 10,000 messages a page and gzip,
	// but alert and action task messages are left out.
	MessagesV2
)

// V2PageSize is how many messages konvo asks a getMessagesV2 page for.
const V2PageSize = 10000

func (a MessagesAPI) String() string {
	if a == MessagesV2 {
		return "getMessagesV2"
	}
	return "getMessages"
}

// ErrV2NeedsBot says getMessagesV2 was asked for without a bot id: Kore
// documents it per bot only (/api/public/bot/{botId}/getMessagesV2).
var ErrV2NeedsBot = errors.New("getMessagesV2 needs a bot id (--bot or KONVO_BOT_ID): Kore documents it per bot only; use --messages-api v1 for the admin console")

// BulkVia is the API bulk transcripts can come through: the one asked
// for, except that without a bot id (the admin console) there is only
// getMessages, since getMessagesV2 has no admin-console route.
func (c *Client) BulkVia(want MessagesAPI) MessagesAPI {
	if want == MessagesV2 && c.bot == "" {
		return MessagesV1
	}
	return want
}

// TranscriptsWithProgress is Transcripts, telling progress after every
// page: how many of the sessions have their whole transcript, and how many
// messages have arrived.
func (c *Client) TranscriptsWithProgress(ctx context.Context, sessions []model.Session, p Priority, progress func(sessions, messages int)) (TranscriptSet, error) {
	return c.BulkTranscripts(ctx, sessions, MessagesV1, p, progress)
}

// BulkTranscripts fetches the transcripts of many sessions through the
// given API, many sessions a call, telling progress after every page.
// Only transcripts whose every page arrived are returned as such; when a
// call fails, its sessions and those not yet asked for are Missing, and
// the error says why. A response over the size limit is asked again in
// halves, down to one session through getMessages' smaller pages.
func (c *Client) BulkTranscripts(ctx context.Context, sessions []model.Session, via MessagesAPI, p Priority, progress func(sessions, messages int)) (TranscriptSet, error) {
	via = c.BulkVia(via)
	out := TranscriptSet{Messages: make(map[string][]model.Message, len(sessions)), Via: via}
	done, msgs := 0, 0
	onPage := func(n int) {
		if msgs += n; progress != nil {
			progress(done, msgs)
		}
	}
	// getMessagesV2 calls name as many ids as the host has shown it takes
	// (batch_size.go) and bring a page each; getMessages' pages are 100
	// messages whatever the batch, so it keeps to TranscriptBatch.
	pending := sortForBatches(sessions)
	for len(pending) > 0 {
		n, page := c.opts.TranscriptBatch, 0
		if via == MessagesV2 {
			n, page = c.ids.get(c.opts.TranscriptBatch), V2PageSize
		}
		group := pending[:firstBatch(pending, n, page, c.now())]
		err := c.fetchGroup(ctx, group, via, p, &out, onPage)
		if err != nil && via == MessagesV2 && tooManyIDs(err) && c.ids.refusedAt(len(group), c.opts.TranscriptBatch) {
			continue // the same sessions, fewer a call
		}
		if err != nil {
			for _, s := range pending {
				if _, ok := out.Messages[s.ID]; !ok {
					out.Missing = append(out.Missing, s.ID)
				}
			}
			return out, err
		}
		if via == MessagesV2 && len(group) == n {
			c.ids.answered(n)
		}
		pending = pending[len(group):]
		done += len(group)
		onPage(0)
	}
	for id := range out.Messages {
		msgs := out.Messages[id]
		sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].Created.Before(msgs[j].Created) })
	}
	return out, nil
}

// fetchGroup fetches one batch whole into out, or nothing of it.
func (c *Client) fetchGroup(ctx context.Context, group []model.Session, via MessagesAPI, p Priority, out *TranscriptSet, onPage func(int)) error {
	if len(group) == 1 && coverRange(group, c.now()).Duration() > model.MaxWindow {
		// Longer than one window: only the windowed pager can walk it.
		return c.fetchLong(ctx, group[0], p, out, onPage)
	}
	err := c.fetchBatch(ctx, group, via, p, out, onPage)
	var big *TooLargeError
	if !errors.As(err, &big) {
		return err
	}
	if len(group) > 1 {
		half := len(group) / 2
		if err := c.fetchGroup(ctx, group[:half], via, p, out, onPage); err != nil {
			return err
		}
		return c.fetchGroup(ctx, group[half:], via, p, out, onPage)
	}
	if via == MessagesV2 {
		// One session over the limit at 10,000 a page: 100 a page fits.
		return c.fetchLong(ctx, group[0], p, out, onPage)
	}
	return err
}

// fetchBatch fetches one batch's transcripts. They are added to out only
// when the last page has arrived.
func (c *Client) fetchBatch(ctx context.Context, group []model.Session, via MessagesAPI, p Priority, out *TranscriptSet, onPage func(int)) error {
	ids := make([]string, len(group))
	want := make(map[string]*model.Session, len(group))
	got := make(map[string][]model.Message, len(group))
	for i, s := range group {
		ids[i] = s.ID
		want[s.ID] = &group[i]
		got[s.ID] = nil
	}
	r := coverRange(group, c.now())
	limit, op := c.opts.MessagePageSize, via.String()
	if via == MessagesV2 {
		limit = V2PageSize
	}
	seen := msgSet{}
	unreadable := 0
	for skip, pages := 0, 1; ; pages++ {
		body := newMessagesBody(ids, "", group[0].Channel, skip, limit, r)
		// What a user typed into a secure form is left out of v2 unless
		// asked for.
		body.IncludeSecureForm = via == MessagesV2
		data, err := c.call(ctx, p, op, nil, body)
		if err != nil {
			return fmt.Errorf("messages of %d sessions from #%d: %w", len(ids), skip, err)
		}
		page, err := model.DecodeMessagesPage(data)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		fresh := seen.fresh(page.Messages)
		for _, m := range fresh {
			if s := want[m.SessionID]; s != nil {
				m.FillFrom(*s)
				got[m.SessionID] = append(got[m.SessionID], m)
			}
		}
		unreadable += page.Unreadable
		onPage(len(fresh))
		more := hasMore(page.MoreAvailable, page.MoreKnown, page.Received, limit)
		if err := endless(op, pages, page.Received, len(fresh), more, len(seen)); err != nil {
			return fmt.Errorf("messages of %d sessions: %w", len(ids), err)
		}
		skip += page.Received
		if !more {
			break
		}
	}
	for id, msgs := range got {
		out.Messages[id] = msgs
	}
	out.Unreadable += unreadable
	return nil
}

func (c *Client) fetchLong(ctx context.Context, s model.Session, p Priority, out *TranscriptSet, onPage func(int)) error {
	pager := c.Transcript(s)
	pager.prio = p
	var msgs []model.Message
	for {
		page, err := pager.Next(ctx)
		if err != nil {
			return err
		}
		msgs = append(msgs, page.Messages...)
		onPage(len(page.Messages))
		if page.Done {
			out.Messages[s.ID] = msgs
			out.Unreadable += page.Unreadable
			return nil
		}
	}
}
