package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
)

// Parse turns the component into a typed Part. It never fails: what it
// cannot type comes back as Unknown (or OtherTemplate) with the raw JSON.
func (c Component) Parse() Part {
	if c.Data == nil {
		return Unknown{Type: c.Type, Raw: c.Raw}
	}
	switch c.Type {
	case "image", "audio", "video", "attachment", "filelink", "location", "contact":
		return parseMediaData(c.Type, c.Data)
	case "error":
		if t := textOf(c.Data); t != "" {
			return ErrorPart{Text: t}
		}
		return Unknown{Type: c.Type, Raw: c.raw()}
	}
	if p, ok := parseTextData(c.Data); ok {
		return p
	}
	return Unknown{Type: c.Type, Raw: c.raw()}
}

func (c Component) raw() json.RawMessage {
	if len(c.Data) > 0 {
		return c.Data
	}
	return c.Raw
}

// textOf reads data.text, or data itself when it is a string.
func textOf(data json.RawMessage) string {
	if f := fields(data); f != nil {
		return str(f["text"])
	}
	return str(data)
}

// parseTextData reads a text component's data: plain text, SSML, or a JSON
// document (a template, a voice command, …) stored as a string in
// data.text — which is how Kore.ai keeps rich bot messages.
func parseTextData(data json.RawMessage) (Part, bool) {
	var text json.RawMessage
	if f := fields(data); f != nil {
		t, ok := f["text"]
		if !ok {
			return nil, false
		}
		text = t
	} else {
		text = data
	}
	text = bytes.TrimSpace(text)
	if len(text) > 0 && text[0] == '{' {
		return parseDocument(text), true
	}
	if len(text) > 0 && text[0] != '"' {
		// A number or a boolean: show it as sent.
		if s := str(text); s != "" {
			return Text{Body: s}, true
		}
		return nil, false
	}
	s := str(text)
	trimmed := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(trimmed, "{") && json.Valid([]byte(trimmed)):
		return parseDocument([]byte(trimmed)), true
	case isSSML(trimmed):
		return Speech{Text: SpeechText(trimmed), SSML: trimmed}, true
	}
	return Text{Body: Visible(s)}, true
}

func isSSML(s string) bool {
	return strings.HasPrefix(s, "<speak") || strings.HasPrefix(s, "<?xml") && strings.Contains(s, "<speak")
}

// parseDocument reads a JSON object found in a message's text.
func parseDocument(doc json.RawMessage) Part {
	f := fields(doc)
	payload := f["payload"]
	p := fields(payload)
	switch strings.ToLower(str(f["type"])) {
	case "template":
		return parseTemplate(str(p["template_type"]), payload)
	case "command":
		return parseVoiceCommand(f)
	case "error":
		if t := str(p["text"]); t != "" {
			return ErrorPart{Text: t}
		}
		return ErrorPart{Text: str(f["text"])}
	case "image", "video", "audio", "file", "attachment", "link":
		kind := strings.ToLower(str(f["type"]))
		if kind == "file" || kind == "link" {
			kind = "attachment"
		}
		return parseMediaData(kind, payload)
	case "message", "text":
		t := Text{Body: Visible(str(p["text"]))}
		if t.Body == "" {
			t.Body = Visible(str(f["text"]))
		}
		if u := str(p["audioUrl"]); u != "" {
			t.Attachment = &Media{Kind: "audio", URL: u, Name: baseName(u)}
		} else if u := str(p["videoUrl"]); u != "" {
			t.Attachment = &Media{Kind: "video", URL: u, Name: baseName(u)}
		}
		return t
	}
	if len(f) == 1 && str(f["text"]) != "" {
		return Text{Body: str(f["text"])}
	}
	return Unknown{Type: "json", Raw: doc}
}

func parseTemplate(kind string, payload json.RawMessage) Part {
	p := fields(payload)
	switch strings.ToLower(kind) {
	case "button":
		return ButtonTemplate{Text: Visible(str(p["text"])), Buttons: parseButtons(p["buttons"])}
	case "quick_replies", "quickreplies":
		return QuickReplies{Text: Visible(str(p["text"])), Replies: parseButtons(p["quick_replies"])}
	case "list", "listview", "advancedlisttemplate", "advancedlist":
		return parseList(kind, p)
	case "carousel":
		return Carousel{Cards: parseItems(p["elements"])}
	case "table", "mini_table", "minitable":
		return parseTable(kind, p)
	case "form_template", "formtemplate":
		return parseForm(p)
	case "feedbacktemplate", "feedback":
		return parseFeedback(p)
	case "piechart", "barchart", "linechart":
		return parseChart(strings.ToLower(kind), p)
	}
	return OtherTemplate{Template: kind, Text: str(p["text"]), Payload: payload}
}

