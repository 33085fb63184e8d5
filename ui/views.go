package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// viewsScreen lists the saved views and konvo's own; enter shows one on
// the list at the bottom of the stack. Views saved from konvo can be
// renamed and deleted here.
type viewsScreen struct {
	quiet
	d      *deps
	cursor int
	// deleting names the view a first d asked about; a second d deletes.
	deleting      string
	note          string
	width, height int
}

func (s *viewsScreen) title() string       { return "views" }
func (s *viewsScreen) helpTitle() string   { return "Views" }
func (s *viewsScreen) capturing() bool     { return false }
func (s *viewsScreen) resize(w, h int)     { s.width, s.height = w, h }
func (s *viewsScreen) views() []model.View { return s.d.views.all() }
func (s *viewsScreen) showFlash(n string)  { s.note = n }

func (s *viewsScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	asked := s.deleting
	s.note, s.deleting = "", ""
	if asked != "" && s.d.keys.Is(k, DeleteView) {
		return s.remove(asked)
	}
	cmd, _ := dispatch(s.d.keys, k, s.bindings())
	return cmd
}

func (s *viewsScreen) bindings() []binding {
	to := func(i func() int) func() tea.Cmd {
		return func() tea.Cmd { s.cursor = clamp(i(), 0, max(len(s.views())-1, 0)); return nil }
	}
	return []binding{
		{action: Open, hint: 1, do: s.open},
		{action: RenameView, hint: 2, do: s.renamePrompt},
		{action: DeleteView, hint: 3, do: s.askDelete},
		{action: Back, hint: 4, do: func() tea.Cmd { return s.d.nav.pop() }},
		{action: Down, do: to(func() int { return s.cursor + 1 })},
		{action: Up, do: to(func() int { return s.cursor - 1 })},
		{action: Top, do: to(func() int { return 0 })},
		{action: Bottom, do: to(func() int { return len(s.views()) - 1 })},
		{action: Help},
		{action: Quit},
	}
}

// selected is the view under the cursor.
func (s *viewsScreen) selected() (model.View, bool) {
	vs := s.views()
	if s.cursor < 0 || s.cursor >= len(vs) {
		return model.View{}, false
	}
	return vs[s.cursor], true
}

func (s *viewsScreen) open() tea.Cmd {
	v, ok := s.selected()
	if !ok {
		return nil
	}
	s.d.nav.pop()
	return s.d.nav.showView(v)
}

// changeable says why the view cannot be renamed or deleted, if so.
func changeable(v model.View) string {
	switch {
	case v.Builtin:
		return "“" + safe(v.Name) + "” is konvo's own view: save a copy with S to change it"
	case !v.Saved:
		return "“" + safe(v.Name) + "” is in the config file: change it there"
	}
	return ""
}

// toChange is the selected view when it is one konvo may change; else
// the note says why not.
func (s *viewsScreen) toChange() (model.View, bool) {
	v, ok := s.selected()
	if !ok {
		return v, false
	}
	if why := changeable(v); why != "" {
		s.note = why
		return v, false
	}
	return v, true
}

func (s *viewsScreen) renamePrompt() tea.Cmd {
	v, ok := s.toChange()
	if !ok {
		return nil
	}
	p := newPrompt(s.d, s, "new name: ", "", func(name string) (string, error) {
		if err := s.d.views.rename(v.Name, name); err != nil {
			return "", err
		}
		return fmt.Sprintf("renamed “%s” to “%s”", safe(v.Name), safe(name)), nil
	})
	p.input.Placeholder = v.Name
	return s.d.nav.push(p)
}

func (s *viewsScreen) askDelete() tea.Cmd {
	v, ok := s.toChange()
	if !ok {
		return nil
	}
	s.deleting = v.Name
	s.note = fmt.Sprintf("%s again deletes “%s” (any other key keeps it)", s.d.keys.Key(DeleteView), safe(v.Name))
	return nil
}

func (s *viewsScreen) remove(name string) tea.Cmd {
	if err := s.d.views.delete(name); err != nil {
		s.note = err.Error()
		return nil
	}
	s.cursor = clamp(s.cursor, 0, max(len(s.views())-1, 0))
	s.note = "deleted the view “" + safe(name) + "”"
	return nil
}

func (s *viewsScreen) View(f frame) string {
	t := s.d.theme
	w, h := s.width, s.height
	lines := []string{truncate(f.path, w), ""}
	for i, v := range s.views() {
		name := safe(v.Name)
		switch {
		case v.Builtin:
			name += t.Dim.Render("  (built in)")
		case !v.Saved:
			name += t.Dim.Render("  (config)")
		}
		gutter := "  "
		if i == s.cursor {
			gutter = "▌ "
			name = t.Bold.Render(safe(v.Name)) + strings.TrimPrefix(name, safe(v.Name))
		}
		lines = append(lines, truncate(gutter+name, w), truncate(gutter+"  "+t.Dim.Render(v.Describe()), w))
	}
	for len(lines) < h-2 {
		lines = append(lines, "")
	}
	note := ""
	if s.note != "" {
		note = t.Warn.Render(s.note)
	}
	lines = append(lines[:h-2], truncate(note, w), shortHelp(t, w, hintsOf(s.d.keys, s.bindings())...))
	return strings.Join(fit(lines, w), "\n")
}

