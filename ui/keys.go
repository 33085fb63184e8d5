package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Action is something a key does.
type Action int

// The actions. Each is declared once, with its keys and help, in
// DefaultActions; everything that needs a key reads it from there.
const (
	Up Action = iota
	Down
	Top
	Bottom
	HalfUp
	HalfDown
	PageUp
	PageDown
	Open
	Back
	Quit
	ForceQuit
	Search
	NextMatch
	PrevMatch
	Help
	Refresh
	Filter
	Jump
	Preview
	Copy
	NextTab
	PrevTab
	Tab1
	Tab2
	Tab3
	Tab4
	Details
	Raw
	PrevUserMsg
	NextUserMsg
	Accept
	Cancel
	NextField
	PrevField
	SyncRange
	CountAll
	CopyAll
	Export
	ExportList
	Pager
	UserHistory
	Mark
	SpacePage
	Views
	SaveView
	// CopyID, CopyUser and CopyRow answer the key after y on the list.
	CopyID
	CopyUser
	CopyRow
	// PreviewDown and PreviewUp scroll the list's preview pane.
	PreviewDown
	PreviewUp
	// RenameView and DeleteView change the views saved from konvo.
	RenameView
	DeleteView
	// SearchSaid searches what was said across the stored transcripts.
	SearchSaid
	// FilterRows narrows a list's rows as the user types.
	FilterRows
	// Star stars a session (or takes its star off), a note optional.
	Star
	// Insights opens the insights of the list's filter.
	Insights
	// Summary shows the LLM summary of the session (conversationDetails).
	Summary
	// Unmask shows a masked transcript as the server sent it, to an
	// engineer allowed to (audited).
	Unmask
	numActions
)

// Scope is where an action applies; the help screen groups by it.
type Scope uint8

// The scopes, one column each in the help.
const (
	InMove Scope = 1 << iota
	InList
	InTranscript
	InApp
	InForm
	InResults // the results of a search across transcripts
	// InCopy is the key after y on the list; the note y shows names these
	// keys, so they have no column in the help.
	InCopy
	InViews // the list of views (v)
)

// scopeTitles names the help's columns, in order.
var scopeTitles = []struct {
	scope Scope
	title string
}{{InMove, "Move"}, {InList, "Sessions"}, {InTranscript, "Transcript"}, {InApp, "konvo"}, {InForm, "In forms"}, {InResults, "Search results"}, {InViews, "Views"}}

// ActionSpec declares one action: its name in config.yaml, its default
// keys, its help, and where it applies. Which screen answers it, with
// what and where its hint goes, each screen declares (bindings.go).
type ActionSpec struct {
	Action Action
	Name   string
	Keys   []string
	Label  string // the keys as the help shows them, e.g. "j/↓"
	Desc   string
	// Short, when set, is Desc on a one-line hint, where room is short.
	Short string
	Scope Scope
}

// KeyMap is every key konvo answers to. One table drives dispatch, the
// help and the hints, so none of them can disagree.
type KeyMap struct {
	specs    []ActionSpec
	bindings [numActions]key.Binding
	shorts   [numActions]string
}

// NewKeyMap builds a key map from specs, which must declare every action
// exactly once.
func NewKeyMap(specs []ActionSpec) (KeyMap, error) {
	km := KeyMap{specs: slices.Clone(specs)}
	var seen [numActions]bool
	for _, s := range specs {
		if s.Action < 0 || s.Action >= numActions || seen[s.Action] {
			return KeyMap{}, fmt.Errorf("key table: action %q declared twice or unknown", s.Name)
		}
		seen[s.Action] = true
		km.shorts[s.Action] = s.Short
		km.bindings[s.Action] = key.NewBinding(key.WithKeys(s.Keys...), key.WithHelp(s.Label, s.Desc))
	}
	for a, ok := range seen {
		if !ok {
			return KeyMap{}, fmt.Errorf("key table: action %d has no declaration", a)
		}
	}
	return km, nil
}

// Is reports whether the key press is bound to any of the actions.
func (km KeyMap) Is(msg tea.KeyPressMsg, actions ...Action) bool {
	for _, a := range actions {
		if key.Matches(msg, km.bindings[a]) {
			return true
		}
	}
	return false
}

// Binding is an action's binding.
func (km KeyMap) Binding(a Action) key.Binding { return km.bindings[a] }

// hint is an action's binding as a one-line hint shows it: its short
// words when it has them.
func (km KeyMap) hint(a Action) key.Binding {
	b := km.bindings[a]
	if km.shorts[a] == "" || !b.Enabled() {
		return b
	}
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, km.shorts[a]))
}

// Key is the first key of an action as the user types it, for hints such
// as "r retries": re-binding the action changes the hint too.
func (km KeyMap) Key(a Action) string {
	if b := km.bindings[a]; b.Enabled() && len(b.Keys()) > 0 {
		return b.Keys()[0]
	}
	return "?"
}

// Names lists the actions' names, as config.yaml spells them.
func (km KeyMap) Names() []string {
	names := make([]string, 0, len(km.specs))
	for _, s := range km.specs {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	return names
}

// Rebind gives the action called name new keys; none disables it.
func (km *KeyMap) Rebind(name string, keys []string) error {
	for _, s := range km.specs {
		if s.Name != name {
			continue
		}
		b := &km.bindings[s.Action]
		if len(keys) == 0 {
			b.SetEnabled(false)
			return nil
		}
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), s.Desc)
		return nil
	}
	return fmt.Errorf("unknown key action %q", name)
}

// helpGroup is one titled column of the help screen.
type helpGroup struct {
	title    string
	bindings []key.Binding
}

// help groups every action by where it applies, in the table's order.
func (km KeyMap) help() []helpGroup {
	var out []helpGroup
	for _, st := range scopeTitles {
		g := helpGroup{title: st.title}
		for _, s := range km.specs {
			if s.Scope&st.scope != 0 {
				g.bindings = append(g.bindings, km.bindings[s.Action])
			}
		}
		out = append(out, g)
	}
	return out
}

// hints are bindings in the order given, leaving out actions order
// gives 0.
func (km KeyMap) hints(order func(ActionSpec) int) []key.Binding {
	specs := slices.Clone(km.specs)
	specs = slices.DeleteFunc(specs, func(s ActionSpec) bool { return order(s) == 0 })
	slices.SortStableFunc(specs, func(a, b ActionSpec) int { return order(a) - order(b) })
	out := make([]key.Binding, len(specs))
	for i, s := range specs {
		out[i] = km.bindings[s.Action]
	}
	return out
}

// formHints are the filter form's keys.
func (km KeyMap) formHints() []key.Binding {
	return km.hints(func(s ActionSpec) int {
		if s.Scope&InForm != 0 {
			return int(s.Action) + 1
		}
		return 0
	})
}
