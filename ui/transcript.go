package ui

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"konvo/api"
	"konvo/api/export"
	"konvo/api/source"
	"konvo/model"
)

// transcriptScreen shows one session's messages, oldest first, loading
// pages as the reader nears the end.
//
// The scroll position is a message and a line within it, never a line
// number from the top: so opening or scrolling a 5,000-message transcript
// lays out only the messages on screen, and a resize re-lays out only
// those too (the layout cache is per width).
type transcriptScreen struct {
	d *deps
	// src is where the transcript is read from: the app's source, or,
	// unmasked, the one under its mask.
	src      source.Source
	unmasked bool
	// info are the session's conversationDetails once asked for (with
	// the summary when infoSummary); infoNote says why there are none.
	info          *model.Details
	infoSummary   bool
	infoNote      string
	showSummary   bool
	detailsAsking bool
	// agent is the contact center's record of an agent session, asked
	// for when the details view opens; agentNote says why there is none.
	agent      *model.AgentRecord
	agentAsked bool
	agentNote  string
	infoMemo   struct {
		key   infoKey
		lines []string
	}
	session model.Session
	pager   source.TranscriptPager
	cancel  context.CancelFunc
	// fresh is set by a reload: its pages are the server's answer now,
	// never one shared from a moment ago.
	fresh bool

	// msgs point into the pages as they arrived: a 5,000-message
	// transcript costs 40 KB of pointers here, not a second copy.
	msgs []*model.Message
	// blockScroller holds the selection and the scroll position over the
	// messages' laid-out blocks (scroller.go).
	blockScroller
	parts [][]model.Part // parsed on first layout, then kept
	// layouts caches each message's lines for layoutW and layoutDetails.
	layouts       [][]string
	layoutW       int
	layoutDetails bool

	gen        int // bumped by a reload; pages of an older load are dropped
	fetching   bool
	done       bool
	total      int // the server's count of messages; -1 before the first page
	unreadable int // entries the server sent that could not be read
	// handoff is the message where the bot handed over to a person (-1:
	// none seen); slowTurns counts bot turns over the latency threshold.
	handoff   int
	slowTurns int
	toEnd     bool // G pressed: keep loading and follow the end
	restore   int  // after a reload, the message to select once loaded
	err       error

	details bool
	raw     *rawView
	input   textinput.Model
	typing  bool
	query   string
	matches []int // indices of messages that contain the query
	notice  string
	flash   flash // the last copy's or export's note, until the next key

	width, height int
}

// transcriptMsg carries one page to the screen that asked for it, with
// the server's message count as of that page.
type transcriptMsg struct {
	to    *transcriptScreen
	gen   int // the load it belongs to: a reload starts a new one
	page  api.TranscriptPage
	total int
	err   error
}

// gapMarker is how long a silence must be to be marked in the transcript.
const gapMarker = 5 * time.Minute

func newTranscriptScreen(d *deps, s model.Session) *transcriptScreen {
	return newTranscriptFrom(d, d.src, s)
}

// newTranscriptFrom is the transcript of s read from src.
func newTranscriptFrom(d *deps, src source.Source, s model.Session) *transcriptScreen {
	ts := &transcriptScreen{d: d, src: src, session: s, pager: src.Transcript(s), total: -1, handoff: -1}
	ts.blocks = ts
	ts.input = newInput()
	ts.input.Prompt = "/"
	ts.input.Placeholder = "search this transcript"
	ts.input.CharLimit = 500
	return ts
}

// newTranscriptWith makes a screen over messages already loaded (tests,
// benchmarks); it fetches nothing.
func newTranscriptWith(d *deps, s model.Session, msgs []model.Message) *transcriptScreen {
	ts := &transcriptScreen{d: d, src: d.src, session: s, done: true, total: len(msgs), handoff: -1}
	ts.blocks = ts
	ts.input = newInput()
	ts.append(msgs)
	return ts
}

// start loads the first page, or, for a transcript kept from before, goes
// on where it was (a fetch cut off by leaving is asked for again).
func (s *transcriptScreen) start() tea.Cmd {
	if s.session.Containment == model.Agent && s.info == nil {
		// Where it went to an agent, when the messages do not say.
		return tea.Batch(s.maybeFetch(), s.askDetails(false))
	}
	return s.maybeFetch()
}

func (s *transcriptScreen) stop() {
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *transcriptScreen) busy() bool      { return s.fetching }
func (s *transcriptScreen) title() string   { return "session " + safe(s.session.ID) }
func (s *transcriptScreen) capturing() bool { return s.typing }