// viewSet is the views on offer: konvo's, the config's and those saved
// from the TUI; save keeps a new one and remove takes one out (in a file,
// when konvo has one).
type viewSet struct {
	list   []model.View
	save   func(model.View) error
	remove func(name string) error
}

func (v *viewSet) all() []model.View { return v.list }

func (v *viewSet) find(name string) (model.View, bool) { return model.FindView(v.list, name) }

// add keeps a view, replacing one of the same name.
func (v *viewSet) add(x model.View) error {
	x.Saved, x.Builtin = true, false
	if v.save != nil {
		if err := v.save(x); err != nil {
			return err
		}
	}
	v.list = model.PutView(v.list, x)
	return nil
}

// delete takes out a view saved from konvo.
func (v *viewSet) delete(name string) error {
	if v.remove != nil {
		if err := v.remove(name); err != nil {
			return err
		}
	}
	v.list = slices.DeleteFunc(v.list, func(x model.View) bool { return x.Saved && strings.EqualFold(x.Name, name) })
	return nil
}

// rename gives a saved view a new name; one of that name must not exist.
func (v *viewSet) rename(from, to string) error {
	x, ok := v.find(from)
	if !ok || !x.Saved {
		return fmt.Errorf("no saved view %q", from)
	}
	if _, taken := v.find(to); taken && !strings.EqualFold(from, to) {
		return fmt.Errorf("there is a view called “%s” already", safe(to))
	}
	x.Name = to
	if err := v.add(x); err != nil {
		return err
	}
	if strings.EqualFold(from, to) {
		return nil
	}
	return v.delete(from)
}

// showView puts a view on the list at the bottom of the stack; a view of
// failed tasks, which the API cannot filter, opens as its own screen.
func (m *Model) showView(v model.View) tea.Cmd {
	base := m.stack[0].(*sessionsScreen)
	if v.Starred {
		if _, ok := m.d.src.(source.Memory); !ok {
			base.flash.set("“" + safe(v.Name) + "” needs the local store (konvo runs with --no-store)")
			return nil
		}
		return tea.Batch(base.resume(), m.push(newStarredScreen(m.d)))
	}
	if v.FailedTask || v.SlowTurns {
		src, ok := m.d.src.(source.FailedFinder)
		if !ok {
			base.flash.set("“" + safe(v.Name) + "” needs the local store (konvo runs with --no-store)")
			return nil
		}
		f, err := v.Filter(m.d.now(), m.d.loc)
		if err != nil {
			base.flash.set(err.Error())
			return nil
		}
		screen := newFailedScreen(m.d, src, f, v.Name)
		if v.SlowTurns {
			screen = newSlowScreen(m.d, src, f, v.Name)
		}
		// The list below is started too (at once, when this is the first
		// screen), so esc finds it loaded.
		return tea.Batch(base.resume(), m.push(screen))
	}
	return base.applyView(v)
}

// applyView shows the view on this list: its filter, its range as
// written (so r pins it to the new now), its narrowing.
func (s *sessionsScreen) applyView(v model.View) tea.Cmd {
	f, err := v.Filter(s.d.now(), s.d.loc)
	if err != nil {
		s.flash.set(err.Error())
		return nil
	}
	s.view = v.Name
	s.from, s.to = v.From, v.To
	s.tab = 0
	for i, c := range model.Containments {
		if c == f.Containment {
			s.tab = i
		}
	}
	f.Containment = model.All
	s.filter = f
	s.viewKeep = nil
	if v.MaxDuration > 0 {
		s.viewKeep = v.Keeps
	}
	for i := range s.lists {
		s.lists[i].query = strings.ToLower(strings.TrimSpace(v.Query))
		s.lists[i].match = newRowFilter(s.lists[i].query)
	}
	s.notice = ""
	return s.start()
}

// currentView is the list's filter as a view to save.
func (s *listScreen) currentView(name string) model.View {
	return model.View{
		Name: name, Containment: model.Containments[s.tab], From: s.from, To: s.to,
		UserID: s.filter.UserID, Type: s.filter.Type, Tags: s.filter.Tags, Query: s.list().query,
	}
}

// saveViewPrompt asks for a name and saves the list's filter as a view.
func (s *listScreen) saveViewPrompt() tea.Cmd {
	// The current view's name, or a suggestion, as a placeholder: typing
	// replaces it (prefilled text was typed after: "my viewmy drop-offs"),
	// and enter on the empty field takes it.
	suggest := s.view
	if suggest == "" {
		suggest = "my view"
	}
	p := newPrompt(s.d, s.self, "view name: ", "", func(name string) (string, error) {
		v := s.currentView(name)
		if err := s.d.views.add(v); err != nil {
			return "", err
		}
		s.view = name
		return fmt.Sprintf("saved the view “%s”: %s", safe(name), v.Describe()), nil
	})
	p.input.Placeholder = suggest
	return s.d.nav.push(p)
}