func parseButtons(raw json.RawMessage) []Button {
	var out []Button
	for _, it := range array(raw) {
		f := fields(it)
		if f == nil {
			if s := str(it); s != "" {
				out = append(out, Button{Title: s})
			}
			continue
		}
		b := Button{Kind: str(f["type"]), Title: firstOf(f, "title", "name", "text", "label"), URL: str(f["url"])}
		if b.Kind == "" {
			b.Kind = str(f["content_type"])
		}
		b.Payload = scalarOrJSON(f["payload"])
		if b.Payload == "" {
			b.Payload = scalarOrJSON(f["value"])
		}
		out = append(out, b)
	}
	return out
}

func parseList(kind string, p map[string]json.RawMessage) List {
	l := List{Template: kind, Heading: firstOf(p, "heading", "title", "text"), Buttons: parseButtons(p["buttons"])}
	items := p["elements"]
	if items == nil {
		items = p["listItems"]
	}
	l.Items = parseItems(items)
	if d := str(p["description"]); d != "" && l.Heading != "" {
		l.Heading += " — " + d
	}
	return l
}

func parseItems(raw json.RawMessage) []ListItem {
	var out []ListItem
	for _, it := range array(raw) {
		f := fields(it)
		if f == nil {
			continue
		}
		item := ListItem{
			Title:    firstOf(f, "title", "heading", "name"),
			Subtitle: firstOf(f, "subtitle", "description", "text"),
			ImageURL: firstOf(f, "image_url", "icon", "imageUrl"),
			Buttons:  parseButtons(f["buttons"]),
		}
		if v := f["value"]; v != nil {
			if vf := fields(v); vf != nil {
				item.Value = firstOf(vf, "text", "value")
			} else {
				item.Value = str(v)
			}
		}
		if da := fields(f["default_action"]); da != nil {
			item.URL = str(da["url"])
		}
		out = append(out, item)
	}
	return out
}

func parseTable(kind string, p map[string]json.RawMessage) Table {
	t := Table{Template: kind}
	if strings.EqualFold(kind, "table") {
		block := TableBlock{Columns: parseColumns(p["columns"])}
		for _, row := range array(p["elements"]) {
			block.Rows = append(block.Rows, parseRow(row))
		}
		t.Tables = []TableBlock{block}
		return t
	}
	for _, el := range array(p["elements"]) {
		f := fields(el)
		if f == nil {
			continue
		}
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
				col.Title = str(parts[0])
			}
			if len(parts) > 1 {
				col.Align = strings.ToLower(str(parts[1]))
			}
			out = append(out, col)
			continue
		}
		if f := fields(c); f != nil {
			out = append(out, Column{Title: firstOf(f, "title", "name"), Align: strings.ToLower(str(f["align"]))})
			continue
		}
		out = append(out, Column{Title: str(c)})
	}
	return out
}

// parseRow reads {"Values": […]}, {"values": […]} or a bare array.
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
		out = append(out, scalarOrJSON(c))
	}
	return out
}

func parseForm(p map[string]json.RawMessage) Form {
	form := Form{Heading: firstOf(p, "heading", "text", "title")}
	for _, it := range array(p["formFields"]) {
		f := fields(it)
		if f == nil {
			continue
		}
		form.Fields = append(form.Fields, FormField{
			Kind:        str(f["type"]),
			Label:       firstOf(f, "label", "title", "name"),
			Placeholder: str(f["placeholder"]),
		})
		if form.Submit == "" {
			form.Submit = str(fields(f["fieldButton"])["title"])
		}
	}
	return form
}