func (s *transcriptScreen) fetch() tea.Cmd {
	if s.fetching || s.done || s.pager == nil {
		return nil
	}
	s.fetching, s.err = true, nil
	parent := s.d.ctx
	if s.fresh {
		parent = api.WithFresh(parent) // r means the server's answer now
	}
	ctx, cancel := context.WithCancel(parent)
	s.cancel = cancel
	p, gen := s.pager, s.gen
	return func() tea.Msg {
		defer cancel() // the context ends with its fetch: none outlives it
		page, err := p.Next(ctx)
		return transcriptMsg{to: s, gen: gen, page: page, total: p.Total(), err: err}
	}
}

// reload fetches the transcript again from the start (a live session may
// have new messages), keeping the selection where it was once the
// messages are back.
func (s *transcriptScreen) reload() tea.Cmd {
	if s.pager == nil {
		return nil
	}
	s.stop()
	keep, gen := s.cursor, s.gen+1
	*s = transcriptScreen{
		gen: gen,
		d:   s.d, src: s.src, unmasked: s.unmasked, session: s.session, pager: source.FreshPager(s.src, s.session), total: -1,
		input: s.input, details: s.details, width: s.width, height: s.height,
		restore: keep, flash: flash{text: "reloaded"}, handoff: -1, fresh: true,
		blockScroller: blockScroller{blocks: s},
	}
	return s.fetch()
}

// receive applies a page; it reports false when the fetch failed or the
// page belongs to a load that a reload replaced.
func (s *transcriptScreen) receive(msg transcriptMsg) bool {
	if msg.gen != s.gen {
		return false
	}
	s.fetching = false
	if msg.total >= 0 {
		s.total = msg.total
	}
	if msg.err != nil {
		s.err = msg.err
		s.toEnd = false
		return false
	}
	s.unreadable = max(s.unreadable, msg.page.Unreadable)
	if len(s.msgs) == 0 {
		s.noteStored()
	}
	s.append(msg.page.Messages)
	s.done = msg.page.Done
	if s.restore > 0 && (s.restore < len(s.msgs) || s.done) {
		s.selectBlock(s.restore)
		s.restore = 0
		if s.query != "" {
			s.matchNotice()
		}
	}
	if s.toEnd {
		s.toEnd = !s.done
		s.goEnd()
	}
	return true
}

// noteStored says, in one line, when the transcript came from the local
// store: how old it is, and whether it came through getMessagesV2, which
// leaves some messages out (r reloads them all from the server).
func (s *transcriptScreen) noteStored() {
	sp, ok := s.pager.(source.StoredPager)
	if !ok {
		return
	}
	via, fetched, ok := sp.Stored()
	if !ok {
		return
	}
	s.notice = "from the local store, fetched " + humanAge(s.d.now(), fetched)
	if via == api.MessagesV2.String() {
		s.notice += " via getMessagesV2, which leaves out alert and action messages and may leave out task names"
		if _, online := s.src.(source.Freshener); online {
			s.notice += "; " + s.d.keys.Key(Refresh) + " reloads them all"
		}
	}
}

func (s *transcriptScreen) append(msgs []model.Message) {
	first := len(s.msgs)
	// Sized once for the whole transcript when the server has said how
	// long it is: appending page by page used to allocate 8.5 MB to open
	// 5,000 messages.
	want := min(max(s.total, first+len(msgs)), first+len(msgs)+maxPresize)
	s.msgs = slices.Grow(s.msgs, want-first)
	for i := range msgs {
		s.msgs = append(s.msgs, &msgs[i])
	}
	s.parts = slices.Grow(s.parts, want-first)[:len(s.msgs)]
	s.layouts = slices.Grow(s.layouts, want-first)[:len(s.msgs)]
	for i := first; i < len(s.msgs); i++ {
		s.noteVoice(i)
	}
	s.matchFrom(first) // only the new messages need searching
}

// noteVoice notes what the header and dividers need from message i: a
// slow turn, and whether the bot handed over here (a transfer command or
// a live_agent template; failing those, the first agent message).
func (s *transcriptScreen) noteVoice(i int) {
	m := *s.msgs[i]
	if l := m.Latency; l.Known && s.d.slowTurn > 0 && l.Total() > s.d.slowTurn {
		s.slowTurns++
	}
	if s.handoff >= 0 && s.handoff < i {
		return
	}
	if m.Speaker() == model.SpeakerAgent && s.handoff < 0 {
		s.handoff = i
		return
	}
	if !bytes.Contains(m.Raw, []byte("live_agent")) && !bytes.Contains(m.Raw, []byte("verb")) {
		return // only such messages can hand over: skip parsing the rest
	}
	for _, p := range s.partsOf(i) {
		if model.IsHandoff(p) {
			if s.handoff >= 0 && s.handoff < len(s.layouts) {
				s.layouts[s.handoff] = nil
			}
			s.handoff = i
			return
		}
	}
}

