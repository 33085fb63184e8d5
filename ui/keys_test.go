package ui

import (
	"strings"
	"testing"

	"konvo/model"
)

// testKeys is the real key table, as the app gets it.
func testKeys() KeyMap {
	km, err := NewKeyMap(DefaultActions())
	if err != nil {
		panic(err)
	}
	return km
}

// TestKeyTable: every action declared once, with a name, keys and help,
// in at least one help column; no two actions of one screen share a key.
func TestKeyTable(t *testing.T) {
	if _, err := NewKeyMap(DefaultActions()); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range DefaultActions() {
		if s.Name == "" || len(s.Keys) == 0 || s.Label == "" || s.Desc == "" || s.Scope == 0 {
			t.Errorf("incomplete: %+v", s)
		}
		if names[s.Name] {
			t.Errorf("name %q twice", s.Name)
		}
		names[s.Name] = true
	}
	for _, sc := range []Scope{InList | InMove | InApp, InTranscript | InMove | InApp, InForm, InCopy} {
		seen := map[string]string{}
		for _, s := range DefaultActions() {
			if s.Scope&sc == 0 {
				continue
			}
			for _, k := range s.Keys {
				if other, dup := seen[k]; dup {
					t.Errorf("%q is bound to both %s and %s", k, other, s.Name)
				}
				seen[k] = s.Name
			}
		}
	}
	// The copy sub-keys follow re-binding, like every key.
	km := testKeys()
	if err := km.Rebind("copy_user", []string{"U"}); err != nil || km.Key(CopyUser) != "U" {
		t.Errorf("copy_user cannot be re-bound: %v", err)
	}
	if _, err := NewKeyMap(DefaultActions()[1:]); err == nil {
		t.Error("a table missing an action was accepted")
	}
}

// TestHintsFollowRebinding: a hint that names a key names the current
// one, so re-binding refresh changes "r retries".
func TestHintsFollowRebinding(t *testing.T) {
	km := testKeys()
	if err := km.Rebind("refresh", []string{"ctrl+r"}); err != nil {
		t.Fatal(err)
	}
	d := benchDeps(t)
	d.keys = km
	got := errorText(d, errTest("the server is down"))
	if !strings.Contains(got, "(ctrl+r retries)") {
		t.Errorf("hint %q does not name the re-bound key", got)
	}
	var line strings.Builder
	list := newSessionsScreen(d, model.Filter{}, "", "")
	for _, b := range hintsOf(km, list.bindings()) {
		line.WriteString(b.Help().Key + " ")
	}
	if !strings.Contains(line.String(), "ctrl+r") {
		t.Errorf("the help line does not show the re-bound key: %s", line.String())
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }
