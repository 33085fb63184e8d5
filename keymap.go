package main

import (
	"fmt"
	"sort"
	"strings"

	"konvo/ui"
)

// defaultKeyMap is konvo's keys: ui.DefaultActions, the one table of
// every action with its keys and help (the UI's own tests read it too).
func defaultKeyMap() ui.KeyMap {
	km, err := ui.NewKeyMap(ui.DefaultActions())
	if err != nil {
		panic(err) // the table is code; TestKeyTable proves it whole
	}
	return km
}

// applyKeyBindings re-binds actions from the config's keys: section, e.g.
// {"quit": ["q", "ctrl+q"]}. An unknown action name is an error, so a
// typo does not silently leave the default in place.
func applyKeyBindings(km *ui.KeyMap, rebind map[string][]string) error {
	var unknown []string
	for name, keys := range rebind {
		if err := km.Rebind(name, keys); err != nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown key action(s) %s; known: %s", strings.Join(unknown, ", "), strings.Join(km.Names(), ", "))
	}
	return nil
}
