package model

import (
	"fmt"
	"strings"
	"time"
)

// View is a named filter a support team comes back to: which sessions,
// over a range relative to now, narrowed further where the API cannot
// filter (a text, a longest duration, a failed task).
type View struct {
	Name        string
	Containment Containment
	From, To    string // as the user writes them: "today", "7d", "2026-11-01"
	UserID      string
	Type        SessionType
	Tags        []TagFilter
	// Query narrows the loaded rows to those whose fields hold it.
	Query string
	// MaxDuration keeps sessions shorter than it (0: any length).
	MaxDuration time.Duration
	// FailedTask keeps sessions whose transcript shows a failed task
	// (an error component): answered from the local store.
	FailedTask bool
	// SlowTurns keeps sessions with a voice turn slower than the slow-turn
	// threshold: answered from the local store.
	SlowTurns bool
	// Starred lists the sessions starred (from the local store).
	Starred bool
	// Builtin is set for konvo's own views.
	Builtin bool
	// Saved is set for a view saved from konvo (S): it may be renamed or
	// deleted there; konvo's own and the config's may not.
	Saved bool
}

// BuiltinViews are the views a support team needs on day one.
func BuiltinViews() []View {
	return []View{
		{Name: "drop-offs today", Containment: DropOff, From: "today", Builtin: true},
		{Name: "agent transfers this week", Containment: Agent, From: "7d", Builtin: true},
		{Name: "short drop-offs (under 30 s)", Containment: DropOff, From: "7d", MaxDuration: 30 * time.Second, Builtin: true},
		{Name: "sessions with a failed task", From: "7d", FailedTask: true, Builtin: true},
		{Name: "slow voice turns this week", From: "7d", SlowTurns: true, Builtin: true},
		{Name: "starred", Starred: true, Builtin: true},
	}
}

// Filter is the server-side part of the view, its range pinned to now.
func (v View) Filter(now time.Time, loc *time.Location) (Filter, error) {
	r, err := ParseRange(v.From, v.To, now, loc)
	if err != nil {
		return Filter{}, fmt.Errorf("view %q: %w", v.Name, err)
	}
	return Filter{Containment: v.Containment, Range: r, UserID: v.UserID, Type: v.Type, Tags: v.Tags}, nil
}

// Keeps reports whether a session passes the view's client-side
// conditions (those the API cannot filter by).
func (v View) Keeps(s Session) bool {
	return v.MaxDuration <= 0 || s.Duration() > 0 && s.Duration() < v.MaxDuration
}

// Describe words the view in one line, for the picker.
func (v View) Describe() string {
	out := v.Containment.Label()
	if v.Containment == All {
		out = "all sessions"
	}
	from := v.From
	if from == "" {
		from = "the last 7 days"
	}
	out += ", from " + from
	if v.To != "" {
		out += " to " + v.To
	}
	if v.UserID != "" {
		out += ", user " + v.UserID
	}
	if v.Type != AnySessionType {
		out += ", " + v.Type.String()
	}
	for _, t := range v.Tags {
		out += ", tag " + t.String()
	}
	if v.Query != "" {
		out += ", matching “" + v.Query + "”"
	}
	if v.MaxDuration > 0 {
		out += ", shorter than " + v.MaxDuration.String()
	}
	if v.FailedTask {
		out += ", with a failed task (from the local store)"
	}
	if v.SlowTurns {
		out += ", with a slow voice turn (from the local store)"
	}
	if v.Starred {
		return "the sessions you starred, with their notes (from the local store)"
	}
	return Line(out)
}

// FindView is the view of a name (any case) in views.
func FindView(views []View, name string) (View, bool) {
	for _, v := range views {
		if strings.EqualFold(v.Name, name) {
			return v, true
		}
	}
	return View{}, false
}

// PutView is views with v in place of the one of its name, or added.
//
// It returns a new slice and never writes into the one given: a list of
// views may be shared (konvo serve hands every engineer the same
// configured ones), and saving into it in place showed one engineer's
// view to another.
func PutView(views []View, v View) []View {
	out := make([]View, 0, len(views)+1)
	replaced := false
	for _, x := range views {
		if strings.EqualFold(x.Name, v.Name) {
			x, replaced = v, true
		}
		out = append(out, x)
	}
	if !replaced {
		out = append(out, v)
	}
	return out
}
