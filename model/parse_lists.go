package model

import (
	"encoding/json"
	"strings"
)

// The list family: templates that show items one under another, each
// with a title, a description, a value at the right, buttons, and lines
// of detail. They differ in where those sit in the payload.

// withDescription joins a heading and its description the way the web
// client shows them, one under the other.
func withDescription(heading, desc string) string {
	heading, desc = Visible(heading), Visible(desc)
	switch {
	case heading == "":
		return desc
	case desc == "" || desc == heading:
		return heading
	}
	return heading + " — " + desc
}

// listHead is a list template's kind and heading: its title (or heading)
// and description.
func listHead(kind string, p map[string]json.RawMessage) List {
	return List{Template: kind, Heading: withDescription(firstOf(p, "title", "heading"), str(p["description"]))}
}

// defaultURL is the address of an element's default action, if it has one.
func defaultURL(f map[string]json.RawMessage) string {
	return webURL(fields(f["default_action"])["url"])
}

// parseList reads list and listView: a heading and a text (listView has
// both), elements, buttons, and listView's "see more" tabs.
func parseList(kind string, p map[string]json.RawMessage) List {
	l := List{Template: kind, Heading: firstOf(p, "heading", "title"), Buttons: parseButtons(p["buttons"])}
	text := Visible(str(p["text"]))
	switch {
	case l.Heading == "":
		l.Heading = text
	case text != Visible(l.Heading):
		l.Text = text
	}
	l.Heading = withDescription(l.Heading, str(p["description"]))
	items := p["elements"]
	if items == nil {
		items = p["listItems"]
	}
	l.Items = parseItems(items)
	tabs, values := orderedFields(p["moreData"])
	for i, tab := range tabs {
		if items := parseItems(values[i]); len(items) > 0 {
			l.Sections = append(l.Sections, ListSection{Title: Visible(tab), Items: items})
		}
	}
	return l
}

// parseItems reads the elements of list and carousel templates.
func parseItems(raw json.RawMessage) []ListItem {
	var out []ListItem
	for _, f := range objects(raw) {
		item := ListItem{
			Title:    Visible(firstOf(f, "title", "heading", "name")),
			Subtitle: Visible(firstOf(f, "subtitle", "description", "text")),
			Value:    label(f["value"]),
			ImageURL: imageOf(f, "image_url", "imageUrl", "image", "icon"),
			Buttons:  parseButtons(f["buttons"]),
		}
		item.URL = defaultURL(f)
		out = append(out, item)
	}
	return out
}

// parseListWidget reads listWidget: a title and description, a header
// option, and elements whose value is text, a menu, a button or an image,
// with detail lines under them.
func parseListWidget(kind string, p map[string]json.RawMessage) List {
	l := listHead(kind, p)
	l.Note, l.Buttons = headerOptions(p["headerOptions"])
	for _, f := range objects(p["elements"]) {
		item := ListItem{
			Title:    Visible(str(f["title"])),
			Subtitle: Visible(str(f["subtitle"])),
			ImageURL: imageOf(f, "image"),
			Buttons:  parseButtons(f["buttons"]),
		}
		v := fields(f["value"])
		switch strings.ToLower(str(v["type"])) {
		case "menu":
			item.Buttons = append(item.Buttons, parseButtons(v["menu"])...)
		case "button":
			if b, ok := parseButton(v["button"]); ok {
				item.Buttons = append(item.Buttons, b)
			}
		case "image":
		default:
			item.Value = label(f["value"])
		}
		for _, d := range array(f["details"]) {
			if s := label(fields(d)["description"]); s != "" {
				item.Details = append(item.Details, s)
			} else if s := label(d); s != "" {
				item.Details = append(item.Details, s)
			}
		}
		item.URL = defaultURL(f)
		l.Items = append(l.Items, item)
	}
	return l
}

// headerOptions reads header options: {type: text, text} or a list of
// {type: button | text | dropdown | icon}, as the web client draws them:
// the text at the right of the title, buttons and a dropdown's options
// as buttons, icons not at all.
func headerOptions(raw json.RawMessage) (note string, buttons []Button) {
	opts := array(raw)
	if opts == nil && fields(raw) != nil {
		opts = []json.RawMessage{raw}
	}
	var notes []string
	for _, o := range opts {
		f := fields(o)
		switch strings.ToLower(str(f["type"])) {
		case "icon":
		case "dropdown":
			buttons = append(buttons, parseButtons(f["dropdownOptions"])...)
		case "text":
			if s := firstOf(f, "text", "value", "title"); s != "" {
				notes = append(notes, Visible(s))
			}
		default:
			if b, ok := parseButton(o); ok {
				buttons = append(buttons, b)
			}
		}
	}
	return strings.Join(notes, " "), buttons
}

// parseAdvancedList reads advancedListTemplate: list items with header
// options (a value at the right, buttons, a dropdown), text information,
// buttons, check box or radio options, and a table view.
func parseAdvancedList(kind string, p map[string]json.RawMessage) List {
	l := listHead(kind, p)
	l.Buttons = parseButtons(p["buttons"])
	l.Items = advancedItems(p["listItems"])
	return l
}

