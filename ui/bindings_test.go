package ui

import (
	"slices"
	"strings"
	"testing"

	"konvo/model"
)

// testScreens are the screens that declare their keys, built without a
// program: declaring keys must not depend on anything having loaded.
func testScreens(t *testing.T) map[string]keyed {
	d := benchDeps(t)
	s, msgs := longTranscript(t)
	f := model.Filter{}
	return map[string]keyed{
		"sessions":   newSessionsScreen(d, f, "", ""),
		"lookup":     newLookupScreen(d, []string{"a", "b"}, f.Range),
		"history":    newHistoryScreen(d, "u-1", ""),
		"transcript": newTranscriptWith(d, s, msgs[:5]),
		"results":    newSearchScreen(d, nil, f, "card"),
		"views":      &viewsScreen{d: d},
	}
}

// TestScreensDeclareDisjointKeys: no two actions a screen handles share
// a key, so the key a screen's help names is the key that reaches that
// action and not another one first.
func TestScreensDeclareDisjointKeys(t *testing.T) {
	km := testKeys()
	for name, s := range testScreens(t) {
		owner := map[string]Action{}
		for _, b := range s.bindings() {
			for _, k := range km.Binding(b.action).Keys() {
				if other, ok := owner[k]; ok && other != b.action {
					t.Errorf("%s: %q is bound to both %v and %v", name, k, other, b.action)
				}
				owner[k] = b.action
			}
		}
	}
}

// TestHelpListsOnlyWhatTheScreenHandles: ? over a screen shows the keys
// that screen answers (and the app's and the forms'), and no other: "s
// sync" was listed on the sessions list, where it did nothing.
func TestHelpListsOnlyWhatTheScreenHandles(t *testing.T) {
	km := testKeys()
	screens := testScreens(t)
	for name, s := range screens {
		declared := map[string]bool{}
		for _, b := range s.bindings() {
			declared[km.Binding(b.action).Help().Desc] = true
		}
		for _, a := range appKeys() {
			declared[km.Binding(a).Help().Desc] = true
		}
		for _, g := range km.helpFor(s.(screen)) {
			if g.title == "In forms" || strings.HasPrefix(g.title, "After ") {
				continue // the text fields' keys, and the commands after ":"
			}
			for _, b := range g.bindings {
				if !declared[b.Help().Desc] {
					t.Errorf("%s: the help lists %q, which the screen does not handle", name, b.Help().Desc)
				}
			}
		}
	}
	lacks := map[string][]Action{
		"sessions":   {SyncRange, Details, NextMatch},
		"lookup":     {Views, NextTab, Filter, SaveView, SyncRange},
		"history":    {Views, SyncRange},
		"transcript": {Mark, Filter, NextTab, SyncRange},
		"results":    {SyncRange, Mark}, // nothing to sync: the range is whole
		"views":      {Mark, Filter},
	}
	has := map[string][]Action{
		"sessions":   {Views, SaveView, NextTab, Filter, Mark, ExportList},
		"lookup":     {Open, Mark, Copy, Back},
		"history":    {NextTab, Filter, SaveView},
		"transcript": {Details, Raw, NextMatch, Pager, CopyAll},
		"results":    {Open, Back},
		"views":      {Open, RenameView, DeleteView, Back},
	}
	for name, s := range screens {
		var listed []Action
		for _, b := range s.bindings() {
			listed = append(listed, b.action)
		}
		for _, a := range lacks[name] {
			if slices.Contains(listed, a) {
				t.Errorf("%s declares %q", name, km.Binding(a).Help().Desc)
			}
		}
		for _, a := range has[name] {
			if !slices.Contains(listed, a) {
				t.Errorf("%s does not declare %q", name, km.Binding(a).Help().Desc)
			}
		}
	}
}

// TestHintsAreDeclaredKeys: every key on a screen's one-line help is one
// it declares, and re-binding moves the hint.
func TestHintsAreDeclaredKeys(t *testing.T) {
	km := testKeys()
	if err := km.Rebind("views", []string{"V"}); err != nil {
		t.Fatal(err)
	}
	var line strings.Builder
	for _, b := range hintsOf(km, testScreens(t)["sessions"].bindings()) {
		line.WriteString(b.Help().Key + " " + b.Help().Desc + "  ")
	}
	got := line.String()
	for _, want := range []string{"enter open", "tab next tab", "f filter", "/ narrow", ": go to id", "? help", "q quit", "V views"} {
		if !strings.Contains(got, want) {
			t.Errorf("the list's hints lack %q: %s", want, got)
		}
	}
	if strings.Index(got, "enter open") > strings.Index(got, "? help") {
		t.Errorf("the hints are out of order: %s", got)
	}
}

// TestEachListIsItsOwnScreen: ":" with several ids, u and the list are
// three screen types; each answers its own keys (tab on a lookup, v on a
// user's history do nothing) and esc leaves the pushed ones.
func TestEachListIsItsOwnScreen(t *testing.T) {
	a := newTestApp(t, 100, 30)
	a.press(":")
	a.typeText("showcase-voice showcase-everything")
	a.press("enter")
	lk, ok := a.m.top().(*lookupScreen)
	if !ok {
		t.Fatalf("the lookup is a %T", a.m.top())
	}
	if lk.list().size() != 2 {
		t.Fatalf("the lookup found %d sessions:\n%s", lk.list().size(), a.frame())
	}
	before := a.frame()
	a.press("tab")
	if a.frame() != before {
		t.Errorf("tab changed the lookup:\n%s", a.frame())
	}
	a.press("u")
	if _, ok := a.m.top().(*historyScreen); !ok {
		t.Fatalf("u on the lookup opened a %T", a.m.top())
	}
	a.press("v")
	if _, ok := a.m.top().(*historyScreen); !ok {
		t.Errorf("v on a user's history opened a %T", a.m.top())
	}
	a.press("esc")
	if a.m.top() != lk {
		t.Fatalf("esc left the history for a %T", a.m.top())
	}
	a.press("esc")
	if _, ok := a.m.top().(*sessionsScreen); !ok {
		t.Fatalf("esc left the lookup for a %T", a.m.top())
	}
	a.press("esc")
	if len(a.m.stack) != 1 {
		t.Errorf("esc on the list left it")
	}
}