func parseFeedback(p map[string]json.RawMessage) Feedback {
	fb := Feedback{Heading: firstOf(p, "heading", "text", "title"), View: str(p["view"])}
	for _, key := range []string{"starArrays", "smileyArrays", "numbersArrays", "thumpsUpDownArrays", "thumbsUpDownArrays", "options"} {
		for _, it := range array(p[key]) {
			f := fields(it)
			if f == nil {
				if s := str(it); s != "" {
					fb.Options = append(fb.Options, s)
				}
				continue
			}
			if label := firstOf(f, "reviewText", "title", "label", "value"); label != "" {
				fb.Options = append(fb.Options, label)
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

func parseChart(kind string, p map[string]json.RawMessage) Chart {
	c := Chart{Kind: kind, Title: firstOf(p, "text", "title", "heading")}
	for _, h := range array(p["headers"]) {
		c.Headers = append(c.Headers, scalarOrJSON(h))
	}
	for _, el := range array(p["elements"]) {
		f := fields(el)
		if f == nil {
			continue
		}
		s := ChartSeries{Title: firstOf(f, "title", "name", "label")}
		if vs := array(f["values"]); vs != nil {
			for _, v := range vs {
				n, _ := num(v)
				s.Values = append(s.Values, n)
			}
			for _, d := range array(f["displayValues"]) {
				s.Display = append(s.Display, scalarOrJSON(d))
			}
		} else {
			n, _ := num(f["value"])
			s.Values = []float64{n}
			if d := str(f["displayValue"]); d != "" {
				s.Display = []string{d}
			}
		}
		c.Series = append(c.Series, s)
	}
	return c
}

func parseMediaData(kind string, data json.RawMessage) Part {
	f := fields(data)
	if f == nil {
		s := str(data)
		if s == "" {
			return Unknown{Type: kind, Raw: data}
		}
		return Media{Kind: kind, URL: s, Name: baseName(s)}
	}
	// Some senders nest the file under data.text as a JSON string.
	if inner := str(f["text"]); strings.HasPrefix(strings.TrimSpace(inner), "{") {
		if nf := fields([]byte(inner)); nf != nil {
			for k, v := range nf {
				if _, ok := f[k]; !ok || k == "text" {
					f[k] = v
				}
			}
		}
	}
	m := Media{
		Kind: kind,
		Name: firstOf(f, "fileName", "filename", "name", "title"),
		URL:  firstOf(f, "url", "fileUrl", "link", "src"),
	}
	switch kind {
	case "location":
		lat, lok := num(f["latitude"])
		lon, nok := num(f["longitude"])
		if lok && nok {
			m.Detail = fmt.Sprintf("%.5f, %.5f", lat, lon)
		}
		if a := str(f["address"]); a != "" {
			m.Name = strings.TrimSpace(m.Name + " " + a)
		}
	case "contact":
		m.Detail = strings.TrimSpace(firstOf(f, "phone", "phoneNumber", "number") + " " + str(f["email"]))
	default:
		if sz, ok := num(f["size"]); ok && sz > 0 {
			m.Detail = HumanBytes(sz)
		}
	}
	if m.Name == "" {
		m.Name = baseName(m.URL)
	}
	if m.Name == "" && m.URL == "" && m.Detail == "" {
		if t := str(f["text"]); t != "" {
			m.Name = t
		} else {
			return Unknown{Type: kind, Raw: data}
		}
	}
	return m
}

func parseVoiceCommand(f map[string]json.RawMessage) VoiceCommand {
	vc := VoiceCommand{Command: str(f["command"])}
	steps := array(f["data"])
	if steps == nil && fields(f["data"]) != nil {
		steps = []json.RawMessage{f["data"]}
	}
	for _, raw := range steps {
		s := fields(raw)
		if s == nil {
			continue
		}
		step := VoiceStep{Verb: str(s["verb"])}
		say := s["say"]
		if sf := fields(say); sf != nil {
			say = sf["text"]
		}
		if step.Verb == "say" && say == nil {
			say = s["text"]
		}
		for _, line := range strs(say) {
			if isSSML(strings.TrimSpace(line)) {
				line = SpeechText(line)
			} else {
				line = Visible(line)
			}
			step.Say = append(step.Say, line)
		}
		step.Input = strs(s["input"])
		step.Extra = summarizeVerb(step.Verb, s)
		vc.Steps = append(vc.Steps, step)
	}
	return vc
}

// SpeechText strips SSML markup, leaving the words spoken.
func SpeechText(ssml string) string {
	var b strings.Builder
	inTag := false
	for _, r := range ssml {
		switch {
		case r == '<':
			inTag = true
			b.WriteByte(' ')
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// firstOf returns the first non-empty string member among keys.
func firstOf(f map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if s := str(f[k]); s != "" {
			return s
		}
	}
	return ""
}

// scalarOrJSON gives a scalar as text and anything else as compact JSON.
func scalarOrJSON(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '{' || raw[0] == '[' {
		var b bytes.Buffer
		if json.Compact(&b, raw) == nil {
			return b.String()
		}
		return string(raw)
	}
	return str(raw)
}

func baseName(u string) string {
	u = strings.TrimRight(u, "/")
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.LastIndexByte(u, '/'); i >= 0 && !strings.HasSuffix(u[:i], ":/") && !strings.HasSuffix(u[:i+1], "://") {
		return u[i+1:]
	}
	return ""
}

// HumanBytes spells a size in B, KB, MB or GB.
func HumanBytes(n float64) string {
	units := []string{"B", "KB", "MB", "GB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f %s", n, units[i])
	}
	return fmt.Sprintf("%.1f %s", n, units[i])
}
