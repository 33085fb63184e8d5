package model

import (
	"encoding/json"
	"sort"
	"strings"
)

// Readable is the text of a message as a reader sees it: what the user
// typed, what the bot said, the titles, buttons and options of its
// templates, table cells, the spoken words of SSML and voice commands.
// Not JSON keys, not markup, not ids: it is what search looks through,
// so a match is always something the reader can find on screen.
func Readable(m Message) string {
	parts := make([]Part, len(m.Components))
	for i, c := range m.Components {
		parts[i] = c.Parse()
	}
	return readableOf(parts)
}

// readableOf is Readable of a message's parsed components: their texts,
// a line each.
func readableOf(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		for _, s := range readableParts(p) {
			if s = strings.TrimSpace(s); s != "" {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

func readableParts(p Part) []string {
	switch p := p.(type) {
	case Text:
		out := []string{p.Body}
		if p.Attachment != nil {
			out = append(out, p.Attachment.Name)
		}
		return out
	case ButtonTemplate:
		return append([]string{p.Text}, buttonTitles(p.Buttons)...)
	case QuickReplies:
		return append([]string{p.Text}, buttonTitles(p.Replies)...)
	case List:
		out := append([]string{p.Heading, p.Note, p.Text}, itemTexts(p.Items)...)
		for _, s := range p.Sections {
			out = append(append(append(out, s.Title, s.Subtitle, s.Value), s.Details...), itemTexts(s.Items)...)
		}
		return append(out, buttonTitles(p.Buttons)...)
	case Choice:
		out := []string{p.Heading, p.Description}
		for _, g := range p.Groups {
			out = append(append(out, g.Title), itemTexts(g.Options)...)
		}
		return append(out, buttonTitles(p.Buttons)...)
	case Event:
		return []string{p.Text}
	case Answer:
		out := append([]string{p.Title, p.Text}, buttonTitles(p.Sources)...)
		return append(out, itemTexts(p.Results)...)
	case Carousel:
		return itemTexts(p.Cards)
	case Table:
		out := []string{p.Text}
		for _, t := range p.Tables {
			for _, c := range t.Columns {
				out = append(out, c.Title)
			}
			for _, r := range t.Rows {
				out = append(out, strings.Join(r, " "))
			}
		}
		return out
	case Form:
		out := []string{p.Heading, p.Description}
		for _, f := range p.Fields {
			out = append(out, f.Label, f.Placeholder)
		}
		return append(out, buttonTitles(p.Buttons)...)
	case Feedback:
		return append([]string{p.Heading}, p.Options...)
	case Chart:
		out := append([]string{p.Title}, p.Headers...)
		for _, s := range p.Series {
			out = append(append(out, s.Title), s.Display...)
		}
		return out
	case Media:
		return []string{p.Name, p.Detail}
	case Speech:
		return []string{p.Text}
	case VoiceCommand:
		var out []string
		for _, s := range p.Steps {
			out = append(out, s.Say...)
		}
		return out
	case ErrorPart:
		return []string{p.Text}
	case OtherTemplate:
		return append([]string{p.Text}, jsonStrings(p.Payload)...)
	case Unknown:
		return jsonStrings(p.Raw)
	}
	return nil
}

func buttonTitles(bs []Button) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.Title)
	}
	return out
}

func itemTexts(items []ListItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title, it.Subtitle, it.Value)
		out = append(out, it.Details...)
		out = append(out, buttonTitles(it.Options)...)
		out = append(out, buttonTitles(it.Buttons)...)
	}
	return out
}

// jsonStrings collects the string values of JSON konvo has no type for
// (never its keys), skipping what no reader reads: URLs and ids.
func jsonStrings(raw json.RawMessage) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any, int)
	walk = func(v any, depth int) {
		if depth > 12 || len(out) > 200 {
			return
		}
		switch v := v.(type) {
		case string:
			if readableValue(v) {
				out = append(out, Visible(v))
			}
		case []any:
			for _, e := range v {
				walk(e, depth+1)
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys) // the same text, and snippet, every time
			for _, k := range keys {
				walk(v[k], depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

// readableValue tells words from machine values: URLs, and single tokens
// with digits in them that look like ids (st-7a1c…, 6b05709b16ab…).
func readableValue(s string) bool {
	if s == "" || strings.Contains(s, "://") {
		return false
	}
	if !strings.ContainsAny(s, " \t\n") && len(s) >= 16 && strings.ContainsAny(s, "0123456789") {
		return false
	}
	return true
}
