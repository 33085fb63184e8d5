package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"konvo/model"
)

// msgLayout is what shapes a message's lines besides the message itself.
type msgLayout struct {
	w            int
	details      bool
	loc          *time.Location
	sessionStart time.Time
	// handoff marks the message where the bot handed over to a person.
	handoff bool
	// slow is the latency above which a bot turn is highlighted.
	slow time.Duration
}

// layoutMessage lays out one message in lo.w cells: a marker when a long
// silence came before it, a divider where the bot handed over, who spoke
// and when (with a voice turn's latency at the right), its components
// indented, the details when asked for, and a blank line. A caller's
// pseudo-utterance (MAX_NO_INPUT) is an event line, and a bot message
// that is a single space a pause.
func layoutMessage(t *Theme, m model.Message, prev *model.Message, parts []model.Part, lo msgLayout) []string {
	w := lo.w
	var out []string
	if prev != nil && !prev.Created.IsZero() && m.Created.Sub(prev.Created) > gapMarker {
		out = append(out, divider(t.Gap, "┄", humanGap(m.Created.Sub(prev.Created)), w))
	}
	if lo.handoff {
		out = append(out, divider(t.SpeakerAgent, "─", "handed over to an agent", w))
	}
	speaker := speakerLine(t, m, lo.loc, lo.sessionStart)
	if event, ok := eventLine(t, m, parts, lo.loc); ok {
		out = append(out, withLatency(t, event, m.Latency, lo.slow, w))
		if lo.details {
			out = append(out, detailLines(t, m, w)...)
		}
		return append(out, "")
	}
	out = append(out, withLatency(t, speaker, m.Latency, lo.slow, w))
	if m.AltText != "" {
		// The web client shows the alt text in place of what was sent.
		for _, l := range wrap(safeBlock(m.AltText), max(w-2, 1)) {
			out = append(out, "  "+l)
		}
		out = append(out, "  "+t.Dim.Render(truncate("⤷ the alt text above was shown; sent:", max(w-2, 1))))
	}
	for _, p := range parts {
		for _, l := range renderPart(t, p, w-2) {
			out = append(out, "  "+l)
		}
	}
	if len(parts) == 0 {
		out = append(out, "  "+t.Dim.Render("(no components)"))
	}
	if lo.details {
		out = append(out, detailLines(t, m, w)...)
	}
	return append(out, "")
}

// divider is a centred label in a rule across the width.
func divider(st lipgloss.Style, rule, label string, w int) string {
	label = " " + label + " "
	side := max((w-Width(label))/2, 1)
	return st.Render(truncate(strings.Repeat(rule, side)+label+strings.Repeat(rule, side), w))
}

// eventLine words a message that is an event, not speech: the caller's
// pseudo-utterance (the token kept visible and searchable), or a bot's
// blank message, which a caller hears as a pause.
func eventLine(t *Theme, m model.Message, parts []model.Part, loc *time.Location) (string, bool) {
	if len(parts) != 1 {
		return "", false
	}
	at := t.Dim.Render("  " + clock(m, loc, nil))
	if ev, ok := parts[0].(model.Event); ok && m.AltText == "" {
		return t.SpeakerSystem.Render("⋯ "+safe(model.Line(ev.Text))) + at, true
	}
	text, ok := parts[0].(model.Text)
	if !ok || text.Attachment != nil {
		return "", false
	}
	switch m.Speaker() {
	case model.SpeakerUser:
		if label, ok := model.PseudoUtterance(text.Body); ok {
			return t.Dim.Render("⋯ "+label) + "  " + t.Accent.Render(safe(strings.TrimSpace(text.Body))) + at, true
		}
	case model.SpeakerBot:
		if text.Body != "" && strings.TrimSpace(text.Body) == "" {
			return t.Dim.Render("⋯ pause (the bot said nothing)") + at, true
		}
	}
	return "", false
}

// withLatency puts a voice turn's latency at the right of its first line:
// "1.2s", highlighted when over slow. No latency, no column.
func withLatency(t *Theme, line string, l model.Latency, slow time.Duration, w int) string {
	if !l.Known {
		return truncate(line, w)
	}
	lat := t.Dim.Render(seconds(l.Total()))
	if slow > 0 && l.Total() > slow {
		lat = t.Warn.Render("▲ " + seconds(l.Total()))
	}
	lw := Width(lat)
	return pad(line, max(w-lw-1, 1)) + " " + lat
}

