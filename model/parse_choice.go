package model

import (
	"encoding/json"
	"strings"
)

// parseChoice reads the templates a user picks from. dropdown_template
// and radioOptionTemplate offer one choice; multi_select and
// advanced_multi_select several, the latter in titled collections.
func parseChoice(kind string, p map[string]json.RawMessage) Choice {
	c := Choice{
		Template:    kind,
		Heading:     Visible(firstOf(p, "heading", "title", "text")),
		Description: Visible(str(p["description"])),
		Buttons:     parseButtons(p["buttons"]),
	}
	switch templateKey(kind) {
	case "multiselect", "advancedmultiselect":
		c.Multi = true
	}
	if opts := p["radioOptions"]; opts != nil {
		c.Groups = []ChoiceGroup{{Options: choiceOptions(opts)}}
		return c
	}
	var loose []ListItem
	for _, el := range array(p["elements"]) {
		f := fields(el)
		if coll, ok := f["collection"]; ok {
			c.Groups = append(c.Groups, ChoiceGroup{Title: Visible(firstOf(f, "collectionTitle", "title")), Options: choiceOptions(coll)})
			continue
		}
		loose = append(loose, choiceOptions(json.RawMessage("["+string(el)+"]"))...)
	}
	if len(loose) > 0 {
		c.Groups = append([]ChoiceGroup{{Options: loose}}, c.Groups...)
	}
	return c
}

// choiceOptions reads options: {title, value, description, image_url}, a
// radio option's value shown under its title, a bare string.
func choiceOptions(raw json.RawMessage) []ListItem {
	var out []ListItem
	for _, it := range array(raw) {
		f := fields(it)
		if f == nil {
			if s := str(it); s != "" {
				out = append(out, ListItem{Title: Visible(s)})
			}
			continue
		}
		o := ListItem{
			Title:    Visible(firstOf(f, "title", "label", "name", "text")),
			Subtitle: Visible(firstOf(f, "description", "subtitle")),
			Value:    label(f["value"]),
			ImageURL: imageOf(f, "image_url", "icon"),
		}
		if o.Title == "" {
			o.Title, o.Value = o.Value, ""
		}
		if strings.TrimSpace(o.Title) == "" && o.Subtitle == "" {
			continue
		}
		out = append(out, o)
	}
	return out
}