func advancedItems(raw json.RawMessage) []ListItem {
	var out []ListItem
	for _, f := range objects(raw) {
		item := ListItem{
			Title:    Visible(str(f["title"])),
			Subtitle: Visible(str(f["description"])),
			ImageURL: imageOf(f, "icon", "image_url"),
			Details:  titled(f["textInformation"]),
		}
		item.Value, item.Buttons = headerOptions(f["headerOptions"])
		item.Buttons = append(item.Buttons, parseButtons(f["buttons"])...)
		for _, o := range array(f["optionsData"]) {
			of := fields(o)
			if l := Visible(firstOf(of, "label", "title", "value")); l != "" {
				item.Options = append(item.Options, Button{Kind: str(of["type"]), Title: l, Payload: str(of["value"])})
			}
		}
		for _, row := range array(f["tableListData"]) {
			var cells []string
			for _, c := range array(fields(row)["rowData"]) {
				cf := fields(c)
				if cell := strings.TrimSpace(Visible(str(cf["title"])) + " " + Visible(str(cf["description"]))); cell != "" {
					cells = append(cells, cell)
				}
			}
			if len(cells) > 0 {
				item.Details = append(item.Details, strings.Join(cells, " · "))
			}
		}
		item.URL = defaultURL(f)
		out = append(out, item)
	}
	return out
}

// parseAdvancedMultiList reads advancedMultiListTemplate: titled lists of
// advanced list items.
func parseAdvancedMultiList(kind string, p map[string]json.RawMessage) List {
	l := listHead(kind, p)
	l.Buttons = parseButtons(p["buttons"])
	for _, it := range array(p["listItems"]) {
		f := fields(it)
		if f == nil {
			continue
		}
		sec := ListSection{Title: Visible(str(f["title"])), Subtitle: Visible(str(f["description"])), Items: advancedItems(f["subListItems"])}
		if sec.Title == "" && len(sec.Items) == 0 {
			// A plain advanced list item among the lists.
			l.Items = append(l.Items, advancedItems(json.RawMessage("["+string(it)+"]"))...)
			continue
		}
		l.Sections = append(l.Sections, sec)
	}
	return l
}

// parseTableList reads tableList: sections of rows, each a title (text,
// or a link with a title and subtitle) and a value (text or a link).
func parseTableList(kind string, p map[string]json.RawMessage) List {
	l := listHead(kind, p)
	l.Note, l.Buttons = headerOptions(p["headerOptions"])
	for _, f := range objects(p["elements"]) {
		sec := ListSection{Title: Visible(str(f["sectionHeader"])), Subtitle: Visible(str(f["sectionHeaderDesc"]))}
		for _, row := range array(f["rowItems"]) {
			rf := fields(row)
			title := fields(rf["title"])
			var item ListItem
			// title.type names the member that holds the words: text or url.
			words := fields(title["text"])
			if words == nil {
				words = fields(title["url"])
			}
			if words != nil {
				item.Title, item.Subtitle = Visible(str(words["title"])), Visible(str(words["subtitle"]))
				item.URL = webURL(words["link"])
			} else {
				item.Title = label(rf["title"])
			}
			value := fields(rf["value"])
			if u := fields(value["url"]); u != nil {
				item.Value = Visible(str(u["title"]))
				if item.URL == "" {
					item.URL = webURL(u["link"])
				}
			} else {
				item.Value = label(rf["value"])
			}
			if item.URL == "" {
				item.URL = defaultURL(rf)
			}
			item.ImageURL = imageOf(title, "image")
			sec.Items = append(sec.Items, item)
		}
		l.Sections = append(l.Sections, sec)
	}
	return l
}

// parseCheckList reads checkListTemplate: tasks, each with its progress,
// lines of sub-information, and steps with their values.
func parseCheckList(kind string, p map[string]json.RawMessage) List {
	l := listHead(kind, p)
	l.Buttons = parseButtons(p["buttons"])
	for _, f := range objects(p["elements"]) {
		sec := ListSection{Title: Visible(str(f["title"])), Value: label(f["taskProgress"]), Details: pairs(f["subInformation"])}
		for _, sf := range objects(f["subElements"]) {
			item := ListItem{Title: Visible(str(sf["title"])), Details: pairs(sf["values"])}
			if rc := fields(sf["rightContent"]); rc != nil {
				item.Value = label(rc["text"])
			}
			item.URL = defaultURL(sf)
			sec.Items = append(sec.Items, item)
		}
		l.Sections = append(l.Sections, sec)
	}
	return l
}

// parseCards reads cardTemplate: cards with a heading and description,
// lines of description, and buttons (or one default action).
func parseCards(kind string, p map[string]json.RawMessage) List {
	l := List{Template: kind, Heading: withDescription(firstOf(p, "title", "heading", "text"), str(p["description"]))}
	for _, f := range objects(p["cards"]) {
		h := fields(f["cardHeading"])
		item := ListItem{
			Title:    Visible(str(h["title"])),
			Subtitle: Visible(str(h["description"])),
			Details:  titled(f["cardDescription"]),
			Buttons:  parseButtons(f["buttons"]),
		}
		item.URL = defaultURL(f)
		l.Items = append(l.Items, item)
	}
	return l
}

// parseArticles reads articleTemplate: articles with a title, a text, a
// button, and when they were created and updated.
func parseArticles(kind string, p map[string]json.RawMessage) List {
	l := List{Template: kind, Heading: withDescription(firstOf(p, "title", "heading", "text"), str(p["description"]))}
	for _, f := range objects(p["elements"]) {
		item := ListItem{Title: Visible(str(f["title"])), Subtitle: Visible(str(f["description"]))}
		for _, k := range []string{"createdOn", "updatedOn"} {
			if s := label(f[k]); s != "" {
				item.Details = append(item.Details, s)
			}
		}
		if b, ok := parseButton(f["button"]); ok {
			item.Buttons = append(item.Buttons, b)
		}
		item.Buttons = append(item.Buttons, parseButtons(f["buttons"])...)
		l.Items = append(l.Items, item)
	}
	if boolean(p["showmore"]) || boolean(p["showMore"]) {
		if t := firstOf(p, "seeMoreTitle"); t != "" {
			l.Buttons = append(l.Buttons, Button{Title: Visible(t)})
		}
	}
	return l
}
