package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// command is one of the ":" command line's commands (k9s's): its name,
// what it takes, what it does in words (the help lists them), and what
// runs it on a list screen.
type command struct {
	name, args, what string
	run              func(s *listScreen, args []string) tea.Cmd
}

// commands are the command line's commands; anything else typed after
// ":" is session ids.
func commands() []command {
	return []command{
		{name: "views", what: "saved views", run: func(s *listScreen, _ []string) tea.Cmd { return s.d.nav.push(&viewsScreen{d: s.d}) }},
		{name: "user", args: "ID", what: "their sessions", run: func(s *listScreen, a []string) tea.Cmd {
			if len(a) == 0 {
				s.flash.set(":user needs a user id")
				return nil
			}
			return openHistory(s.d, model.Session{UserID: strings.Join(a, " ")})
		}},
		{name: "from", args: "3d", what: "set the range", run: (*listScreen).commandRange},
		{name: "sync", what: "store the range", run: func(s *listScreen, _ []string) tea.Cmd { return s.syncTheRange() }},
		{name: "score", args: "<=2", what: "sessions by survey score", run: (*listScreen).scoreCommand},
		{name: "insights", what: "charts of the list", run: func(s *listScreen, _ []string) tea.Cmd { return s.openInsights() }},
		{name: "recent", what: "read before", run: func(s *listScreen, _ []string) tea.Cmd { return s.pushMemory(newRecentScreen(s.d)) }},
		{name: "starred", what: "starred ones", run: func(s *listScreen, _ []string) tea.Cmd { return s.pushMemory(newStarredScreen(s.d)) }},
		{name: "help", what: "these keys", run: func(s *listScreen, _ []string) tea.Cmd { return s.d.nav.push(&helpScreen{d: s.d, below: s.self}) }},
		{name: "q", what: "quit", run: func(s *listScreen, _ []string) tea.Cmd { return s.d.nav.quit() }},
	}
}

// openCommandLine opens ":" with completion (tab) and history (up and
// down go through the commands that fit what is typed).
func (s *listScreen) openCommandLine() tea.Cmd {
	var suggest []string
	for _, c := range commands() {
		name := c.name
		if c.args != "" {
			name += " "
		}
		suggest = append(suggest, name)
	}
	suggest = append(slices.Clone(s.d.commands), suggest...)
	cmd := s.openInput(inputJump, ": ", "", "session id(s), or views · user ID · from 3d · sync · recent · starred · q (tab completes)")
	s.input.ShowSuggestions = true
	s.input.SetSuggestions(suggest)
	return cmd
}

// runCommand runs text when it is a command; ok is false for ids.
func (s *listScreen) runCommand(text string) (tea.Cmd, bool) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return nil, false
	}
	name := strings.ToLower(strings.TrimPrefix(words[0], ":"))
	if name == "quit" {
		name = "q"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(s, words[1:]), true
		}
	}
	return nil, false
}

// keepCommand remembers a command line for the history, newest first.
func (s *listScreen) keepCommand(text string) tea.Cmd {
	text = strings.Join(strings.Fields(text), " ")
	s.d.commands = append([]string{text}, slices.DeleteFunc(s.d.commands, func(c string) bool { return c == text })...)
	return s.d.remember(memCommand, text, struct{}{})
}

// commandRange sets the list's range as typed: ":from 3d", ":from
// 2026-11-20 to 2026-11-22", ":to yesterday".
func (s *listScreen) commandRange(args []string) tea.Cmd {
	if s.single {
		s.flash.set("a lookup has no range: esc goes back to the list")
		return nil
	}
	from, to := s.from, s.to
	if len(args) > 0 {
		from, to = args[0], ""
	}
	if i := slices.Index(args, "to"); i >= 0 {
		from = strings.Join(args[:i], " ")
		to = strings.Join(args[i+1:], " ")
	}
	if _, err := model.ParseRange(from, to, s.d.now(), s.d.loc); err != nil {
		s.flash.set(err.Error())
		return nil
	}
	s.from, s.to = from, to
	return s.refreshRange()
}

// pushMemory pushes a screen of what konvo remembers, when it can.
func (s *listScreen) pushMemory(sc *searchScreen) tea.Cmd {
	if _, ok := s.d.src.(source.Memory); !ok {
		s.flash.set("konvo remembers nothing without the local store (it runs with --no-store)")
		return nil
	}
	return s.d.nav.push(sc)
}

// syncRange stores the list's range (sessions and transcripts), with
// progress on the status line.
func (s *listScreen) syncTheRange() tea.Cmd {
	src, ok := s.d.src.(source.RangeSyncer)
	_, stored := s.d.src.(source.Searcher)
	switch {
	case !ok && stored:
		s.flash.set("konvo is offline: run konvo sync for the range, or start without --offline")
		return nil
	case !ok:
		s.flash.set(":sync needs the local store (konvo runs with --no-store)")
		return nil
	case s.syncing != nil:
		return nil
	}
	cmd, p := syncRange(s.d.ctx, src, s.filter.Range, s.self)
	s.syncing = p
	return cmd
}

// synced ends a :sync and says how it went.
func (s *listScreen) synced(msg syncedRangeMsg) tea.Cmd {
	p := s.syncing
	s.syncing = nil
	switch {
	case errors.Is(msg.err, context.Canceled): // konvo is quitting
	case msg.err != nil:
		s.flash.set(errorText(s.d, msg.err))
	default:
		s.flash.set(fmt.Sprintf("synced the range: %s stored", model.Quantity(int(p.want.Load()), "transcript", "transcripts")))
	}
	s.factsAsked = nil // the columns can tell more now
	return s.prefetch()
}

// syncNote is the status line's word on a :sync under way.
func (s *listScreen) syncNote() string {
	if s.syncing == nil {
		return ""
	}
	return s.syncing.note()
}
