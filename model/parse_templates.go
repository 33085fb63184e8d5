package model

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// templateKey folds the spellings of a template_type together: Kore's
// documents and bots write quick_replies and quickReplies, clockTemplate
// and clock_template, mini_table and minitable.
func templateKey(kind string) string {
	return strings.ToLower(strings.ReplaceAll(kind, "_", ""))
}

// parseTemplate types a template payload by its template_type. The shapes
// are those of Kore's web SDK and its message-template documentation;
// where they are loose (a value that is a string in one sample and an
// object in another) both are read. A template_type konvo does not know
// stays an OtherTemplate, shown as JSON.
func parseTemplate(kind string, payload json.RawMessage) Part {
	p := fields(payload)
	switch templateKey(kind) {
	case "button":
		return ButtonTemplate{Text: Visible(str(p["text"])), Buttons: parseButtons(p["buttons"])}
	case "quickreplies", "quickreplieswelcome":
		return QuickReplies{Text: Visible(str(p["text"])), Replies: parseButtons(p["quick_replies"])}
	case "list", "listview":
		return parseList(kind, p)
	case "listwidget":
		return parseListWidget(kind, p)
	case "advancedlisttemplate", "advancedlist":
		return parseAdvancedList(kind, p)
	case "advancedmultilisttemplate":
		return parseAdvancedMultiList(kind, p)
	case "tablelist":
		return parseTableList(kind, p)
	case "checklisttemplate":
		return parseCheckList(kind, p)
	case "cardtemplate":
		return parseCards(kind, p)
	case "articletemplate":
		return parseArticles(kind, p)
	case "carousel":
		return Carousel{Cards: parseItems(p["elements"])}
	case "table", "minitable", "customtable":
		return parseTable(kind, p)
	case "formtemplate":
		return parseForm(kind, p)
	case "datetemplate", "daterange", "clocktemplate", "otpvalidationtemplate", "resetpintemplate":
		return parsePicker(kind, p)
	case "feedbacktemplate", "feedback", "likedislike":
		return parseFeedback(kind, p)
	case "piechart", "barchart", "linechart":
		return parseChart(strings.ToLower(kind), p)
	case "dropdowntemplate", "multiselect", "advancedmultiselect", "radiooptiontemplate":
		return parseChoice(kind, p)
	case "taskpickertemplate":
		return ButtonTemplate{Text: Visible(firstOf(p, "heading", "title", "text")), Buttons: parseButtons(p["tasks"])}
	case "answertemplate", "search":
		return parseAnswer(kind, p)
	case "liveagent":
		// What an agent says reaches the web client as this template; the
		// message is the agent's (see Message.Speaker).
		return Text{Body: Visible(firstOf(p, "text", "message"))}
	case "system":
		return Event{Text: Visible(firstOf(p, "text", "message"))}
	case "":
		if fd := fields(p["formData"]); fd != nil {
			return parseInlineForm(p, fd)
		}
	}
	return OtherTemplate{Template: kind, Text: str(p["text"]), Payload: payload}
}

// IsLiveAgent reports whether a component is a live_agent template: the
// shape in which an agent's words reach the user.
func IsLiveAgent(c Component) bool {
	if c.Type != "text" || !bytes.Contains(c.Data, []byte("live_agent")) {
		return false
	}
	doc := fields([]byte(strings.TrimSpace(textOf(c.Data))))
	return templateKey(str(fields(doc["payload"])["template_type"])) == "liveagent"
}

func parseButtons(raw json.RawMessage) []Button {
	var out []Button
	for _, it := range array(raw) {
		if b, ok := parseButton(it); ok {
			out = append(out, b)
		}
	}
	return out
}

