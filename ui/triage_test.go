package ui

import (
	"testing"
)

// TestEscClosesDetailsFirst: esc after i left the transcript; it closes
// the details, as esc closes the raw view (J), and keeps the place.
func TestEscClosesDetailsFirst(t *testing.T) {
	a := newTestApp(t, 100, 30)
	a.press("enter")
	ts, ok := a.m.top().(*transcriptScreen)
	if !ok {
		t.Fatalf("no transcript: %T", a.m.top())
	}
	a.press("j", "j", "i")
	if !ts.details {
		t.Fatal("i did not show the details")
	}
	row, _ := ts.rowOf(ts.cursor)
	a.press("esc")
	if a.m.top() != ts {
		t.Fatalf("esc left the transcript with its details open")
	}
	if ts.details {
		t.Error("esc did not close the details")
	}
	if again, _ := ts.rowOf(ts.cursor); again != row {
		t.Errorf("the selection moved from row %d to %d", row, again)
	}
	a.press("esc")
	if a.m.top() == ts {
		t.Error("a second esc did not leave")
	}
}

// TestCopyEventsNameTheSession: the audit log's copy events said what was
// copied but not from which session.
func TestCopyEventsNameTheSession(t *testing.T) {
	a := newTestApp(t, 100, 30)
	var events []Event
	a.m.d.onEvent = func(e Event) { events = append(events, e) }
	sel := a.m.top().(*sessionsScreen).list()
	first, _ := sel.at(0)
	a.press("y", "i")     // the list: the row's id
	a.press("enter", "y") // a transcript: the message
	a.press("Y")          // the whole transcript
	var copies []Event
	for _, e := range events {
		if e.Action == "copy" {
			copies = append(copies, e)
		}
	}
	if len(copies) != 3 {
		t.Fatalf("copy events: %+v", events)
	}
	for _, e := range copies {
		if e.Session != first.ID {
			t.Errorf("copy of %q names session %q, want %q", e.What, e.Session, first.ID)
		}
	}
}
