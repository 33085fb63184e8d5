package main

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"

	"konvo/ui"
)

// defaultKeyMap is konvo's keys, chosen to match what users of k9s,
// lazygit and gh-dash already know.
func defaultKeyMap() ui.KeyMap {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return ui.KeyMap{
		Up:          b("k/↑", "up", "k", "up"),
		Down:        b("j/↓", "down", "j", "down"),
		Top:         b("g/home", "first", "g", "home"),
		Bottom:      b("G/end", "last", "G", "end"),
		HalfUp:      b("ctrl+u", "half page up", "ctrl+u"),
		HalfDown:    b("ctrl+d", "half page down", "ctrl+d"),
		PageUp:      b("pgup", "page up", "pgup", "ctrl+b"),
		PageDown:    b("pgdn", "page down", "pgdown", "ctrl+f", "space"),
		Open:        b("enter", "open", "enter"),
		Back:        b("esc", "back", "esc"),
		Quit:        b("q", "quit", "q"),
		ForceQuit:   b("ctrl+c", "quit now", "ctrl+c"),
		Search:      b("/", "search", "/"),
		NextMatch:   b("n", "next match", "n"),
		PrevMatch:   b("N", "previous match", "N"),
		Help:        b("?", "help", "?"),
		Refresh:     b("r", "refresh", "r"),
		Filter:      b("f", "filter", "f"),
		Jump:        b(":", "go to id", ":"),
		Preview:     b("p", "preview", "p"),
		Copy:        b("y", "copy", "y"),
		NextTab:     b("tab", "next tab", "tab"),
		PrevTab:     b("shift+tab", "previous tab", "shift+tab"),
		Tab1:        b("1", "all", "1"),
		Tab2:        b("2", "self-service", "2"),
		Tab3:        b("3", "drop-off", "3"),
		Tab4:        b("4", "agent", "4"),
		Details:     b("i", "details", "i"),
		Raw:         b("J", "raw JSON", "J"),
		PrevUserMsg: b("[", "prev. user msg", "["),
		NextUserMsg: b("]", "next user msg", "]"),
		Accept:      b("enter", "apply", "enter"),
		Cancel:      b("esc", "cancel", "esc"),
		NextField:   b("tab", "next field", "tab"),
		PrevField:   b("shift+tab", "previous field", "shift+tab"),
	}
}

// applyKeyBindings re-binds actions from the config's keys: section, e.g.
// {"quit": ["q", "ctrl+q"]}. An unknown action name is an error, so a
// typo does not silently leave the default in place.
func applyKeyBindings(km *ui.KeyMap, rebind map[string][]string) error {
	actions := km.Actions()
	var unknown []string
	for name, keys := range rebind {
		b, ok := actions[name]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		if len(keys) == 0 {
			b.SetEnabled(false)
			continue
		}
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		names := make([]string, 0, len(actions))
		for n := range actions {
			names = append(names, n)
		}
		sort.Strings(names)
		return fmt.Errorf("unknown key action(s) %s; known: %s", strings.Join(unknown, ", "), strings.Join(names, ", "))
	}
	return nil
}
