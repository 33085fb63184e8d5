package koretest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"konvo/model"
)

// Msg is one message of a corpus transcript.
type Msg struct {
	ID        string
	SessionID string
	UserID    string
	Channel   string
	Created   time.Time
	Tags      []model.Tag // message tags
	Raw       json.RawMessage
	// WithLatency is Raw with the turn's latency, served when the request
	// asks includeLatency; nil for messages without latency.
	WithLatency json.RawMessage
	// V2 and V2WithLatency are the record as getMessagesV2 sends it.
	V2, V2WithLatency json.RawMessage
}

// latencyObject is a turn's latency as Kore documents it: a total, and
// per stage an object with its duration (and, for speech, the provider).
func latencyObject(asr, bot, tts int) map[string]any {
	return map[string]any{
		"totalMs": asr + bot + tts,
		"asr":     map[string]any{"durationMs": asr, "provider": "google", "confidenceScore": 0.93},
		"bot":     map[string]any{"durationMs": bot},
		"tts":     map[string]any{"durationMs": tts, "provider": "microsoft", "firstByteMs": min(tts, 85)},
	}
}

// v2Members are the members of a getMessagesV2 record in the revisions
// of Kore's documents that show it trimmed (no ms, chnl, tags, createdBy,
// task name), plus what a request asks for by name: the author
// (getAgentsInfo) and the latency (includeLatency).
var v2Members = []string{"_id", "botId", "type", "status", "components", "createdOn", "lang", "sessionId", "author", "latency"}