// parseButton reads a button, an option or a task: {type, title, url |
// payload}, with the title also spelled name, text or label and the
// postback also given as {postback: {title, value}}.
func parseButton(raw json.RawMessage) (Button, bool) {
	f := fields(raw)
	if f == nil {
		if s := str(raw); s != "" {
			return Button{Title: Visible(s)}, true
		}
		return Button{}, false
	}
	b := Button{Kind: str(f["type"]), Title: Visible(firstOf(f, "title", "name", "text", "label")), URL: webURL(f["url"])}
	if b.Kind == "" {
		b.Kind = firstOf(f, "content_type", "contenttype")
	}
	b.Payload = scalarOrJSON(f["payload"])
	if b.Payload == "" {
		b.Payload = scalarOrJSON(f["value"])
	}
	if pb := fields(f["postback"]); pb != nil && b.Payload == "" {
		b.Payload = firstOf(pb, "value", "payload", "title")
	}
	if b.Title == "" && b.URL == "" && b.Payload == "" {
		return Button{}, false
	}
	return b, true
}

// label reads a value shown as text: a string, a number, or an object
// such as {"type":"text","text":"$84.20"} or {"title":…}.
func label(raw json.RawMessage) string {
	if f := fields(raw); f != nil {
		if s := firstOf(f, "text", "title", "value", "label"); s != "" {
			return Visible(s)
		}
		if inner := f["text"]; len(inner) > 0 && inner[0] == '{' {
			return label(inner)
		}
		return ""
	}
	return Visible(str(raw))
}

// webURL reads an address: a string, or an object with link or url in
// it. Inline data (data: URIs, base64 icons) is no address a reader can
// use, and is dropped.
func webURL(raw json.RawMessage) string {
	s := str(raw)
	if f := fields(raw); f != nil {
		s = firstOf(f, "link", "url", "image_src", "src")
	}
	if isDataURI(s) {
		return ""
	}
	return s
}

// imageOf reads an image's address from the first of keys that holds
// one: a string, or an image object {image_type, image_src}.
func imageOf(f map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if u := webURL(f[k]); u != "" {
			return u
		}
	}
	return ""
}

func isDataURI(s string) bool {
	return len(s) >= 5 && strings.EqualFold(s[:5], "data:")
}

