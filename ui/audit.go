package ui

// Event is something an engineer did that a team may have to answer
// for ("who looked at this conversation"): konvo serve writes each to
// its audit log. It never holds message text.
type Event struct {
	Action  string // open, search, history, copy, export
	Session string // the session concerned, when one is
	Query   string // what was searched for
	What    string // what was copied or exported
	Bytes   int
}

// audit reports an event to the host, if it listens.
func (d *deps) audit(e Event) {
	if d.onEvent != nil {
		d.onEvent(e)
	}
}
