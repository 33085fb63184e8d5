package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// Speaker says who a message came from.
type Speaker int

// The speakers a transcript distinguishes.
const (
	SpeakerUser Speaker = iota
	SpeakerBot
	SpeakerAgent
	// SpeakerSystem is the platform's own line (author type SYSTEM).
	SpeakerSystem
	// SpeakerEvent is an event in the conversation (author type EVENT).
	SpeakerEvent
	// SpeakerForm is a digital form's record (author type FORM).
	SpeakerForm
)

// String names the speaker as the transcript labels it.
func (s Speaker) String() string {
	switch s {
	case SpeakerBot:
		return "bot"
	case SpeakerAgent:
		return "agent"
	case SpeakerSystem:
		return "system"
	case SpeakerEvent:
		return "event"
	case SpeakerForm:
		return "form"
	}
	return "user"
}

// Message is one message of a transcript, as getMessages reports it.
type Message struct {
	ID        string
	Direction string // "incoming" (from the user) or "outgoing" (to the user)
	Status    string
	CreatedBy string
	Created   time.Time
	SessionID string
	BotID     string
	UserID    string
	Channel   string
	Kind      int // the "ms" field: 0 task alert, 1 text, 2 task action, 3 others
	Lang      string
	TraceID   string
	TaskName  string
	// agent is set when the data marks the message as an agent's: an
	// author named by firstName/lastName (as Kore's web SDK reads it), an
	// agent id (aId), a live_agent template, or older spellings.
	agent bool
	// AgentName is the agent's name when the data gives one.
	AgentName string
	// AuthorType is author.type as sent (EVENT, FORM, SYSTEM, …).
	AuthorType string
	// AltText is the message's tags.altText: what the web client shows
	// in place of the text.
	AltText string
	// Latency is a voice bot turn's timing, when getMessages was asked
	// for it (includeLatency) and sent it.
	Latency Latency

	MessageTags []Tag
	UserTags    []Tag
	SessionTags []Tag
	Components  []Component

	Raw json.RawMessage
}

// Speaker derives who spoke from the author's type, the direction and any
// agent marker in the data. A task alert or action (ms 0 and 2) is the
// bot's output; TaskKind labels it.
func (m Message) Speaker() Speaker {
	switch strings.ToUpper(m.AuthorType) {
	case "SYSTEM":
		return SpeakerSystem
	case "EVENT":
		return SpeakerEvent
	case "FORM":
		return SpeakerForm
	}
	switch {
	case m.Direction == "incoming":
		return SpeakerUser
	case m.agent:
		return SpeakerAgent
	case m.Kind == msControl:
		// Undocumented: older stores and bots mark platform lines so.
		return SpeakerSystem
	}
	return SpeakerBot
}

// TaskKind names a bot message that a task raised rather than said: "alert"
// (ms 0) or "action" (ms 2); "" for anything else, and when ms is absent
// (getMessagesV2 records may leave it out).
func (m Message) TaskKind() string {
	if m.Direction == "incoming" {
		return ""
	}
	switch m.Kind {
	case 0:
		return "alert"
	case 2:
		return "action"
	}
	return ""
}

// FillFrom takes what a trimmed record leaves out (getMessagesV2 may send
// no channel, user or bot) from the session it belongs to.
func (m *Message) FillFrom(s Session) {
	if m.SessionID == "" {
		m.SessionID = s.ID
	}
	if m.Channel == "" {
		m.Channel = s.Channel
	}
	if m.UserID == "" {
		m.UserID = s.UserID
	}
	if m.BotID == "" {
		m.BotID = s.BotID
	}
}

const (
	msAbsent  = -1
	msControl = 4
)

