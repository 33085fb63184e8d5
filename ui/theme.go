package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the handful of colours a theme is made from. A nil colour
// means "the terminal's own", so the zero Palette is the no-colour theme.
type Palette struct {
	Name        string
	Fg, Muted   color.Color
	Accent      color.Color // the selection, active tab, headings
	AccentFg    color.Color // text on Accent
	User, Bot   color.Color
	Agent       color.Color
	System      color.Color
	Good, Warn  color.Color
	Bad         color.Color
	Highlight   color.Color // search matches (background)
	HighlightFg color.Color
	Border      color.Color
}

// Theme is every style konvo draws with. Build one with NewTheme; root
// theme.go holds the palettes.
type Theme struct {
	Name  string
	Plain bool // no colour at all: selection and emphasis use reverse/bold

	Title, Dim, Muted, Bold, Accent lipgloss.Style
	TabActive, TabInactive          lipgloss.Style
	ColumnHeader, Selected          lipgloss.Style
	StatusBar, StatusKey, Error     lipgloss.Style
	Warn, Good                      lipgloss.Style
	SelfService, DropOff, Agent     lipgloss.Style
	SpeakerUser, SpeakerBot         lipgloss.Style
	SpeakerAgent, SpeakerSystem     lipgloss.Style
	Button, Chip, Border            lipgloss.Style
	Highlight, Speech, Code, Bar    lipgloss.Style
	Gap, Marker, Label              lipgloss.Style
	BorderColor                     color.Color
}

// NewTheme builds the styles from a palette.
func NewTheme(p Palette) Theme {
	fg := func(c color.Color) lipgloss.Style {
		if c == nil {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	plain := p.Accent == nil
	t := Theme{
		Name: p.Name, Plain: plain,
		Title:         fg(p.Accent).Bold(true),
		Dim:           fg(p.Muted).Faint(plain),
		Muted:         fg(p.Muted),
		Bold:          lipgloss.NewStyle().Bold(true),
		Accent:        fg(p.Accent),
		TabInactive:   fg(p.Muted),
		ColumnHeader:  fg(p.Muted).Bold(true),
		StatusKey:     fg(p.Accent).Bold(true),
		StatusBar:     fg(p.Muted),
		Error:         fg(p.Bad).Bold(true),
		Warn:          fg(p.Warn),
		Good:          fg(p.Good),
		SelfService:   fg(p.Good),
		DropOff:       fg(p.Warn),
		Agent:         fg(p.Agent),
		SpeakerUser:   fg(p.User).Bold(true),
		SpeakerBot:    fg(p.Bot).Bold(true),
		SpeakerAgent:  fg(p.Agent).Bold(true),
		SpeakerSystem: fg(p.System).Italic(true),
		Button:        fg(p.Accent),
		Chip:          fg(p.Accent),
		Border:        fg(p.Border),
		Speech:        fg(p.Bot).Italic(true),
		Code:          fg(p.Muted),
		Bar:           fg(p.Accent),
		Gap:           fg(p.Muted).Italic(true),
		Marker:        fg(p.Warn).Bold(true),
		Label:         fg(p.Muted),
		BorderColor:   p.Border,
	}
	if plain {
		t.TabActive = lipgloss.NewStyle().Reverse(true).Bold(true)
		t.Selected = lipgloss.NewStyle().Reverse(true)
		t.Highlight = lipgloss.NewStyle().Reverse(true).Underline(true)
	} else {
		t.TabActive = lipgloss.NewStyle().Background(p.Accent).Foreground(p.AccentFg).Bold(true)
		t.Selected = lipgloss.NewStyle().Background(p.Accent).Foreground(p.AccentFg)
		t.Highlight = lipgloss.NewStyle().Background(p.Highlight).Foreground(p.HighlightFg)
	}
	return t
}

// PlainTheme is the no-colour theme (NO_COLOR, and tests).
func PlainTheme() Theme {
	t := NewTheme(Palette{Name: "plain"})
	return t
}