// titled reads the title (or, failing that, the text or label) of each
// object in an array: an advanced list's text information, a card's
// description lines.
func titled(raw json.RawMessage) []string {
	var out []string
	for _, it := range array(raw) {
		if s := label(it); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// pairs reads [{title, value}] as "title value" lines: a checklist's
// sub-information ("Total tasks: 3").
func pairs(raw json.RawMessage) []string {
	var out []string
	for _, it := range array(raw) {
		f := fields(it)
		if f == nil {
			if s := str(it); s != "" {
				out = append(out, Visible(s))
			}
			continue
		}
		// Shown as sent, the title then the value ("Status: " "Done").
		if line := strings.TrimSpace(strings.TrimSpace(Visible(str(f["title"]))) + " " + strings.TrimSpace(label(f["value"]))); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// orderedFields reads an object's members in the order sent (a listView's
// "see more" tabs are shown in that order).
func orderedFields(raw json.RawMessage) (keys []string, values []json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys, values
		}
		k, _ := t.(string)
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return keys, values
		}
		keys, values = append(keys, k), append(values, v)
	}
	return keys, values
}

func parseTable(kind string, p map[string]json.RawMessage) Table {
	t := Table{Template: kind, Text: Visible(firstOf(p, "text", "title"))}
	if templateKey(kind) != "minitable" {
		block := TableBlock{Columns: parseColumns(p["columns"])}
		for _, row := range array(p["elements"]) {
			block.Rows = append(block.Rows, parseRow(row))
		}
		t.Tables = []TableBlock{block}
		return t
	}
	for _, f := range objects(p["elements"]) {
		block := TableBlock{Columns: parseColumns(f["primary"])}
		for _, row := range array(f["additional"]) {
			block.Rows = append(block.Rows, parseRow(row))
		}
		t.Tables = append(t.Tables, block)
	}
	return t
}

// parseColumns reads ["Name", …], [["Name","left"], …] or [{title, align}].
func parseColumns(raw json.RawMessage) []Column {
	var out []Column
	for _, c := range array(raw) {
		if parts := array(c); parts != nil {
			col := Column{}
			if len(parts) > 0 {
				col.Title = Visible(str(parts[0]))
			}
			if len(parts) > 1 {
				col.Align = strings.ToLower(str(parts[1]))
			}
			out = append(out, col)
			continue
		}
		if f := fields(c); f != nil {
			out = append(out, Column{Title: Visible(firstOf(f, "title", "name")), Align: strings.ToLower(str(f["align"]))})
			continue
		}
		out = append(out, Column{Title: Visible(str(c))})
	}
	return out
}

// parseRow reads {"Values": […]}, {"values": […]} or a bare array. A
// custom_table cell is [value, "text"] or [value, "button", {button}]:
// the value, and the button's title after it.
func parseRow(raw json.RawMessage) []string {
	cells := array(raw)
	if cells == nil {
		f := fields(raw)
		cells = array(f["Values"])
		if cells == nil {
			cells = array(f["values"])
		}
	}
	out := make([]string, 0, len(cells))
	for _, c := range cells {
		out = append(out, cellText(c))
	}
	return out
}

func cellText(raw json.RawMessage) string {
	parts := array(raw)
	if parts == nil || len(parts) == 0 {
		return Visible(scalarOrJSON(raw))
	}
	text := Visible(scalarOrJSON(parts[0]))
	if len(parts) >= 3 && strings.EqualFold(str(parts[1]), "button") {
		if b, ok := parseButton(parts[2]); ok && b.Title != "" {
			text = strings.TrimSpace(text + " [" + b.Title + "]")
		}
	}
	return text
}

func parseFeedback(kind string, p map[string]json.RawMessage) Feedback {
	fb := Feedback{Heading: Visible(firstOf(p, "heading", "text", "title")), View: str(p["view"])}
	if templateKey(kind) == "likedislike" {
		fb.View = "like/dislike"
		fb.Options = []string{"👍 like", "👎 dislike"}
		return fb
	}
	for _, key := range []string{"starArrays", "smileyArrays", "numbersArrays", "thumpsUpDownArrays", "thumbsUpDownArrays", "options"} {
		for _, it := range array(p[key]) {
			f := fields(it)
			if f == nil {
				if s := str(it); s != "" {
					fb.Options = append(fb.Options, Visible(s))
				}
				continue
			}
			if l := firstOf(f, "reviewText", "title", "label", "value"); l != "" {
				fb.Options = append(fb.Options, Visible(l))
			}
		}
	}
	if len(fb.Options) == 0 {
		switch strings.ToLower(fb.View) {
		case "star":
			fb.Options = []string{"1", "2", "3", "4", "5"}
		case "nps":
			for i := 0; i <= 10; i++ {
				fb.Options = append(fb.Options, strconv.Itoa(i))
			}
		}
	}
	return fb
}

// parseChart reads pie, bar and line charts. The x-axis labels of bar
// and line charts are X_axis in Kore's documents (headers in older bots).
func parseChart(kind string, p map[string]json.RawMessage) Chart {
	c := Chart{Kind: kind, Title: Visible(firstOf(p, "text", "title", "heading"))}
	axis := p["X_axis"]
	if array(axis) == nil {
		axis = p["x_axis"]
	}
	if array(axis) == nil {
		axis = p["headers"]
	}
	for _, h := range array(axis) {
		c.Headers = append(c.Headers, Visible(scalarOrJSON(h)))
	}
	for _, f := range objects(p["elements"]) {
		s := ChartSeries{Title: Visible(firstOf(f, "title", "name", "label"))}
		if vs := array(f["values"]); vs != nil {
			for _, v := range vs {
				n, _ := num(v)
				s.Values = append(s.Values, n)
			}
			for _, d := range array(f["displayValues"]) {
				s.Display = append(s.Display, Visible(scalarOrJSON(d)))
			}
		} else {
			n, _ := num(f["value"])
			s.Values = []float64{n}
			if d := str(f["displayValue"]); d != "" {
				s.Display = []string{Visible(d)}
			}
		}
		c.Series = append(c.Series, s)
	}
	return c
}
