package ui

// DefaultActions is konvo's key table: every action, once, with the keys
// users of k9s, lazygit and gh-dash already know. The key map, the help
// screen, the one-line help, config re-binding and the tests all read it.
func DefaultActions() []ActionSpec {
	k := func(keys ...string) []string { return keys }
	return []ActionSpec{
		{Action: Up, Name: "up", Keys: k("k", "up"), Label: "k/↑", Desc: "up", Scope: InMove},
		{Action: Down, Name: "down", Keys: k("j", "down"), Label: "j/↓", Desc: "down", Scope: InMove},
		{Action: HalfDown, Name: "half_down", Keys: k("ctrl+d"), Label: "ctrl+d", Desc: "half page down", Scope: InMove},
		{Action: HalfUp, Name: "half_up", Keys: k("ctrl+u"), Label: "ctrl+u", Desc: "half page up", Scope: InMove},
		{Action: PageDown, Name: "page_down", Keys: k("pgdown", "ctrl+f"), Label: "pgdn", Desc: "page down", Scope: InMove},
		{Action: PageUp, Name: "page_up", Keys: k("pgup", "ctrl+b"), Label: "pgup", Desc: "page up", Scope: InMove},
		{Action: Top, Name: "top", Keys: k("g", "home"), Label: "g/home", Desc: "first", Scope: InMove},
		{Action: Bottom, Name: "bottom", Keys: k("G", "end"), Label: "G/end", Desc: "last", Scope: InMove},

		{Action: Open, Name: "open", Keys: k("enter"), Label: "enter", Desc: "open", Scope: InList},
		{Action: NextTab, Name: "next_tab", Keys: k("tab"), Label: "tab", Desc: "next tab", Scope: InList},
		{Action: PrevTab, Name: "prev_tab", Keys: k("shift+tab"), Label: "shift+tab", Desc: "previous tab", Scope: InList},
		{Action: Tab1, Name: "tab_all", Keys: k("1"), Label: "1", Desc: "all", Scope: InList},
		{Action: Tab2, Name: "tab_self_service", Keys: k("2"), Label: "2", Desc: "self-service", Scope: InList},
		{Action: Tab3, Name: "tab_drop_off", Keys: k("3"), Label: "3", Desc: "drop-off", Scope: InList},
		{Action: Tab4, Name: "tab_agent", Keys: k("4"), Label: "4", Desc: "agent", Scope: InList},
		{Action: Filter, Name: "filter", Keys: k("f"), Label: "f", Desc: "filter", Scope: InList},
		{Action: Jump, Name: "jump", Keys: k(":"), Label: ":", Desc: "go to id / command", Short: "go to id", Scope: InList},
		{Action: FilterRows, Name: "filter_rows", Keys: k("/"), Label: "/", Desc: "narrow", Scope: InList},
		{Action: Search, Name: "search", Keys: k("/"), Label: "/", Desc: "search", Scope: InTranscript},
		{Action: SearchSaid, Name: "search_said", Keys: k("s"), Label: "s", Desc: "search what was said", Short: "what was said", Scope: InList},
		{Action: SyncRange, Name: "sync", Keys: k("s"), Label: "s", Desc: "sync the gaps", Scope: InResults},
		{Action: CountAll, Name: "count_all", Keys: k("#"), Label: "#", Desc: "count matches", Short: "count all", Scope: InResults},
		{Action: Insights, Name: "insights", Keys: k("I"), Label: "I", Desc: "insights: charts of the filter", Short: "insights", Scope: InList},
		{Action: Views, Name: "views", Keys: k("v"), Label: "v", Desc: "views", Scope: InList},
		{Action: SaveView, Name: "save_view", Keys: k("S"), Label: "S", Desc: "save as a view", Scope: InList},
		{Action: RenameView, Name: "rename_view", Keys: k("R"), Label: "R", Desc: "rename", Scope: InViews},
		{Action: DeleteView, Name: "delete_view", Keys: k("d"), Label: "d", Desc: "delete", Scope: InViews},
		{Action: Star, Name: "star", Keys: k("*"), Label: "*", Desc: "star (a note optional)", Scope: InList | InTranscript},
		{Action: Mark, Name: "mark", Keys: k("space"), Label: "space", Desc: "mark the row", Scope: InList},
		{Action: SpacePage, Name: "space_page_down", Keys: k("space"), Label: "space", Desc: "page down", Scope: InTranscript},
		{Action: UserHistory, Name: "user_history", Keys: k("u"), Label: "u", Desc: "user's sessions", Scope: InList | InTranscript},
		{Action: Preview, Name: "preview", Keys: k("p"), Label: "p", Desc: "preview", Scope: InList},
		{Action: PreviewDown, Name: "preview_down", Keys: k("J"), Label: "J", Desc: "scroll the preview", Scope: InList},
		{Action: PreviewUp, Name: "preview_up", Keys: k("K"), Label: "K", Desc: "scroll it back", Scope: InList},

		{Action: Details, Name: "details", Keys: k("i"), Label: "i", Desc: "details", Scope: InTranscript},
		{Action: Raw, Name: "raw", Keys: k("J"), Label: "J", Desc: "raw JSON", Scope: InTranscript},
		{Action: NextMatch, Name: "next_match", Keys: k("n"), Label: "n", Desc: "next match", Scope: InTranscript},
		{Action: PrevMatch, Name: "prev_match", Keys: k("N"), Label: "N", Desc: "previous match", Scope: InTranscript},
		{Action: PrevUserMsg, Name: "prev_user_message", Keys: k("["), Label: "[", Desc: "prev. user msg", Scope: InTranscript},
		{Action: NextUserMsg, Name: "next_user_message", Keys: k("]"), Label: "]", Desc: "next user msg", Scope: InTranscript},
		{Action: Copy, Name: "copy", Keys: k("y"), Label: "y", Desc: "copy", Scope: InList | InTranscript},
		{Action: CopyAll, Name: "copy_transcript", Keys: k("Y"), Label: "Y", Desc: "copy all", Scope: InTranscript},
		// After y on the list, what to copy; the note y shows names them,
		// so they take no room in the help.
		{Action: CopyID, Name: "copy_id", Keys: k("i"), Label: "i", Desc: "the session id", Scope: InCopy},
		{Action: CopyUser, Name: "copy_user", Keys: k("u"), Label: "u", Desc: "the user id", Scope: InCopy},
		{Action: CopyRow, Name: "copy_row", Keys: k("j"), Label: "j", Desc: "the row as JSON", Scope: InCopy},
		{Action: Export, Name: "export", Keys: k("e"), Label: "e", Desc: "export to file", Scope: InList | InTranscript},
		{Action: Pager, Name: "pager", Keys: k("o"), Label: "o", Desc: "open in $PAGER", Scope: InTranscript},
		{Action: ExportList, Name: "export_list", Keys: k("E"), Label: "E", Desc: "export the rows", Scope: InList},
		{Action: Summary, Name: "summary", Keys: k("S"), Label: "S", Desc: "the conversation's summary", Scope: InTranscript},
		{Action: Unmask, Name: "unmask", Keys: k("M"), Label: "M", Desc: "show personal data (audited)", Scope: InTranscript},
		{Action: Refresh, Name: "refresh", Keys: k("r"), Label: "r", Desc: "refresh", Scope: InList | InTranscript},

		{Action: Help, Name: "help", Keys: k("?"), Label: "?", Desc: "help", Scope: InApp},
		{Action: Back, Name: "back", Keys: k("esc"), Label: "esc", Desc: "back", Scope: InApp | InTranscript},
		{Action: Quit, Name: "quit", Keys: k("q"), Label: "q", Desc: "quit", Scope: InApp},
		{Action: ForceQuit, Name: "force_quit", Keys: k("ctrl+c"), Label: "ctrl+c", Desc: "quit now", Scope: InApp},

		{Action: Accept, Name: "accept", Keys: k("enter"), Label: "enter", Desc: "apply", Scope: InForm},
		{Action: Cancel, Name: "cancel", Keys: k("esc"), Label: "esc", Desc: "cancel", Scope: InForm},
		{Action: NextField, Name: "next_field", Keys: k("tab"), Label: "tab", Desc: "next field", Scope: InForm},
		{Action: PrevField, Name: "prev_field", Keys: k("shift+tab"), Label: "shift+tab", Desc: "previous field", Scope: InForm},
	}
}
