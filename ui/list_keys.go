package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api/export"
	"konvo/api/source"
	"konvo/model"
)

// key answers a key press on a list screen: a field being typed in takes
// it first, then the screen's own bindings (own, which come first, and
// the list's).
func (s *listScreen) key(msg tea.KeyPressMsg, own []binding) tea.Cmd {
	s.flash.clear()
	switch {
	case s.copying:
		return s.copyChoice(msg)
	case s.editor != nil:
		return s.editorUpdate(msg)
	case s.inputMode != inputNone:
		return s.inputKey(msg)
	case s.wholeKey(msg):
		return nil
	case s.gathering && s.d.keys.Is(msg, Back):
		s.gatherStop()
		return nil
	}
	cmd, _ := dispatch(s.d.keys, msg, own)
	return cmd
}

// listBindings are the keys every list screen answers alike; the screens
// put their own (tabs, views, what esc does) beside them.
func (s *listScreen) listBindings() []binding {
	h := s.bodyHeight()
	by := func(n int) func() tea.Cmd { return func() tea.Cmd { return s.moveBy(n) } }
	bs := []binding{
		{action: Down, do: by(1)},
		{action: Up, do: by(-1)},
		{action: HalfDown, do: by(h / 2)},
		{action: HalfUp, do: by(-h / 2)},
		{action: PageDown, do: by(h)},
		{action: PageUp, do: by(-h)},
		{action: Top, do: s.goTop},
		{action: Bottom, do: s.goBottom},
		{action: Open, hint: 1, do: s.openSelected},
		{action: FilterRows, hint: 4, do: func() tea.Cmd {
			return s.openInput(inputSearch, "/", s.list().query, "text in user, id, channel, tags…")
		}},
		{action: SearchSaid, hint: 5, do: s.openSaid},
		{action: Jump, hint: 9, do: s.openCommandLine},
		{action: Help, hint: 7},
		{action: Quit, hint: 8},
		{action: Preview, hint: 10, do: s.togglePreview},
		{action: Mark, do: s.markSelected},
		{action: Insights, do: s.openInsights},
		{action: Star, do: func() tea.Cmd {
			if sess, ok := s.list().at(s.list().cursor); ok {
				return toggleStar(s.d, s.self, sess)
			}
			return nil
		}},
		{action: Copy, do: s.copyKey},
		{action: Export, do: s.exportKey},
		{action: ExportList, do: s.exportListKey},
	}
	bs = s.d.offered(bs)
	if s.preview {
		// Only while the pane is open: the help offers what works.
		bs = append(bs,
			binding{action: PreviewDown, do: func() tea.Cmd { s.scrollPreview(3); return nil }},
			binding{action: PreviewUp, do: func() tea.Cmd { s.scrollPreview(-3); return nil }})
	}
	return bs
}

func (s *listScreen) goTop() tea.Cmd {
	l := s.list()
	l.move(0, s.bodyHeight())
	l.ahead = 0
	return nil
}

// goBottom goes to the last session of the filter, not of the rows
// loaded: it loads the rest, the cursor following.
func (s *listScreen) goBottom() tea.Cmd {
	l := s.list()
	l.move(l.size()-1, s.bodyHeight())
	return s.loadWhole(wholeLoad{doing: "loading to the end", follow: true, then: func() tea.Cmd { return nil }})
}

func (s *listScreen) openSelected() tea.Cmd {
	l := s.list()
	if sess, ok := l.at(l.cursor); ok {
		_, cmd := s.d.nav.openTranscript(sess)
		return cmd
	}
	return nil
}

func (s *listScreen) togglePreview() tea.Cmd {
	s.preview = !s.preview
	l := s.list()
	l.move(l.cursor, s.bodyHeight())
	return nil
}

func (s *listScreen) markSelected() tea.Cmd {
	l := s.list()
	if sess, ok := l.at(l.cursor); ok {
		s.toggleMark(sess)
		return s.moveBy(1)
	}
	return nil
}

// copyKey copies the marked ids, or asks which part of the row to copy.
func (s *listScreen) copyKey() tea.Cmd {
	k := s.d.keys
	if len(s.marks) > 0 {
		ids := make([]string, len(s.marks))
		for i, m := range s.marks {
			ids[i] = safe(m.ID) // as shown: one line each, whatever the id holds
		}
		cmd, note := clip(s.d, strings.Join(ids, ","), fmt.Sprintf("%d marked session ids", len(ids)), strings.Join(ids, "\n")+"\n")
		s.flash.set(note)
		return cmd
	}
	if _, ok := s.list().at(s.list().cursor); ok {
		s.copying = true
		s.flash.set(fmt.Sprintf("copy: %s the session id · %s the user id · %s the row as JSON (%s: nothing)", k.Key(CopyID), k.Key(CopyUser), k.Key(CopyRow), k.Key(Cancel)))
	}
	return nil
}

