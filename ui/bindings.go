package ui

import (
	"slices"

	"konvo/api/source"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// binding is one key a screen answers to: the action (its keys come from
// the key table, so re-binding moves it), what it does, and its place on
// the screen's one-line help (0: only in the help screen). A screen lists
// its bindings in one place, as lazygit's types.Binding and k9s's
// KeyActions do; dispatch, the one-line help and the help screen all read
// that list, so the help names exactly the keys the screen handles.
type binding struct {
	action Action
	hint   int
	// do answers the key; nil means the app answers it (help, quit), and
	// the screen lists it only so that its hints and help show it.
	do func() tea.Cmd
}

// keyed is a screen that declares its keys.
type keyed interface {
	bindings() []binding
	// helpTitle heads the help's column of this screen's own keys.
	helpTitle() string
}

// dispatch runs the first binding the key press is bound to; handled is
// false when the screen has none for it.
func dispatch(km KeyMap, msg tea.KeyPressMsg, bs []binding) (cmd tea.Cmd, handled bool) {
	for _, b := range bs {
		if b.do != nil && km.Is(msg, b.action) {
			return b.do(), true
		}
	}
	return nil, false
}

// hintsOf is a screen's one-line help: its hinted bindings, in order.
func hintsOf(km KeyMap, bs []binding) []key.Binding {
	bs = slices.DeleteFunc(slices.Clone(bs), func(b binding) bool { return b.hint == 0 })
	slices.SortStableFunc(bs, func(a, b binding) int { return a.hint - b.hint })
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		out[i] = km.hint(b.action)
	}
	return out
}

// appKeys are the keys the app answers on every screen that does not
// capture typing.
func appKeys() []Action { return []Action{Help, Quit, ForceQuit} }

// helpFor groups the keys of a screen for the help: moving, the screen's
// own, the app's, and the keys of text fields. A screen that declares no
// keys gets the whole table.
func (km KeyMap) helpFor(s screen) []helpGroup {
	ks, ok := s.(keyed)
	if !ok {
		return km.help()
	}
	move := helpGroup{title: "Move"}
	own := helpGroup{title: ks.helpTitle()}
	app := helpGroup{title: "konvo"}
	handled := map[Action]bool{}
	for _, b := range ks.bindings() {
		handled[b.action] = true
	}
	for _, a := range appKeys() {
		handled[a] = true
	}
	form := helpGroup{title: "In forms"}
	// In the table's order, so every screen's help reads alike.
	for _, s := range km.specs {
		b := km.bindings[s.Action]
		switch {
		case s.Scope&InForm != 0:
			form.bindings = append(form.bindings, b)
		case !handled[s.Action]:
		case s.Scope&InMove != 0:
			move.bindings = append(move.bindings, b)
		case s.Scope&InApp != 0:
			app.bindings = append(app.bindings, b)
		default:
			own.bindings = append(own.bindings, b)
		}
	}
	out := []helpGroup{move, own, app, form}
	if handled[Jump] {
		// What ":" takes besides session ids.
		cmds := helpGroup{title: "After " + km.Key(Jump)}
		for _, c := range commands() {
			name := c.name
			if c.args != "" {
				name += " " + c.args
			}
			cmds.bindings = append(cmds.bindings, key.NewBinding(key.WithKeys(c.name), key.WithHelp(name, c.what)))
		}
		out = append(out, cmds)
	}
	return slices.DeleteFunc(out, func(g helpGroup) bool { return len(g.bindings) == 0 })
}

// offered leaves out of bs the keys whose work the source cannot do (no
// store: nothing said to search, no memory, no insights), so neither the
// hints nor the help offer a key that does nothing.
func (d *deps) offered(bs []binding) []binding {
	_, said := d.src.(source.Searcher)
	_, memory := d.src.(source.Memory)
	_, insights := d.src.(source.Insighter)
	_, unmask := d.src.(source.Unmasker)
	can := map[Action]bool{SearchSaid: said, Star: memory, Insights: insights, Unmask: unmask && d.mayUnmask}
	return slices.DeleteFunc(bs, func(b binding) bool {
		ok, needs := can[b.action]
		return needs && !ok
	})
}
