package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every key konvo answers to. One table drives dispatch and the
// help, so the help can never lie; root keymap.go fills it in and applies
// the user's re-bindings.
type KeyMap struct {
	Up, Down, Top, Bottom        key.Binding
	HalfUp, HalfDown, PageUp     key.Binding
	PageDown                     key.Binding
	Open, Back, Quit, ForceQuit  key.Binding
	Search, NextMatch, PrevMatch key.Binding
	Help, Refresh, Filter, Jump  key.Binding
	Preview, Copy                key.Binding
	NextTab, PrevTab             key.Binding
	Tab1, Tab2, Tab3, Tab4       key.Binding
	Details, Raw                 key.Binding
	PrevUserMsg, NextUserMsg     key.Binding
	Accept, Cancel, NextField    key.Binding
	PrevField                    key.Binding
}

// Actions names every binding for configuration: the names users write in
// config.yaml under keys:. The map holds pointers into km.
func (km *KeyMap) Actions() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &km.Up, "down": &km.Down, "top": &km.Top, "bottom": &km.Bottom,
		"half_up": &km.HalfUp, "half_down": &km.HalfDown, "page_up": &km.PageUp, "page_down": &km.PageDown,
		"open": &km.Open, "back": &km.Back, "quit": &km.Quit, "force_quit": &km.ForceQuit,
		"search": &km.Search, "next_match": &km.NextMatch, "prev_match": &km.PrevMatch,
		"help": &km.Help, "refresh": &km.Refresh, "filter": &km.Filter, "jump": &km.Jump,
		"preview": &km.Preview, "copy": &km.Copy, "next_tab": &km.NextTab, "prev_tab": &km.PrevTab,
		"tab_all": &km.Tab1, "tab_self_service": &km.Tab2, "tab_drop_off": &km.Tab3, "tab_agent": &km.Tab4,
		"details": &km.Details, "raw": &km.Raw, "prev_user_message": &km.PrevUserMsg, "next_user_message": &km.NextUserMsg,
		"accept": &km.Accept, "cancel": &km.Cancel, "next_field": &km.NextField, "prev_field": &km.PrevField,
	}
}

// helpGroup is one titled column of the help overlay.
type helpGroup struct {
	title    string
	bindings []key.Binding
}

func (km KeyMap) listHelp() []helpGroup {
	return []helpGroup{
		{"Move", []key.Binding{km.Up, km.Down, km.HalfDown, km.HalfUp, km.PageDown, km.PageUp, km.Top, km.Bottom}},
		{"Sessions", []key.Binding{km.Open, km.NextTab, km.PrevTab, km.Tab1, km.Tab2, km.Tab3, km.Tab4, km.Filter, km.Jump, km.Search, km.Preview, km.Copy, km.Refresh}},
		{"Transcript", []key.Binding{km.Details, km.Raw, km.Search, km.NextMatch, km.PrevMatch, km.PrevUserMsg, km.NextUserMsg, km.Copy, km.Refresh, km.Back}},
		{"konvo", []key.Binding{km.Help, km.Back, km.Quit, km.ForceQuit}},
		{"In forms", []key.Binding{km.Accept, km.Cancel, km.NextField, km.PrevField}},
	}
}
