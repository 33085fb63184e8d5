package ui

import (
	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// tableTop is the screen line of the first table row: after the title,
// the tabs and the column headings.
const tableTop = 3

// click selects what is under the pointer: a tab, or a row (a click on
// the selected row opens it).
func (s *listScreen) click(m tea.Mouse) tea.Cmd {
	if m.Button != tea.MouseLeft || s.editor != nil || s.inputMode != inputNone {
		return nil
	}
	if m.Y == 1 {
		if i := s.tabAt(m.X); i >= 0 {
			return s.switchTab(i)
		}
		return nil
	}
	l := s.list()
	row := m.Y - tableTop
	if row < 0 || row >= s.bodyHeight() || s.preview && s.previewBeside() && m.X >= s.width-s.previewWidth() {
		return nil
	}
	i := l.offset + row
	if _, ok := l.at(i); !ok {
		return nil
	}
	if i == l.cursor {
		sess, _ := l.at(i)
		_, cmd := s.d.nav.openTranscript(sess)
		return cmd
	}
	l.move(i, s.bodyHeight())
	return s.prefetch()
}

// overPreview reports whether the pointer is over the preview pane.
func (s *listScreen) overPreview(m tea.Mouse) bool {
	if !s.preview {
		return false
	}
	if s.previewBeside() {
		return m.Y >= tableTop-1 && m.X >= s.width-s.previewWidth()
	}
	return m.Y >= tableTop+s.bodyHeight()
}

// tabAt is the tab drawn at column x of the tabs line, or -1.
func (s *listScreen) tabAt(x int) int {
	at := 0
	for i := range model.Containments {
		w := Width(s.tabLabel(i)) + 1
		if x >= at && x < at+w {
			return i
		}
		at += w
	}
	return -1
}
