package ui

// maxRecent is how many transcripts konvo keeps for going back to.
const maxRecent = 8

// recentTranscripts keeps the last transcripts read, newest last, so
// going back to one is instant, costs no request, and keeps its place. A
// kept transcript off the stack still takes a page already on its way,
// but asks for no more until it is shown again.
type recentTranscripts struct{ list []*transcriptScreen }

// get returns the kept transcript of a session and marks it newest,
// unless its last fetch failed (then a fresh start is the better retry).
func (r *recentTranscripts) get(id string) *transcriptScreen {
	for i, t := range r.list {
		if t.session.ID == id && t.err == nil {
			r.list = append(append(r.list[:i:i], r.list[i+1:]...), t)
			return t
		}
	}
	return nil
}

// add keeps t, replacing an older screen of the same session and letting
// the oldest go past maxRecent.
func (r *recentTranscripts) add(t *transcriptScreen) {
	for i, old := range r.list {
		if old.session.ID == t.session.ID {
			old.stop()
			r.list = append(r.list[:i:i], r.list[i+1:]...)
			break
		}
	}
	r.list = append(r.list, t)
	if len(r.list) > maxRecent {
		r.list[0].stop()
		r.list = r.list[1:]
	}
}

// keeps reports whether s is a kept transcript.
func (r *recentTranscripts) keeps(s screen) bool {
	for _, t := range r.list {
		if screen(t) == s {
			return true
		}
	}
	return false
}

// stop cancels every kept transcript's fetch.
func (r *recentTranscripts) stop() {
	for _, t := range r.list {
		t.stop()
	}
}
