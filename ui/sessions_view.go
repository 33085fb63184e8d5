package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"konvo/api"
	"konvo/api/source"
	"konvo/model"
)

// chromeRows are the sessions screen's lines that are not table rows:
// title, tabs, column headings, status and help.
const chromeRows = 5

// previewBeside reports whether the preview sits right of the table.
func (s *listScreen) previewBeside() bool { return s.width >= 150 }

func (s *listScreen) previewWidth() int { return clamp(s.width*2/5, 40, 72) }

func (s *listScreen) previewHeight() int { return clamp(s.height*2/5, 6, 16) }

// View draws the screen into exactly height lines of at most width cells,
// under the app's breadcrumb and with its loading note on the status line.
func (s *listScreen) View(f frame) string {
	w, h := s.width, s.height
	if w < 20 || h < chromeRows+1 {
		return tooSmall(w, h)
	}
	if s.editor != nil {
		return s.editor.View(w, h)
	}
	lines := make([]string, 0, h)
	lines = append(lines, s.titleLine(f.path, w), s.tabsLine(w))
	tableW := w
	if s.preview && s.previewBeside() {
		tableW = w - s.previewWidth() - 1
	}
	body := s.tableLines(tableW, s.bodyHeight())
	switch {
	case s.preview && s.previewBeside():
		pv := s.previewLines(s.previewWidth(), len(body))
		sep := s.d.theme.Border.Render("│")
		for i := range body {
			body[i] = pad(body[i], tableW) + sep + pv[i]
		}
	case s.preview:
		body = append(body, s.previewLines(w, s.previewHeight())...)
	}
	lines = append(lines, body...)
	status, bottom := s.statusLines(w, f.activity)
	lines = append(lines, status, bottom)
	return strings.Join(fit(lines, w), "\n")
}

func (s *listScreen) titleLine(path string, w int) string {
	t := s.d.theme
	// Most useful first: what is being looked at, then where.
	parts := []string{path, rangeLabel(s.filter.Range, s.d.loc, s.d.now())}
	if s.d.badge != "" {
		parts = append(parts, t.Warn.Render(safe(s.d.badge)))
	}
	f := s.filter
	if s.namesUser {
		f.UserID = "" // the breadcrumb names the user
	}
	if chips := filterChips(f); chips != "" {
		parts = append(parts, t.Accent.Render(chips))
	}
	if q := s.list().query; q != "" {
		parts = append(parts, t.Accent.Render("/"+safe(q)))
	}
	parts = append(parts, safe(s.d.title))
	if bot := s.d.src.BotID(); bot != "" {
		parts = append(parts, "bot "+safe(bot))
	} else {
		parts = append(parts, "all bots (admin)")
	}
	line := strings.Join(parts, t.Dim.Render(" · "))
	// Sessions per day from the store, at the right, where it fits.
	if len(s.perDay) > 1 {
		spark := t.Dim.Render("per day ") + t.Accent.Render(sparkline(s.perDay))
		if gap := w - Width(line) - Width(spark); gap >= 2 {
			return line + strings.Repeat(" ", gap) + spark
		}
	}
	return truncate(line, w)
}

// filterChips words the filters besides range and containment.
func filterChips(f model.Filter) string {
	var out []string
	if f.UserID != "" {
		out = append(out, "user="+safe(f.UserID))
	}
	if f.Type != model.AnySessionType {
		out = append(out, f.Type.String())
	}
	for _, tf := range f.Tags {
		out = append(out, "tag "+safe(tf.String()))
	}
	if f.Channel != "" {
		out = append(out, "channel="+safe(f.Channel))
	}
	if f.Language != "" {
		out = append(out, "lang="+safe(f.Language))
	}
	return strings.Join(out, " ")
}

func (s *listScreen) tabsLine(w int) string {
	t := s.d.theme
	var b strings.Builder
	for i := range model.Containments {
		label := s.tabLabel(i)
		switch {
		case s.single && i != 0:
			b.WriteString(t.Dim.Render(label))
		case i == s.tab:
			b.WriteString(t.TabActive.Render(label))
		default:
			b.WriteString(t.TabInactive.Render(label))
		}
		b.WriteString(" ")
	}
	return truncate(b.String(), w)
}

// tabLabel is a tab as the tabs line draws it (a space follows it).
func (s *listScreen) tabLabel(i int) string {
	label := fmt.Sprintf(" %d %s", i+1, model.Containments[i].Label())
	if n := s.tabCount(i); n != "" {
		label += " " + n
	}
	return label + " "
}

// tabCount is a tab's session count: exact once known, "≥N" while the
// pager has seen only some windows, blank before anything is known.
func (s *listScreen) tabCount(i int) string {
	if s.single {
		if i == 0 {
			return count(s.lists[0].size())
		}
		return ""
	}
	n, exact := s.tabTotal(i)
	switch {
	case exact:
		return count(n)
	case n > 0:
		return "≥" + count(n)
	}
	return ""
}