func (s *transcriptScreen) resize(w, h int) {
	s.width, s.height = w, h
	s.input.SetWidth(max(w-4, 10))
	if s.raw != nil {
		s.raw.height = s.bodyHeight()
	}
	s.clampScroll()
}

// bodyHeight is the number of transcript lines on screen.
func (s *transcriptScreen) bodyHeight() int { return max(s.height-4-len(s.infoLines(s.width)), 1) }

// contentWidth is the width messages are laid out in, after the gutter.
func (s *transcriptScreen) contentWidth() int { return max(s.width-2, 10) }

func (s *transcriptScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case transcriptMsg:
		if msg.to != s || !s.receive(msg) {
			return nil
		}
		return s.maybeFetch()
	case detailsMsg:
		return s.detailsArrived(msg)
	case agentRecordMsg:
		return s.agentRecordArrived(msg)
	case pagerDoneMsg:
		if msg.err != nil {
			s.flash.set(msg.err.Error())
		}
		return nil
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			s.scrollUp(3)
		case tea.MouseWheelDown:
			s.scrollDown(3)
		}
		s.selectVisible()
		return s.maybeFetch()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	if s.typing {
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	return nil
}

func (s *transcriptScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.d.keys
	s.flash.clear()
	if s.raw != nil {
		switch {
		case k.Is(msg, Back, Raw, Cancel):
			s.raw = nil
			return nil
		case k.Is(msg, Copy):
			cmd, note := clip(s.d, s.session.ID, "the raw JSON", string(s.raw.raw))
			s.flash.set(note)
			return cmd
		}
		s.raw.key(k, msg)
		return nil
	}
	if s.typing {
		switch {
		case k.Is(msg, Cancel):
			s.typing = false
			s.input.Blur()
			return nil
		case k.Is(msg, Accept):
			s.typing = false
			s.input.Blur()
			s.search(s.input.Value())
			return s.maybeFetch()
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	if !k.Is(msg, Bottom) {
		s.toEnd = false
	}
	if cmd, ok := dispatch(k, msg, s.bindings()); ok {
		return cmd
	}
	return s.maybeFetch()
}

func (s *transcriptScreen) helpTitle() string { return "Transcript" }

// bindings are the transcript's keys. Moving, searching and the like
// end by asking for the next page when the place nears the loaded end.
func (s *transcriptScreen) bindings() []binding {
	k, h := s.d.keys, s.bodyHeight()
	then := func(f func()) func() tea.Cmd {
		return func() tea.Cmd { f(); return s.maybeFetch() }
	}
	scroll := func(by func(int), n int) func() tea.Cmd {
		return then(func() { by(n); s.selectVisible() })
	}
	return s.d.offered([]binding{
		{action: Down, do: then(func() { s.selectBlock(s.cursor + 1) })},
		{action: Up, do: then(func() { s.selectBlock(s.cursor - 1) })},
		{action: HalfDown, do: scroll(s.scrollDown, h/2)},
		{action: HalfUp, do: scroll(s.scrollUp, h/2)},
		{action: PageDown, do: scroll(s.scrollDown, h)},
		{action: SpacePage, do: scroll(s.scrollDown, h)},
		{action: PageUp, do: scroll(s.scrollUp, h)},
		{action: Top, do: then(func() { s.cursor, s.top, s.topLine = 0, 0, 0 })},
		{action: Bottom, do: then(func() { s.toEnd = !s.done; s.goEnd() })},
		{action: Back, hint: 1, do: func() tea.Cmd {
			if s.details {
				// As esc closes the raw view, it closes the details
				// before it leaves.
				s.keepPlace(func() { s.details = false })
				return nil
			}
			if s.query != "" {
				s.search("")
				return nil
			}
			return s.d.nav.pop()
		}},
		{action: Details, hint: 2, do: func() tea.Cmd {
			s.keepPlace(func() { s.details = !s.details })
			if s.details {
				return tea.Batch(s.maybeFetch(), s.askDetails(false), s.askAgentRecord())
			}
			return s.maybeFetch()
		}},
		{action: Summary, do: s.toggleSummary},
		{action: Raw, hint: 3, do: then(func() {
			if m, ok := s.selected(); ok {
				s.raw = newRawView(m, h, k.Key(Copy))
			}
		})},
		// Like less and vim, "/" starts a new search; n and N go on with
		// the last one.
		{action: Search, hint: 4, do: func() tea.Cmd {
			s.typing = true
			s.input.SetValue("")
			return s.input.Focus()
		}},
		{action: NextMatch, hint: 5, do: then(func() { s.nextMatch(1) })},
		{action: Help, hint: 6},
		{action: Quit},
		{action: PrevMatch, do: then(func() { s.nextMatch(-1) })},
		{action: PrevUserMsg, hint: 7, do: then(func() { s.nextSpeaker(-1, model.SpeakerUser) })},
		{action: NextUserMsg, hint: 8, do: then(func() { s.nextSpeaker(1, model.SpeakerUser) })},
		{action: Copy, hint: 9, do: func() tea.Cmd {
			if _, ok := s.selected(); !ok {
				return s.maybeFetch()
			}
			cmd, note := clip(s.d, s.session.ID, fmt.Sprintf("message %d", s.cursor+1), s.copyText(s.cursor))
			s.flash.set(note)
			return cmd
		}},
		{action: CopyAll, do: func() tea.Cmd {
			what := "the transcript"
			if !s.done {
				what = fmt.Sprintf("the %d messages loaded", len(s.msgs))
			}
			cmd, note := clip(s.d, s.session.ID, what, s.transcriptText())
			s.flash.set(note)
			return cmd
		}},
		{action: UserHistory, do: func() tea.Cmd {
			return openHistory(s.d, s.session)
		}},
		{action: Pager, do: s.openPager},
		{action: Star, do: func() tea.Cmd { return toggleStar(s.d, s, s.session) }},
		{action: Export, hint: 11, do: func() tea.Cmd {
			return offerFile(s.d, s, s.session.ID, "konvo-"+fileSafe(s.session.ID)+".md", ".md (readable) or .json (as the API sent it)", s.exportAs)
		}},
		{action: Refresh, hint: 10, do: s.reload},
		{action: Unmask, do: s.unmask},
	})
}

// unmask opens this transcript again as the server sent it, personal
// data shown, and tells the audit log who saw it.
func (s *transcriptScreen) unmask() tea.Cmd {
	u, ok := s.src.(source.Unmasker)
	if !ok || s.unmasked {
		return nil
	}
	src, real := u.Unmasked(s.session)
	s.d.audit(Event{Action: "unmask", Session: s.session.ID})
	ts := newTranscriptFrom(s.d, src, real)
	ts.unmasked = true
	return s.d.nav.push(ts)
}

func (s *transcriptScreen) showFlash(note string) { s.flash.set(note) }

// exportAs is the transcript as a file of the given kind.
func (s *transcriptScreen) exportAs(ext string) ([]byte, string, bool) {
	what := "the transcript"
	if !s.done {
		what = fmt.Sprintf("the %d messages loaded", len(s.msgs))
	}
	switch ext {
	case ".md", ".markdown", ".txt":
		text := s.transcriptText()
		if ext == ".txt" {
			return []byte(text), what, true
		}
		md := "# Session " + safe(s.session.ID) + "\n\n```text\n" + strings.ReplaceAll(text, "```", "ʼʼʼ") + "```\n"
		return []byte(md), what, true
	case ".json":
		msgs := make([]model.Message, len(s.msgs))
		for i, m := range s.msgs {
			msgs[i] = *m
		}
		return export.MessagesJSON(msgs), what + " as JSON", true
	}
	return nil, "", false
}

// maxPresize bounds what a server's total can make the screen reserve
// ahead: a bogus total must not allocate gigabytes.
const maxPresize = 100000

// blockCount and ended tell the scroller how many blocks there are and
// whether they are all: once the last page is in, the end marker is a
// line of its own.
func (s *transcriptScreen) blockCount() int { return len(s.msgs) }
func (s *transcriptScreen) ended() bool     { return s.done }

// maybeFetch asks for the next page when the screen's last message is
// within a screen of the last one loaded.
func (s *transcriptScreen) maybeFetch() tea.Cmd {
	if s.done || s.fetching || s.err != nil {
		return nil
	}
	if s.toEnd || s.lastVisible()+max(s.bodyHeight(), 20) >= len(s.msgs) {
		return s.fetch()
	}
	return nil
}

// block is message i's lines, laid out for the current width and details
// setting; cached until either changes.
func (s *transcriptScreen) block(i int) []string {
	w := s.contentWidth()
	if w != s.layoutW || s.details != s.layoutDetails {
		s.layoutW, s.layoutDetails = w, s.details
		for j := range s.layouts {
			s.layouts[j] = nil
		}
	}
	if i < 0 || i >= len(s.msgs) {
		return nil
	}
	if s.layouts[i] == nil {
		var prev *model.Message
		if i > 0 {
			prev = s.msgs[i-1]
		}
		s.layouts[i] = layoutMessage(&s.d.theme, *s.msgs[i], prev, s.partsOf(i), msgLayout{
			w: w, details: s.details, loc: s.d.loc, sessionStart: s.session.Start,
			handoff: i == s.handoff, slow: s.d.slowTurn,
		})
	}
	return s.layouts[i]
}

// partsOf parses message i's components the first time they are needed:
// opening a long transcript parses only what is shown.
func (s *transcriptScreen) partsOf(i int) []model.Part {
	if s.parts[i] == nil {
		comps := s.msgs[i].Components
		parts := make([]model.Part, len(comps))
		for j, c := range comps {
			parts[j] = c.Parse()
		}
		s.parts[i] = parts
	}
	return s.parts[i]
}

// selected is the message under the cursor; ok is false while none has
// loaded.
func (s *transcriptScreen) selected() (model.Message, bool) {
	if s.cursor < 0 || s.cursor >= len(s.msgs) {
		return model.Message{}, false
	}
	return *s.msgs[s.cursor], true
}

func (s *transcriptScreen) nextSpeaker(dir int, sp model.Speaker) {
	for i := s.cursor + dir; i >= 0 && i < len(s.msgs); i += dir {
		if s.msgs[i].Speaker() == sp {
			s.selectBlock(i)
			return
		}
	}
	note := "no further user message"
	if !s.done {
		note += " loaded yet"
	}
	s.flash.set(note)
}

// search finds the messages whose shown text contains q, any case, and
// selects the first at or after the selection.
func (s *transcriptScreen) search(q string) {
	s.query = strings.TrimSpace(q)
	s.findMatches()
	if s.query == "" {
		s.flash.clear()
		return
	}
	if len(s.matches) == 0 {
		s.flash.set("no match for “" + safe(s.query) + "” in the loaded messages")
		return
	}
	for _, i := range s.matches {
		if i >= s.cursor {
			s.selectBlock(i)
			break
		}
	}
	s.matchNotice()
}

func (s *transcriptScreen) findMatches() {
	s.matches = s.matches[:0]
	s.matchFrom(0)
}

// matchFrom adds the messages from index first on that hold every word
// of the query.
func (s *transcriptScreen) matchFrom(first int) {
	if s.query == "" {
		return
	}
	words := queryWords(s.query)
	for i := first; i < len(s.msgs); i++ {
		if holdsAll(strings.ToLower(s.plainBlock(i)), words) {
			s.matches = append(s.matches, i)
		}
	}
}

// isMatch reports whether message i contains the query; matches is sorted.
func (s *transcriptScreen) isMatch(i int) bool {
	k := sort.SearchInts(s.matches, i)
	return k < len(s.matches) && s.matches[k] == i
}

func (s *transcriptScreen) nextMatch(dir int) {
	if len(s.matches) == 0 {
		return
	}
	pick := -1
	for k := range s.matches {
		j := k
		if dir < 0 {
			j = len(s.matches) - 1 - k
		}
		if i := s.matches[j]; dir > 0 && i > s.cursor || dir < 0 && i < s.cursor {
			pick = i
			break
		}
	}
	if pick < 0 { // wrap around
		pick = s.matches[0]
		if dir < 0 {
			pick = s.matches[len(s.matches)-1]
		}
	}
	s.selectBlock(pick)
	s.matchNotice()
}

func (s *transcriptScreen) matchNotice() {
	for k, i := range s.matches {
		if i == s.cursor {
			s.flash.set("match " + count(k+1) + " of " + count(len(s.matches)) + " (" + s.d.keys.Key(NextMatch) + "/" + s.d.keys.Key(PrevMatch) + ")")
			return
		}
	}
}

// plainBlock is message i as shown, without styling.
func (s *transcriptScreen) plainBlock(i int) string {
	return ansi.Strip(strings.Join(s.block(i), "\n"))
}

// seek searches the transcript for query and selects message seq, the
// first match a search across transcripts found: at once when it is
// loaded, else when its page arrives.
func (s *transcriptScreen) seek(query string, seq int) {
	s.search(query)
	if seq < len(s.msgs) {
		s.selectBlock(seq)
		s.matchNotice()
		return
	}
	s.restore = seq
}