func trimmedV2(m map[string]any) json.RawMessage {
	out := make(map[string]any, len(v2Members))
	for _, k := range v2Members {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	b, _ := json.Marshal(out)
	return b
}

// comp is one component before encoding.
type comp struct {
	cT   string
	data any
}

// step is one message before encoding.
type step struct {
	in, agent, system bool
	task              string
	comps             []comp
	gap               time.Duration // extra wait before this message
	tags              []model.Tag
	// late stamps the message this long after the session's recorded
	// end, as a voice bot's no-input timeout prompt is.
	late time.Duration
	// latency is a voice bot turn's ASR, bot and TTS time in ms.
	latency []int
	// ms overrides the message kind: msAlert or msAction (kinds that
	// getMessagesV2 leaves out).
	ms int
	// author is a documented author type (EVENT, FORM) for a line that is
	// not speech.
	author string
}

// Message kinds a step can carry besides text.
const (
	msAlert  = 100 // sent as ms 0
	msAction = 2
)

func textComp(s string) comp { return comp{"text", map[string]any{"text": s}} }

// docComp stores a JSON document as text, the way Kore.ai keeps rich bot
// messages.
func docComp(v any) comp {
	b, _ := json.Marshal(v)
	return textComp(string(b))
}

func tmplComp(kind string, payload map[string]any) comp {
	payload["template_type"] = kind
	return docComp(map[string]any{"type": "template", "payload": payload})
}

func userSays(s string) step          { return step{in: true, comps: []comp{textComp(s)}} }
func botSays(c ...comp) step          { return step{comps: c} }
func botText(s string) step           { return botSays(textComp(s)) }
func agentSays(s string) step         { return step{agent: true, comps: []comp{textComp(s)}} }
func (s step) withTask(t string) step { s.task = t; return s }

func buildTranscript(botID string, s *Session) []Msg {
	var steps []step
	if s.Script != "" {
		steps = scriptSteps(s)
	} else {
		steps = generatedSteps(s)
	}
	return encodeSteps(botID, s, steps)
}

func encodeSteps(botID string, s *Session, steps []step) []Msg {
	n := len(steps)
	out := make([]Msg, 0, n)
	// Gaps (an agent's wait) take at most half the session, so every
	// message falls between the session's start and end.
	var gaps time.Duration
	for _, st := range steps {
		gaps += st.gap
	}
	total := s.End.Sub(s.Start)
	scale := 1.0
	if gaps > total/2 {
		scale = float64(total/2) / float64(gaps)
		gaps = total / 2
	}
	span := total - gaps
	rng := rand.New(rand.NewPCG(s.seed, 7))
	at := s.Start
	lang := "en"
	if len(s.Langs) > 0 {
		lang = s.Langs[0]
	}
	for i, st := range steps {
		if i > 0 {
			at = at.Add(span / time.Duration(max(n-1, 1)))
		}
		at = at.Add(time.Duration(float64(st.gap) * scale))
		created := at.Truncate(time.Millisecond)
		if st.late > 0 {
			created = s.End.Add(st.late).Truncate(time.Millisecond)
		}
		id := fmt.Sprintf("ms-%s-%05d", s.ID, i)
		comps := make([]map[string]any, 0, len(st.comps))
		for j, c := range st.comps {
			comps = append(comps, map[string]any{"_id": fmt.Sprintf("cp-%s-%05d-%d", s.ID, i, j), "cT": c.cT, "data": c.data, "thumbnails": []any{}})
		}
		m := map[string]any{
			"_id": id, "sessionId": s.ID, "botId": botID, "orgId": "o-acme-bank", "accountId": DemoAccountID,
			"createdOn":      created.UTC().Format("2006-01-02T15:04:05.000Z"),
			"lmodifiedOn":    created.UTC().Format("2006-01-02T15:04:05.000Z"),
			"timestampValue": created.UnixMilli(),
			"channels":       []map[string]string{{"type": s.Channel}},
			"chnl":           s.Channel,
			"isBB":           0,
			"ms":             1,
			"lang":           lang,
			"traceId":        fmt.Sprintf("tr-%012x", rng.Uint64()&0xffffffffffff),
			"components":     comps,
			"userId":         s.UserID,
		}
		tags := append([]model.Tag(nil), st.tags...)
		switch {
		case st.in:
			m["type"], m["status"], m["createdBy"] = "incoming", "received", s.UserID
		case st.agent:
			// The author as Kore's web SDK reads it: a name, and the
			// agent's id (aId) as the API documents it.
			m["type"], m["status"], m["createdBy"] = "outgoing", "sent", "a-mika-sato"
			m["author"] = map[string]string{"firstName": "Mika", "lastName": "Sato", "aId": "a-mika-sato"}
		case st.system:
			// A platform line: the documented author type SYSTEM.
			m["type"], m["status"], m["createdBy"] = "outgoing", "sent", botID
			m["author"] = map[string]string{"type": "SYSTEM"}
		case st.author != "":
			m["type"], m["status"], m["createdBy"] = "outgoing", "sent", botID
			m["author"] = map[string]string{"type": st.author}
		case st.ms == msAlert:
			m["type"], m["status"], m["createdBy"] = "outgoing", "sent", botID
			m["ms"] = 0
		case st.ms == msAction:
			m["type"], m["status"], m["createdBy"] = "outgoing", "sent", botID
			m["ms"] = 2
		default:
			m["type"], m["status"], m["createdBy"] = "outgoing", "sent", botID
		}
		if st.task != "" {
			m["tN"] = st.task
		}
		if len(tags) > 0 {
			mt := make([]map[string]string, 0, len(tags))
			for _, t := range tags {
				mt = append(mt, map[string]string{"name": t.Name, "value": t.Value})
			}
			m["tags"] = map[string]any{"messageTags": mt, "userTags": []any{}, "sessionTags": []any{}}
		} else {
			m["tags"] = map[string]any{"messageTags": []any{}, "userTags": []any{}, "sessionTags": []any{}}
		}
		raw, _ := json.Marshal(m)
		msg := Msg{ID: id, SessionID: s.ID, UserID: s.UserID, Channel: s.Channel, Created: created, Tags: tags, Raw: raw, V2: trimmedV2(m)}
		if len(st.latency) == 3 {
			m["latency"] = latencyObject(st.latency[0], st.latency[1], st.latency[2])
			msg.WithLatency, _ = json.Marshal(m)
			msg.V2WithLatency = trimmedV2(m)
		}
		out = append(out, msg)
	}
	return out
}

// generatedSteps makes an everyday conversation of s.Messages messages.
func generatedSteps(s *Session) []step {
	rng := rand.New(rand.NewPCG(s.seed, 11))
	lang := "en"
	if len(s.Langs) > 0 {
		lang = s.Langs[0]
	}
	lines, ok := phrases[lang]
	if !ok {
		lines = phrases["en"]
	}
	voice := s.Channel == "ivrVoice"
	topic := "balance"
	for _, t := range s.SessionTags {
		if t.Name == "topic" {
			topic = t.Value
		}
	}
	task := taskNames[topic]
	n := s.Messages
	handoff := -1
	if s.Containment == model.Agent {
		handoff = max(1, n*2/3)
	}
	steps := make([]step, 0, n)
	if s.NonInteractive {
		for i := 0; i < n; i++ {
			steps = append(steps, botSays(tmplComp("button", map[string]any{
				"text":    lines.alert,
				"buttons": []map[string]any{{"type": "postback", "title": lines.yes, "payload": "ALERT_ACK"}},
			})).withTask("Card Payment Alert"))
		}
		return steps
	}
	for i := 0; i < n; i++ {
		last := i == n-1
		switch {
		case s.patterns && last && s.Containment == model.DropOff && topic == "transfer":
			// Where transfers are abandoned: the one-time code.
			steps = append(steps, botSays(textComp(lines.otp)).withTask(task))
			continue
		case s.patterns && len(lines.unclear) > 0 && s.seed%7 == 0 && (i == 2 || i == 3) && i < n-1 && handoff < 0:
			// Now and then the bot does not understand.
			if i == 2 {
				steps = append(steps, userSays(lines.unclear[int(s.seed/7)%len(lines.unclear)]))
			} else {
				steps = append(steps, botSays(textComp(lines.fallback)))
			}
			continue
		case s.patterns && i == 1 && topic == "loans" && s.seed%3 == 0:
			// The loan task fails for a third of its sessions.
			steps = append(steps, botSays(comp{"error", map[string]any{"text": "The loan rates service did not answer in time."}}).withTask(task))
			continue
		case i == handoff:
			steps = append(steps, botSays(textComp(lines.handoff), tmplComp("live_agent", map[string]any{"text": lines.handoff, "queue": "general"})).withTask("Agent Transfer"))
			if n-i > 1 {
				steps[len(steps)-1].gap = time.Duration(3+rng.IntN(10)) * time.Minute
			}
		case handoff >= 0 && i > handoff && i%2 == 1:
			st := agentSays(lines.agent[rng.IntN(len(lines.agent))])
			steps = append(steps, st)
		case i%2 == 0:
			st := userSays(lines.user[rng.IntN(len(lines.user))])
			if !voice && rng.IntN(14) == 0 {
				st.comps = append(st.comps, comp{"image", map[string]any{"url": fmt.Sprintf("https://files.example.com/u/%s/screenshot-%d.png", s.ID[:8], i), "fileName": fmt.Sprintf("screenshot-%d.png", i), "size": 20000 + rng.IntN(900000)}})
			}
			steps = append(steps, st)
		case voice:
			var st step
			if rng.IntN(2) == 0 {
				st = botSays(textComp("<speak>" + lines.bot[rng.IntN(len(lines.bot))] + `<break time="300ms"/></speak>`)).withTask(task)
			} else {
				st = botSays(docComp(gather(lines.bot[rng.IntN(len(lines.bot))], 0))).withTask(task)
			}
			// Each voice turn's timing; in the demo, blocking a card is slow.
			bot := 200 + rng.IntN(900)
			if s.patterns && topic == "cards" {
				bot = 2400 + rng.IntN(2200)
			}
			st.latency = []int{300 + rng.IntN(500), bot, 100 + rng.IntN(250)}
			steps = append(steps, st)
		default:
			steps = append(steps, botSays(everydayTemplate(rng, lines, topic, i == n-1)).withTask(task))
		}
	}
	return steps
}

// gather is a voice gateway command that says a prompt and listens.
func gather(prompt string, digits int) map[string]any {
	g := map[string]any{"verb": "gather", "say": map[string]any{"text": []string{prompt}}, "input": []string{"speech"}, "timeout": 5}
	if digits > 0 {
		g["input"] = []string{"digits", "speech"}
		g["numDigits"] = digits
		g["finishOnKey"] = "#"
	}
	return map[string]any{"type": "command", "command": "redirect", "queueCommand": true, "data": []any{g}}
}

var taskNames = map[string]string{
	"balance": "Check Balance", "cards": "Block Card", "transfer": "Transfer Funds",
	"loans": "Loan Enquiry", "fraud": "Report Fraud", "branch": "Find Branch",
}

// everydayTemplate is what the bot answers with in a generated session:
// mostly text, sometimes one of the common templates.
func everydayTemplate(rng *rand.Rand, l phraseSet, topic string, last bool) comp {
	if last && rng.IntN(3) == 0 {
		return tmplComp("feedbackTemplate", map[string]any{"text": l.feedback, "view": "star", "starArrays": []any{}})
	}
	switch r := rng.IntN(20); {
	case r < 11:
		return textComp(l.bot[rng.IntN(len(l.bot))])
	case r < 14:
		return tmplComp("quick_replies", map[string]any{"text": l.more, "quick_replies": []map[string]any{
			{"content_type": "text", "title": l.yes, "payload": "YES"}, {"content_type": "text", "title": l.no, "payload": "NO"}, {"content_type": "text", "title": l.human, "payload": "AGENT"}}})
	case r < 16:
		return tmplComp("button", map[string]any{"text": l.more, "buttons": []map[string]any{
			{"type": "postback", "title": l.yes, "payload": "YES"}, {"type": "web_url", "title": "FAQ", "url": "https://bank.example.com/help/" + topic}}})
	case r < 18:
		return tmplComp("listView", map[string]any{"text": l.accounts, "elements": []map[string]any{
			{"title": "Everyday •••• 4821", "subtitle": "Checking", "value": map[string]any{"type": "text", "text": fmt.Sprintf("$%d.%02d", 100+rng.IntN(9000), rng.IntN(100))}},
			{"title": "Savings •••• 0457", "subtitle": "Savings", "value": map[string]any{"type": "text", "text": fmt.Sprintf("$%d.%02d", 1000+rng.IntN(90000), rng.IntN(100))}}}})
	case r < 19:
		return tmplComp("carousel", map[string]any{"elements": []map[string]any{
			{"title": "Main St branch", "subtitle": "Open 9–5", "image_url": "https://bank.example.com/img/b1.png", "buttons": []map[string]any{{"type": "web_url", "title": "Directions", "url": "https://maps.example.com/?q=main"}}},
			{"title": "Harbour branch", "subtitle": "Open 10–4", "image_url": "https://bank.example.com/img/b2.png", "buttons": []map[string]any{{"type": "web_url", "title": "Directions", "url": "https://maps.example.com/?q=harbour"}}}}})
	default:
		return tmplComp("mini_table", map[string]any{"elements": []map[string]any{{
			"primary":    [][]string{{"Date"}, {"Amount", "right"}},
			"additional": [][]string{{"Nov 18", fmt.Sprintf("-$%d.00", 5+rng.IntN(80))}, {"Nov 19", fmt.Sprintf("-$%d.50", 5+rng.IntN(80))}, {"Nov 20", fmt.Sprintf("+$%d.00", 100+rng.IntN(900))}}}}})
	}
}