// tabTotal is what is known of tab i's count: exact, or a lower bound.
// The containments are disjoint, so All holds at least what the other
// tabs hold together: a tag filter once showed "All ≥74" beside
// "Self-service 99".
func (s *listScreen) tabTotal(i int) (n int, exact bool) {
	if s.counts[i] >= 0 {
		return s.counts[i], true
	}
	n = s.lists[i].total
	if i == 0 {
		parts := 0
		for j := 1; j < len(s.lists); j++ {
			if s.counts[j] >= 0 {
				parts += s.counts[j]
			} else {
				parts += s.lists[j].total
			}
		}
		n = max(n, parts)
	}
	return n, false
}

// tableLines renders the column headings and the visible rows only, so
// the cost does not grow with the number of loaded sessions.
func (s *listScreen) tableLines(w, h int) []string {
	t := s.d.theme
	_, withFacts := s.d.src.(source.FactsReader)
	lay := layoutColumns(w, withFacts, s.surveys != nil)
	titles := make([]string, len(lay.cols))
	for j, i := range lay.cols {
		titles[j] = sessionColumns[i].title
	}
	out := make([]string, 0, h+1)
	out = append(out, t.ColumnHeader.Render(pad("  "+joinCols(titles, lay.widths, lay.right), w)))
	l := s.list()
	ctx := cellCtx{now: s.d.now(), loc: s.d.loc, facts: func(id string) (model.Facts, bool) {
		f, ok := s.facts[id]
		return f, ok
	}, survey: func(id string) (model.Survey, bool) {
		v, ok := s.surveys[id]
		return v, ok
	}}
	cells := make([]string, len(lay.cols))
	var tail []string
	for r := 0; r < h; r++ {
		i := l.offset + r
		sess, ok := l.at(i)
		if !ok {
			if k := i - l.size(); k == 0 {
				tail = s.tailLines(w)
			}
			if k := i - l.size(); k >= 0 && k < len(tail) {
				out = append(out, tail[k])
			} else {
				out = append(out, "")
			}
			continue
		}
		for j, ci := range lay.cols {
			cells[j] = sessionColumns[ci].cell(sess, ctx)
		}
		mark := " "
		switch {
		case s.isMarked(sess.ID):
			mark = "*"
		case s.d.stars[sess.ID]:
			mark = "★"
		}
		if i == l.cursor {
			out = append(out, t.Selected.Render(pad("▌"+mark+joinCols(cells, lay.widths, lay.right), w)))
			continue
		}
		if j := lay.containment; j >= 0 {
			// Styled before joining, so the colour never depends on where
			// the cell lands in the row's bytes.
			cells[j] = s.containmentStyle(sess).Render(pad(cells[j], lay.widths[j]))
		}
		if mark != " " {
			mark = t.Accent.Render(mark)
		}
		out = append(out, " "+mark+joinCols(cells, lay.widths, lay.right))
	}
	return out
}

// containmentStyle is the colour of an unselected row's containment cell.
func (s *listScreen) containmentStyle(sess model.Session) lipgloss.Style {
	switch {
	case !sess.ContainmentKnown:
		return lipgloss.NewStyle()
	case sess.Containment == model.DropOff:
		return s.d.theme.DropOff
	case sess.Containment == model.Agent:
		return s.d.theme.Agent
	}
	return s.d.theme.SelfService
}

// tailLines fill the table below the last row: a loading line, the error,
// or a hint when nothing matched, wrapped so that nothing is cut.
func (s *listScreen) tailLines(w int) []string {
	t := s.d.theme
	l := s.list()
	say := func(st lipgloss.Style, text string) []string { return wrapIndented(st, text, w, "  ") }
	switch {
	case l.err != nil && l.size() == 0:
		return say(t.Error, errorText(s.d, l.err))
	case l.fetching || !l.started:
		return say(t.Dim, "loading…")
	case l.size() == 0 && l.query != "":
		return say(t.Dim, fmt.Sprintf("No loaded session matches %q — %s clears the search.", safe(l.query), s.d.keys.Key(Back)))
	case l.size() == 0 && s.emptyNote != "":
		return say(t.Dim, s.emptyNote)
	case l.size() == 0:
		kind := ""
		if c := model.Containments[s.tab]; c != model.All {
			kind = strings.ToLower(c.Label()) + " "
		}
		return say(t.Dim, fmt.Sprintf("No %ssessions in %s. Widen the range with %s, or try another tab.", kind, rangeLabel(s.filter.Range, s.d.loc, s.d.now()), s.d.keys.Key(Filter)))
	case l.done && l.query == "":
		return say(t.Dim, "— end —")
	}
	return nil
}

