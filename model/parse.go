package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
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
	if isDataURI(u) {
		return "" // inline data has no file name
	}
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