// messageWire is a message's members as sent; see sessionWire.
type messageWire struct {
	ID         json.RawMessage   `json:"_id"`
	AltID      json.RawMessage   `json:"id"`
	Type       json.RawMessage   `json:"type"`
	Status     json.RawMessage   `json:"status"`
	CreatedBy  json.RawMessage   `json:"createdBy"`
	CreatedOn  json.RawMessage   `json:"createdOn"`
	Timestamp  json.RawMessage   `json:"timestampValue"`
	SessionID  json.RawMessage   `json:"sessionId"`
	BotID      json.RawMessage   `json:"botId"`
	UserID     json.RawMessage   `json:"userId"`
	Chnl       json.RawMessage   `json:"chnl"`
	Channel    json.RawMessage   `json:"channel"`
	Channels   json.RawMessage   `json:"channels"`
	MS         json.RawMessage   `json:"ms"`
	Lang       json.RawMessage   `json:"lang"`
	TraceID    json.RawMessage   `json:"traceId"`
	TaskName   json.RawMessage   `json:"tN"`
	IsAgent    json.RawMessage   `json:"isAgent"`
	AgentID    json.RawMessage   `json:"agentId"`
	Author     json.RawMessage   `json:"author"`
	Latency    json.RawMessage   `json:"latency"`
	Tags       json.RawMessage   `json:"tags"`
	Components []json.RawMessage `json:"components"`
}

// scan is json.Unmarshal(raw, w) when that would succeed, and false
// otherwise (then the message's own fallback decodes it).
func (w *messageWire) scan(raw []byte) bool {
	var comps json.RawMessage
	names := [...]string{"_id", "id", "type", "status", "createdBy", "createdOn", "timestampValue", "sessionId", "botId", "userId",
		"chnl", "channel", "channels", "ms", "lang", "traceId", "tN", "isAgent", "agentId", "author", "latency", "tags", "components"}
	to := [...]*json.RawMessage{&w.ID, &w.AltID, &w.Type, &w.Status, &w.CreatedBy, &w.CreatedOn, &w.Timestamp, &w.SessionID, &w.BotID, &w.UserID,
		&w.Chnl, &w.Channel, &w.Channels, &w.MS, &w.Lang, &w.TraceID, &w.TaskName, &w.IsAgent, &w.AgentID, &w.Author, &w.Latency, &w.Tags, &comps}
	if !decodeInto(raw, names[:], to[:]) {
		return false
	}
	switch {
	case len(comps) == 0 || string(comps) == "null":
	case comps[0] == '[':
		w.Components = splitArray(comps)
	default: // encoding/json fails on components that are no array
		return false
	}
	return true
}

// UnmarshalJSON decodes tolerantly, like Session.
func (m *Message) UnmarshalJSON(b []byte) error {
	return m.decode(append(json.RawMessage(nil), b...))
}