// seconds spells a latency: "0.8s", "2.4s", "12s".
func seconds(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// clock is when a message was sent, with the day when it is not the
// session's (sessionStart nil: the time only).
func clock(m model.Message, loc *time.Location, sessionStart *time.Time) string {
	if m.Created.IsZero() {
		return "–"
	}
	lt := m.Created.In(loc)
	if sessionStart != nil {
		st := sessionStart.In(lt.Location())
		if lt.YearDay() != st.YearDay() || lt.Year() != st.Year() {
			return lt.Format("Jan 02 15:04:05")
		}
	}
	return lt.Format("15:04:05")
}

func speakerLine(t *Theme, m model.Message, loc *time.Location, sessionStart time.Time) string {
	var who string
	switch m.Speaker() {
	case model.SpeakerUser:
		who = t.SpeakerUser.Render("● user")
	case model.SpeakerAgent:
		label := "◆ agent"
		if m.AgentName != "" {
			label += " " + safe(m.AgentName)
		}
		who = t.SpeakerAgent.Render(label)
	case model.SpeakerSystem, model.SpeakerEvent:
		who = t.SpeakerSystem.Render("■ " + m.Speaker().String())
	case model.SpeakerForm:
		who = t.SpeakerSystem.Render("▤ form")
	default:
		label := "◇ bot"
		if k := m.TaskKind(); k != "" {
			label += " (task " + k + ")"
		}
		who = t.SpeakerBot.Render(label)
	}
	at := clock(m, loc, &sessionStart)
	line := who + t.Dim.Render("  "+at)
	if m.TaskName != "" {
		line += t.Dim.Render("  · " + safe(m.TaskName))
	}
	return line
}

func detailLines(t *Theme, m model.Message, w int) []string {
	tags := func(ts []model.Tag) string {
		parts := make([]string, len(ts))
		for i, tg := range ts {
			parts[i] = tg.Name + "=" + tg.Value
		}
		return strings.Join(parts, ", ")
	}
	fs := []field{
		{"message id", m.ID}, {"trace id", m.TraceID}, {"task", m.TaskName}, {"status", m.Status},
		{"channel", m.Channel}, {"language", m.Lang}, {"created by", m.CreatedBy},
		{"message tags", tags(m.MessageTags)},
	}
	var out []string
	for _, l := range fieldLines(*t, fs, w-2) {
		out = append(out, "  "+t.Dim.Render(ansi.Strip(l)))
	}
	return out
}

// View draws the screen into exactly height lines; activity is the app's
// loading note for the status line.
func (s *transcriptScreen) View(f frame) string {
	w, h := s.width, s.height
	if w < 20 || h < 6 {
		return tooSmall(w, h)
	}
	t := s.d.theme
	lines := make([]string, 0, h)
	lines = append(lines, s.headerLines(f.path, w)...)
	lines = append(lines, s.infoLines(w)...)
	body := s.bodyHeight()
	if s.raw != nil {
		lines = append(lines, s.raw.lines(&t, w, body)...)
	} else {
		lines = append(lines, s.bodyLines(w, body)...)
	}
	status, bottom := s.statusLines(w, f.activity)
	lines = append(lines, status, bottom)
	return strings.Join(fit(lines, w), "\n")
}

func (s *transcriptScreen) headerLines(path string, w int) []string {
	t := s.d.theme
	ss := s.session
	title := path
	if s.unmasked {
		// First, so no width cuts it off: what is on screen is not masked.
		title = t.Warn.Render("personal data shown") + " · " + title
	}
	// When, how long and how much come first, then who: what an
	// 80-column terminal must keep; how it ended and where follow.
	facts := []string{ss.Start.In(s.d.loc).Format("Jan 02 15:04 MST"), humanDuration(ss.Duration()), model.Quantity(ss.Messages, "message", "messages")}
	if s.slowTurns > 0 {
		facts = append(facts, t.Warn.Render(fmt.Sprintf("▲ %s >%s", model.Quantity(s.slowTurns, "slow turn", "slow turns"), seconds(s.d.slowTurn))))
	}
	facts = append(facts, t.SpeakerUser.Render(safe(ss.UserID)), containmentStyled(&t, ss), channelLabel(ss.Channel))
	if len(ss.Languages) > 0 {
		facts = append(facts, safe(strings.Join(ss.Languages, ",")))
	}
	if ss.Status != "" {
		facts = append(facts, safe(ss.Status))
	}
	return []string{truncate(title, w), truncate(strings.Join(facts, t.Dim.Render(" · ")), w)}
}

func containmentStyled(t *Theme, s model.Session) string {
	label := containmentLabel(s)
	switch {
	case !s.ContainmentKnown:
		return label
	case s.Containment == model.DropOff:
		return t.DropOff.Render(label)
	case s.Containment == model.Agent:
		return t.Agent.Render(label)
	}
	return t.SelfService.Render(label)
}

// bodyLines draws the messages from the scroll position down, with the
// selection's gutter and search matches highlighted.
func (s *transcriptScreen) bodyLines(w, h int) []string {
	t := s.d.theme
	out := make([]string, 0, h)
	if len(s.msgs) == 0 {
		switch {
		case s.err != nil:
			out = append(out, t.Error.Render(truncate("  "+errorText(s.d, s.err), w)))
		case s.fetching || !s.done:
			out = append(out, t.Dim.Render("  loading messages…"))
		default:
			out = append(out, t.Dim.Render("  This session has no messages in its time range."))
		}
	}
	for i := s.top; i < len(s.msgs) && len(out) < h; i++ {
		b := s.block(i)
		start := 0
		if i == s.top {
			start = min(s.topLine, len(b))
		}
		gutter := " "
		if i == s.cursor {
			gutter = t.Accent.Render("▌")
		}
		for _, l := range b[start:] {
			if len(out) == h {
				break
			}
			if s.query != "" && s.isMatch(i) {
				l = highlight(&t, l, s.query)
			}
			out = append(out, gutter+" "+l)
		}
	}
	if len(out) < h && len(s.msgs) > 0 {
		switch {
		case s.err != nil:
			out = append(out, t.Error.Render(truncate("  "+errorText(s.d, s.err), w)))
		case s.fetching:
			out = append(out, t.Dim.Render("  loading more…"))
		case s.done:
			out = append(out, t.Dim.Render("  — end of transcript —"))
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// highlight marks every occurrence of q in a line. The line's own styling
// gives way on a matched line so the match stands out.
func highlight(t *Theme, line, q string) string {
	words := queryWords(q)
	plain := ansi.Strip(line)
	lower := strings.ToLower(plain)
	if len(words) == 0 || len(lower) != len(plain) {
		return line
	}
	var b strings.Builder
	at, found := 0, false
	for at < len(lower) {
		// The earliest word here, the longest when two start together.
		best, n := -1, 0
		for _, w := range words {
			if j := strings.Index(lower[at:], w); j >= 0 && (best < 0 || j < best || j == best && len(w) > n) {
				best, n = j, len(w)
			}
		}
		if best < 0 {
			break
		}
		found = true
		b.WriteString(plain[at : at+best])
		b.WriteString(t.Highlight.Render(plain[at+best : at+best+n]))
		at += best + n
	}
	if !found {
		return line
	}
	b.WriteString(plain[at:])
	return b.String()
}

// queryWords are a search's words, lower case: a message matches when
// it holds every one, as the store's search across transcripts does.
func queryWords(q string) []string {
	return strings.Fields(strings.ToLower(q))
}

// holdsAll reports whether text (lower case) holds every word.
func holdsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return len(words) > 0
}

// statusLines are the status line and the line under it (the key hints,
// the text being typed, or the rest of a long note).
func (s *transcriptScreen) statusLines(w int, activity string) (string, string) {
	total := s.session.Messages
	if s.total >= 0 {
		total = s.total
	}
	left := fmt.Sprintf("%s of %s messages", count(len(s.msgs)), count(max(total, len(s.msgs))))
	if len(s.msgs) > 0 {
		left = fmt.Sprintf("%d/%s · %s", s.cursor+1, count(len(s.msgs)), left)
	}
	if s.query != "" {
		// The search in force, until esc clears it: n and N go on with it.
		left += " · /" + truncate(safe(s.query), 20)
	}
	if activity != "" {
		left += "  " + activity
	} else if s.toEnd {
		left += "  loading to the end…"
	}
	text, st := statusNote(s.d, s.err, orUnreadable(s.flash.or(s.notice), s.unreadable))
	return statusLines(left, text, st, s.bottomLine(w), s.typing, w)
}

func (s *transcriptScreen) bottomLine(w int) string {
	if s.typing {
		return s.input.View()
	}
	k := s.d.keys
	if s.raw != nil {
		return shortHelp(s.d.theme, w, k.Binding(Down), k.Binding(Up), k.Binding(PageDown), k.Binding(Copy), k.Binding(Raw), k.Binding(Back))
	}
	return shortHelp(s.d.theme, w, hintsOf(k, s.bindings())...)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