// statusLines are the status line and the line under it (the key hints,
// the text being typed, or the rest of a long note).
func (s *listScreen) statusLines(w int, activity string) (string, string) {
	l := s.list()
	var left string
	if l.pager != nil {
		of := count(l.total)
		if !l.exact {
			of = "≥" + of
		}
		left = fmt.Sprintf("%s of %s", count(len(l.rows)), of)
		if l.stored {
			left = count(len(l.rows)) + " stored"
		}
		if l.filtered() {
			left = fmt.Sprintf("%s shown · %s", count(l.size()), left)
		}
		if l.size() > 0 {
			left = fmt.Sprintf("%d/%s · %s", l.cursor+1, count(l.size()), left)
		}
	}
	if n := len(s.marks); n > 0 {
		left += fmt.Sprintf(" · %d marked", n)
	}
	if activity != "" {
		left += "  " + activity
	}
	note := orUnreadable(s.flash.or(s.notice), l.unreadable)
	if w := s.wholeNote(); w != "" {
		note = w
	}
	if n := s.syncNote(); n != "" && s.flash.text == "" {
		note = n
	}
	if l.stored && note == "" {
		note = "stored list from " + humanAge(s.d.now(), l.storedAt) + ", refreshing"
		if l.err != nil {
			note = "stored list from " + humanAge(s.d.now(), l.storedAt)
		}
	}
	text, st := statusNote(s.d, l.err, note)
	if s.inputMode != inputNone {
		// The field takes the status line, the position kept at its end;
		// the line below keeps the field's keys.
		return statusRow(s.input.View(), left, w), s.bottomLine(w)
	}
	return statusLines(left, text, st, s.bottomLine(w), false, w)
}

// humanAge words how long ago t was: "just now", "3 h ago".
func humanAge(now, t time.Time) string {
	if d := now.Sub(t); d >= time.Minute {
		return api.Humanize(d) + " ago"
	}
	return "just now"
}

func (s *listScreen) bottomLine(w int) string {
	if s.inputMode != inputNone {
		return shortHelp(s.d.theme, w, s.typingHints()...)
	}
	// Help and quit come early so they survive a narrow terminal.
	return shortHelp(s.d.theme, w, hintsOf(s.d.keys, s.self.bindings())...)
}

// typingHints are the keys of the field being typed in: they stay on
// screen while typing (the field takes the status line).
func (s *listScreen) typingHints() []key.Binding {
	k := s.d.keys
	as := func(a Action, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(k.Binding(a).Keys()...), key.WithHelp(k.Key(a), desc))
	}
	switch s.inputMode {
	case inputSearch:
		return []key.Binding{as(Accept, "keep the filter (j/k go on)"), as(Cancel, "clear it"), key.NewBinding(key.WithHelp("words", "in any order"))}
	case inputSaid:
		return []key.Binding{as(Accept, "search"), as(Cancel, "cancel"), key.NewBinding(key.WithHelp(`user: bot: agent:`, `who said it; "…" a phrase`))}
	}
	return []key.Binding{as(Accept, "go"), as(Cancel, "cancel"), key.NewBinding(key.WithHelp("tab", "complete")), key.NewBinding(key.WithHelp("↑/↓", "earlier commands"))}
}

// scrollPreview scrolls the preview pane by n lines, within what it
// holds.
func (s *listScreen) scrollPreview(n int) {
	w, h := s.width, s.previewHeight()-1 // below the table, under its rule
	if s.previewBeside() {
		w, h = s.previewWidth(), s.bodyHeight()
	}
	l := s.list()
	sess, ok := l.at(l.cursor)
	if !ok {
		s.previewTop = 0
		return
	}
	lines := len(sessionFields(s.d.theme, sess, s.d.loc, w))
	s.previewTop = clamp(s.previewTop+n, 0, max(lines-h+1, 0))
}

// previewLines shows every field of the selected session.
func (s *listScreen) previewLines(w, h int) []string {
	t := s.d.theme
	l := s.list()
	sess, ok := l.at(l.cursor)
	rule := t.Border.Render(strings.Repeat("─", max(w, 0)))
	if !s.previewBeside() {
		h--
	}
	var lines []string
	if ok {
		lines = sessionFields(t, sess, s.d.loc, w)
	}
	// The wheel over the pane scrolls it (previewTop); what does not
	// fit is said rather than cut silently.
	top := clamp(s.previewTop, 0, max(len(lines)-h+1, 0))
	lines = lines[min(top, len(lines)):]
	if len(lines) > h && h > 0 {
		more := len(lines) - h + 1
		lines = append(lines[:h-1], t.Dim.Render(truncate(fmt.Sprintf(" … %d more lines: %s scrolls (or the wheel over this pane)", more, s.d.keys.Key(PreviewDown)), w)))
	}
	out := make([]string, 0, h+1)
	if !s.previewBeside() {
		out = append(out, rule)
	}
	for i := 0; i < h; i++ {
		if i < len(lines) {
			out = append(out, lines[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}
