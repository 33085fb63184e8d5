package ui

import "charm.land/bubbles/v2/key"

// testKeys is a key map for tests in this package; the real defaults live
// in the root keymap.go, and the screen tests there use those.
func testKeys() KeyMap {
	k := func(keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], keys[0]))
	}
	return KeyMap{
		Up: k("k", "up"), Down: k("j", "down"), Top: k("g"), Bottom: k("G"), HalfUp: k("ctrl+u"), HalfDown: k("ctrl+d"),
		PageUp: k("pgup"), PageDown: k("pgdown"), Open: k("enter"), Back: k("esc"), Quit: k("q"), ForceQuit: k("ctrl+c"),
		Search: k("/"), NextMatch: k("n"), PrevMatch: k("N"), Help: k("?"), Refresh: k("r"), Filter: k("f"), Jump: k(":"),
		Preview: k("p"), Copy: k("y"), NextTab: k("tab"), PrevTab: k("shift+tab"), Tab1: k("1"), Tab2: k("2"), Tab3: k("3"), Tab4: k("4"),
		Details: k("i"), Raw: k("J"), PrevUserMsg: k("["), NextUserMsg: k("]"), Accept: k("enter"), Cancel: k("esc"),
		NextField: k("tab"), PrevField: k("shift+tab"),
	}
}