// exportKey writes sessions with their transcripts: the marked ones, or
// else every session of the filter (the list is loaded whole first).
func (s *listScreen) exportKey() tea.Cmd {
	if s.gathering {
		return nil
	}
	if len(s.marks) > 0 {
		return s.exportTranscripts(s.marks)
	}
	return s.loadWhole(wholeLoad{doing: "loading every session for the export", then: func() tea.Cmd {
		rows := s.shownRows()
		if len(rows) == 0 {
			s.flash.set("no session to export")
			return nil
		}
		return s.exportTranscripts(rows)
	}})
}

// exportListKey writes the marked rows, or else every session of the
// filter: the rest of the list is loaded first, not left out.
func (s *listScreen) exportListKey() tea.Cmd {
	offer := func() tea.Cmd {
		if s.list().size() == 0 && len(s.marks) == 0 {
			s.flash.set("no session to export")
			return nil
		}
		return offerFile(s.d, s.self, "", "konvo-sessions.csv", ".csv or .jsonl", s.exportAs)
	}
	if len(s.marks) > 0 {
		return offer()
	}
	return s.loadWhole(wholeLoad{doing: "loading every session for the export", then: offer})
}

// back undoes what the list has on it, the text filter first and the
// marks next; with neither, it does what the screen does (leave, or
// clear the note).
func (s *listScreen) back(then func() tea.Cmd) func() tea.Cmd {
	return func() tea.Cmd {
		l := s.list()
		switch {
		case l.query != "":
			l.setQuery("")
			l.move(l.cursor, s.bodyHeight())
		case len(s.marks) > 0:
			s.marked, s.marks = nil, nil
			s.flash.set("marks cleared")
		default:
			return then()
		}
		return nil
	}
}

// tabBindings switch between the containment tabs.
func (s *listScreen) tabBindings() []binding {
	to := func(i int) func() tea.Cmd { return func() tea.Cmd { return s.switchTab(i) } }
	n := len(s.lists)
	return []binding{
		{action: NextTab, hint: 2, do: func() tea.Cmd { return s.switchTab((s.tab + 1) % n) }},
		{action: PrevTab, do: func() tea.Cmd { return s.switchTab((s.tab + n - 1) % n) }},
		{action: Tab1, do: to(0)},
		{action: Tab2, do: to(1)},
		{action: Tab3, do: to(2)},
		{action: Tab4, do: to(3)},
	}
}

// openFilter opens the filter form over the list.
func (s *listScreen) openFilter() tea.Cmd {
	s.editor = newFilterEditor(s.d, s.filter, s.from, s.to, s.width)
	return s.editor.focus()
}

// refreshRange reloads the lists with the range as written, read again
// against now: "the last 7 days" moves on.
func (s *listScreen) refreshRange() tea.Cmd {
	s.notice = ""
	r, err := model.ParseRange(s.from, s.to, s.d.now(), s.d.loc)
	if err != nil {
		s.notice = err.Error()
		return nil
	}
	s.filter.Range = r
	return s.start()
}

// userHistory pushes the sessions of the selected row's user.
func (s *listScreen) userHistory() tea.Cmd {
	l := s.list()
	if sess, ok := l.at(l.cursor); ok {
		return openHistory(s.d, sess)
	}
	return nil
}

func (s *listScreen) switchTab(i int) tea.Cmd {
	if s.single || i == s.tab {
		return nil
	}
	s.tab = i
	l := s.list()
	l.move(l.cursor, s.bodyHeight())
	if !l.started {
		return tea.Batch(s.fetch(s.tab), s.noteChange())
	}
	return tea.Batch(s.maybeFetch(), s.noteChange())
}

func (s *listScreen) openInput(mode inputMode, prompt, value, placeholder string) tea.Cmd {
	s.inputMode = mode
	s.input.Prompt = prompt
	s.input.Placeholder = placeholder
	s.input.SetValue(value)
	s.input.CursorEnd()
	// Room is left at the end of the line for the position.
	s.input.SetWidth(max(s.width-Width(prompt)-24, 10))
	return s.input.Focus()
}

func (s *listScreen) closeInput() {
	s.inputMode = inputNone
	s.input.Blur()
}

