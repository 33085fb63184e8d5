package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// viewsScreen lists the saved views and konvo's own; enter shows one on
// the list at the bottom of the stack.
type viewsScreen struct {
	quiet
	d             *deps
	cursor        int
	width, height int
}

func (s *viewsScreen) title() string       { return "views" }
func (s *viewsScreen) capturing() bool     { return false }
func (s *viewsScreen) resize(w, h int)     { s.width, s.height = w, h }
func (s *viewsScreen) views() []model.View { return s.d.views.all() }

func (s *viewsScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	km := s.d.keys
	vs := s.views()
	switch {
	case km.Is(k, Back):
		return s.d.nav.pop()
	case km.Is(k, Down):
		s.cursor = min(s.cursor+1, len(vs)-1)
	case km.Is(k, Up):
		s.cursor = max(s.cursor-1, 0)
	case km.Is(k, Top):
		s.cursor = 0
	case km.Is(k, Bottom):
		s.cursor = len(vs) - 1
	case km.Is(k, Open):
		if s.cursor < len(vs) {
			s.d.nav.pop()
			return s.d.nav.showView(vs[s.cursor])
		}
	}
	return nil
}

func (s *viewsScreen) View(f frame) string {
	t := s.d.theme
	w, h := s.width, s.height
	lines := []string{truncate(f.path, w), ""}
	for i, v := range s.views() {
		name := v.Name
		if v.Builtin {
			name += t.Dim.Render("  (built in)")
		}
		gutter := "  "
		if i == s.cursor {
			gutter = "▌ "
			name = t.Bold.Render(v.Name) + strings.TrimPrefix(name, v.Name)
		}
		lines = append(lines, truncate(gutter+name, w), truncate(gutter+"  "+t.Dim.Render(v.Describe()), w))
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	k := s.d.keys
	lines = append(lines[:h-1], shortHelp(t, w, k.Binding(Open), k.Binding(Back)))
	return strings.Join(fit(lines, w), "\n")
}

// viewSet is the views on offer: konvo's, the config's and those saved
// from the TUI; save keeps a new one (to a file, when konvo has one).
type viewSet struct {
	list []model.View
	save func(model.View) error
}

func (v *viewSet) all() []model.View { return v.list }

func (v *viewSet) find(name string) (model.View, bool) { return model.FindView(v.list, name) }

// add keeps a view, replacing one of the same name.
func (v *viewSet) add(x model.View) error {
	if v.save != nil {
		if err := v.save(x); err != nil {
			return err
		}
	}
	v.list = model.PutView(v.list, x)
	return nil
}

// showView puts a view on the list at the bottom of the stack; a view of
// failed tasks, which the API cannot filter, opens as its own screen.
func (m *Model) showView(v model.View) tea.Cmd {
	base := m.stack[0].(*sessionsScreen)
	if v.FailedTask {
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
		// The list below is started too (at once, when this is the first
		// screen), so esc finds it loaded.
		return tea.Batch(base.resume(), m.push(newFailedScreen(m.d, src, f, v.Name)))
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
	name := s.view
	if name == "" {
		name = "my view"
	}
	return s.d.nav.push(newPrompt(s.d, s.self, "view name: ", name, func(name string) (string, error) {
		v := s.currentView(name)
		if err := s.d.views.add(v); err != nil {
			return "", err
		}
		s.view = name
		return fmt.Sprintf("saved the view “%s”: %s", safe(name), v.Describe()), nil
	}))
}
