package ui

import (
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// TestAnIdleAppSchedulesNothing: once what was asked for has arrived,
// konvo keeps no timer of its own: the spinner's next tick is its last,
// on the list, on a transcript and after a field was typed in and left.
// (Bubble Tea's renderer still wakes FrameRate times a second; that is
// the library's, and FrameRate bounds it.)
func TestAnIdleAppSchedulesNothing(t *testing.T) {
	a := newTestApp(t, 100, 30)
	idle := func(where string) {
		t.Helper()
		if a.m.busy() {
			t.Fatalf("%s: still busy", where)
		}
		_, cmd := a.m.Update(spinner.TickMsg{ID: a.m.spinner.ID()})
		if cmd != nil {
			t.Errorf("%s: a spinner tick scheduled another: %T", where, cmd())
		}
		if a.m.spinning {
			t.Errorf("%s: the spinner still runs", where)
		}
	}
	idle("the list")
	a.press("/", "x", "esc")
	idle("after the search field")
	a.press("enter")
	idle("a transcript")
	_, cmd := a.m.Update(tea.FocusMsg{})
	if cmd != nil {
		t.Errorf("focus scheduled %T", cmd())
	}
}