// inputKey handles keys while the search or jump field has focus.
func (s *listScreen) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.d.keys
	l := s.list()
	switch {
	case k.Is(msg, Cancel):
		if s.inputMode == inputSearch {
			l.setQuery("")
			l.move(l.cursor, s.bodyHeight())
		}
		s.closeInput()
		return nil
	case k.Is(msg, Accept):
		mode, value := s.inputMode, s.input.Value()
		s.closeInput()
		if mode == inputJump {
			return s.jumpTo(value)
		}
		if mode == inputSaid {
			return s.searchSaid(value)
		}
		// The filter stays on the rows: j and k go on through them.
		return tea.Batch(s.maybeFetch(), s.noteChange())
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.inputMode == inputSearch {
		l.setQuery(s.input.Value())
		l.move(l.cursor, s.bodyHeight())
	}
	return cmd
}

// openSaid asks for the words to search the stored transcripts for.
func (s *listScreen) openSaid() tea.Cmd {
	return s.openInput(inputSaid, "said: ", "", `words said (user: bot: agent: "a phrase")`)
}

// searchSaid searches what was said in the stored transcripts of the
// range, on a screen of its own.
func (s *listScreen) searchSaid(value string) tea.Cmd {
	src, ok := s.d.src.(source.Searcher)
	q := strings.TrimSpace(value)
	if !ok || q == "" {
		return nil
	}
	s.d.audit(Event{Action: "search", Query: q})
	return s.d.nav.push(newSearchScreen(s.d, src, s.tabFilter(s.tab), q))
}

// jumpTo runs what was typed after ":": a command (commands.go), or
// else session ids, looked up on the server on a screen of their own (the
// lists below stay as they were).
func (s *listScreen) jumpTo(text string) tea.Cmd {
	if cmd, ok := s.runCommand(text); ok {
		return tea.Batch(cmd, s.keepCommand(text))
	}
	ids := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == ';' })
	if len(ids) == 0 {
		return nil
	}
	if s.jumped != nil {
		return s.jumped(ids)
	}
	return s.d.nav.push(newLookupScreen(s.d, ids, s.filter.Range))
}

// copyChoice copies what the key after y names from the selected row.
func (s *listScreen) copyChoice(msg tea.KeyPressMsg) tea.Cmd {
	s.copying = false
	sess, ok := s.list().at(s.list().cursor)
	if !ok {
		return nil
	}
	var cmd tea.Cmd
	var note string
	k := s.d.keys
	switch {
	case k.Is(msg, CopyID), k.Is(msg, Copy): // y y copies the id too
		cmd, note = clip(s.d, sess.ID, "session id "+safe(sess.ID), safe(sess.ID))
	case k.Is(msg, CopyUser):
		cmd, note = clip(s.d, sess.ID, "user id "+safe(sess.UserID), safe(sess.UserID))
	case k.Is(msg, CopyRow):
		cmd, note = clip(s.d, sess.ID, "the session as JSON", string(export.Compact(sess.Raw)))
	default:
		return nil
	}
	s.flash.set(note)
	return cmd
}

// toggleMark marks or unmarks a session.
func (s *listScreen) toggleMark(sess model.Session) {
	if s.marked == nil {
		s.marked = map[string]int{}
	}
	if _, ok := s.marked[sess.ID]; ok {
		delete(s.marked, sess.ID)
		s.marks = slices.DeleteFunc(s.marks, func(m model.Session) bool { return m.ID == sess.ID })
		return
	}
	s.marked[sess.ID] = len(s.marks)
	s.marks = append(s.marks, sess)
}

func (s *listScreen) isMarked(id string) bool {
	_, ok := s.marked[id]
	return ok
}

// exportAs is the marked sessions, or else the rows shown (the text
// filter applied), as a file.
func (s *listScreen) exportAs(ext string) ([]byte, string, bool) {
	rows := s.marks
	if len(rows) == 0 {
		rows = s.shownRows()
	}
	what := model.Quantity(len(rows), "session", "sessions")
	switch ext {
	case ".csv":
		return export.SessionsCSV(rows, s.d.loc), what, true
	case ".jsonl", ".json", ".ndjson":
		return export.SessionsJSONL(rows), what, true
	}
	return nil, "", false
}

// leave goes back to the screen below.
func (s *listScreen) leave() tea.Cmd { return s.d.nav.pop() }

// shownRows are the rows of the current tab that the text filter shows.
func (s *listScreen) shownRows() []model.Session {
	l := s.list()
	rows := make([]model.Session, 0, l.size())
	for i := 0; i < l.size(); i++ {
		r, _ := l.at(i)
		rows = append(rows, r)
	}
	return rows
}

// openInsights charts the list's filter (its tab's containment too) from
// the store.
func (s *listScreen) openInsights() tea.Cmd {
	src, ok := s.d.src.(source.Insighter)
	if !ok {
		s.flash.set("insights come from the local store (konvo runs with --no-store)")
		return nil
	}
	return s.d.nav.push(newInsightsScreen(s.d, src, s.tabFilter(s.tab)))
}