func (m *Message) decode(raw json.RawMessage) error {
	var w messageWire
	if !w.scan(raw) {
		// Components that are not an array must not lose the message.
		f := fields(raw)
		if f == nil {
			return &json.UnmarshalTypeError{Value: "non-object", Type: messageType}
		}
		comps := f["components"]
		delete(f, "components")
		stripped, _ := json.Marshal(f)
		if json.Unmarshal(stripped, &w) != nil {
			return &json.UnmarshalTypeError{Value: "non-object", Type: messageType}
		}
		w.Components = array(comps)
	}
	*m = Message{
		ID:        str(w.ID),
		Direction: strings.ToLower(str(w.Type)),
		Status:    str(w.Status),
		CreatedBy: str(w.CreatedBy),
		Created:   timestamp(w.CreatedOn),
		SessionID: str(w.SessionID),
		BotID:     str(w.BotID),
		UserID:    str(w.UserID),
		Channel:   str(w.Chnl),
		Kind:      msAbsent,
		Lang:      str(w.Lang),
		TraceID:   str(w.TraceID),
		TaskName:  str(w.TaskName),
		Raw:       raw,
	}
	if len(w.MS) > 0 {
		m.Kind = integer(w.MS)
	}
	if m.Created.IsZero() {
		m.Created = timestamp(w.Timestamp)
	}
	if m.Channel == "" {
		m.Channel = str(w.Channel)
	}
	if m.Channel == "" {
		for _, c := range array(w.Channels) {
			if t := str(fields(c)["type"]); t != "" {
				m.Channel = t
				break
			}
		}
	}
	if m.ID == "" {
		m.ID = str(w.AltID)
	}
	m.Latency = decodeLatency(w.Latency)
	m.decodeAuthor(fields(w.Author), boolean(w.IsAgent) || str(w.AgentID) != "")
	if len(w.Tags) > 0 {
		var tags struct {
			Message json.RawMessage `json:"messageTags"`
			User    json.RawMessage `json:"userTags"`
			Session json.RawMessage `json:"sessionTags"`
			AltText json.RawMessage `json:"altText"`
		}
		if decodeInto(w.Tags, []string{"messageTags", "userTags", "sessionTags", "altText"},
			[]*json.RawMessage{&tags.Message, &tags.User, &tags.Session, &tags.AltText}) {
			m.MessageTags = decodeTags(tags.Message)
			m.UserTags = decodeTags(tags.User)
			m.SessionTags = decodeTags(tags.Session)
			m.AltText = altText(tags.AltText)
		}
	}
	for _, c := range w.Components {
		var comp Component
		comp.decode(c)
		m.Components = append(m.Components, comp)
		m.agent = m.agent || IsLiveAgent(comp)
	}
	return nil
}

// decodeAuthor reads the author object. Kore documents author types
// (EVENT, FORM, SYSTEM) and an agent id (aId); its web SDK takes a
// message for an agent's when the author has a firstName or lastName, and
// shows that name. Older spellings (type "agent", name) are read too.
func (m *Message) decodeAuthor(author map[string]json.RawMessage, agentFlag bool) {
	m.AuthorType = str(author["type"])
	name := strings.TrimSpace(Visible(str(author["firstName"])) + " " + Visible(str(author["lastName"])))
	m.agent = agentFlag || name != "" || str(author["aId"]) != "" || strings.EqualFold(m.AuthorType, "agent")
	if !m.agent {
		return
	}
	if name == "" {
		name = Visible(firstOf(author, "name", "displayName", "aId", "id"))
	}
	m.AgentName = name
}

// altText reads tags.altText: [{name, value}], a list of strings, or one.
func altText(raw json.RawMessage) string {
	var parts []string
	for _, t := range decodeTags(raw) {
		if t.Value != "" {
			parts = append(parts, t.Value)
		}
	}
	if len(parts) == 0 {
		parts = strs(raw)
	}
	return Visible(strings.Join(parts, " "))
}

var messageType = reflect.TypeOf(Message{})

// Component is one part of a message: {_id, cT, data, thumbnails}. Data and
// Raw are kept verbatim; Parse turns them into a typed Part.
type Component struct {
	ID   string
	Type string // cT: text, image, audio, …
	Data json.RawMessage
	Raw  json.RawMessage
}

// UnmarshalJSON keeps the component's raw JSON and its data; a component
// that is not an object is kept whole, to be shown as unknown.
func (c *Component) UnmarshalJSON(b []byte) error {
	c.decode(append(json.RawMessage(nil), b...))
	return nil
}

func (c *Component) decode(raw json.RawMessage) {
	var w struct {
		ID   json.RawMessage `json:"_id"`
		Type json.RawMessage `json:"cT"`
		Data json.RawMessage `json:"data"`
	}
	if !decodeInto(raw, []string{"_id", "cT", "data"}, []*json.RawMessage{&w.ID, &w.Type, &w.Data}) {
		*c = Component{Raw: raw} // no data: Parse shows it as unknown
		return
	}
	*c = Component{ID: str(w.ID), Type: strings.ToLower(str(w.Type)), Data: w.Data, Raw: raw}
	if len(c.Data) == 0 {
		c.Data = nil
	}
}
