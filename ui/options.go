package ui

import (
	"context"
	"time"

	"konvo/api/source"
	"konvo/model"
)

// Options is what the app needs from main.
type Options struct {
	// Source is what the app reads sessions and transcripts from.
	Source source.Source
	// Context ends the app when it is done (a closed SSH session, a
	// server shutting down); nil is context.Background().
	Context context.Context
	// Filter is the initial server-side filter; From and To are the range
	// as the user wrote it ("7d", "2026-11-01", empty for the default), so
	// a refresh can pin a relative range to the new "now".
	Filter   model.Filter
	From, To string
	Keys     KeyMap
	Theme    Theme
	Location *time.Location
	// Title names where konvo is looking: the profile, or the host.
	Title string
	// Badge is a warning the header always shows, early: "offline, data
	// from 3 h ago".
	Badge string
	Now   func() time.Time
	// Views are the views on offer (konvo's own, the config's, saved
	// ones); View names the one to start with. SaveView keeps a view
	// saved with S, DeleteView takes one out (nil: for this run only).
	Views      []model.View
	View       string
	SaveView   func(model.View) error
	DeleteView func(name string) error
	// Resume is the list as it was left last time (its filter, tab and
	// text filter), to start with when no filter was asked for.
	Resume *model.View
	// Owner is whose memory (transcripts read, stars, the last list) the
	// app keeps: "" locally, the engineer's key under konvo serve.
	Owner string
	// Remote is set when the app runs for an engineer over SSH (konvo
	// serve): exports go to their clipboard, never to the server's disk,
	// and no program is started on the server.
	Remote bool
	// Audit, when set, is told what the engineer opens, searches, copies
	// and exports.
	Audit func(Event)
	// NoMouse leaves the mouse to the terminal, for its own selection
	// (over SSH, drag-to-select is how text leaves a remote screen).
	NoMouse bool
	// Getenv reads the environment ($PAGER); nil is os.Getenv.
	Getenv func(string) string
	// Session, when set, is a session id to open first, whatever its
	// age; the list under it shows that session's day.
	Session string
	// SlowTurn is the latency over which a voice bot turn is highlighted
	// (default 2 s).
	SlowTurn time.Duration
	// MayUnmask lets the engineer open a masked source's transcript as
	// the server sent it (M), each time told to Audit.
	MayUnmask bool
}

// deps is what every screen shares. It is read-only after New.
type deps struct {
	ctx     context.Context
	nav     navigator
	getenv  func(string) string
	views   *viewSet
	badge   string
	remote  bool
	onEvent func(Event)
	src     source.Source
	keys    KeyMap
	theme   Theme
	loc     *time.Location
	now     func() time.Time
	title   string
	// slowTurn is Options.SlowTurn.
	slowTurn time.Duration
	// owner is whose memory konvo reads and writes (Options.Owner).
	owner string
	// mayUnmask is Options.MayUnmask.
	mayUnmask bool
	// surveys are the survey answers the lists have read, by session, for
	// the transcript's header (read and written on the UI thread only).
	surveys      map[string]model.Survey
	surveyRanges []model.Range // the ranges they were read for
	// stars are the sessions starred, by id: known once Init's recall is
	// in, kept up to date as stars are set (read and written on the UI
	// thread only).
	stars map[string]bool
	// commands are the ":" lines typed, newest first: the command line's
	// history and suggestions.
	commands []string
}
