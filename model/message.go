package model

import (
	"encoding/json"
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
	SpeakerSystem
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
	Kind      int // the "ms" field: 0 alert, 1 text, 2 action, 3 other, 4 control
	Lang      string
	TraceID   string
	TaskName  string
	// agent is set when the data marks the message as an agent's; the API
	// documents no such flag, so several plausible spellings are read.
	agent bool

	MessageTags []Tag
	UserTags    []Tag
	SessionTags []Tag
	Components  []Component

	Raw json.RawMessage
}

// Speaker derives who spoke from the direction, the ms kind and any agent
// marker in the data.
func (m Message) Speaker() Speaker {
	switch {
	case m.Direction == "incoming":
		return SpeakerUser
	case m.agent:
		return SpeakerAgent
	case m.Kind == 0 && m.hasKind() || m.Kind == 2 || m.Kind == 4:
		return SpeakerSystem
	}
	return SpeakerBot
}

// hasKind reports whether ms was present: ms 0 means alert, but an absent
// ms must not turn every bot message into a system one.
func (m Message) hasKind() bool { return m.Kind != msAbsent && m.Kind >= 0 }

const msAbsent = -1

// UnmarshalJSON decodes tolerantly, like Session.
func (m *Message) UnmarshalJSON(b []byte) error {
	f := fields(b)
	if f == nil {
		return &json.UnmarshalTypeError{Value: "non-object", Type: messageType}
	}
	*m = Message{
		ID:        str(f["_id"]),
		Direction: strings.ToLower(str(f["type"])),
		Status:    str(f["status"]),
		CreatedBy: str(f["createdBy"]),
		Created:   timestamp(f["createdOn"]),
		SessionID: str(f["sessionId"]),
		BotID:     str(f["botId"]),
		UserID:    str(f["userId"]),
		Channel:   str(f["chnl"]),
		Kind:      msAbsent,
		Lang:      str(f["lang"]),
		TraceID:   str(f["traceId"]),
		TaskName:  str(f["tN"]),
		Raw:       append(json.RawMessage(nil), b...),
	}
	if _, ok := f["ms"]; ok {
		m.Kind = integer(f["ms"])
	}
	if m.Created.IsZero() {
		m.Created = timestamp(f["timestampValue"])
	}
	if m.Channel == "" {
		m.Channel = str(f["channel"])
	}
	if m.Channel == "" {
		for _, c := range array(f["channels"]) {
			if t := str(fields(c)["type"]); t != "" {
				m.Channel = t
				break
			}
		}
	}
	if m.ID == "" {
		m.ID = str(f["id"])
	}
	m.agent = boolean(f["isAgent"]) || str(f["agentId"]) != "" ||
		strings.EqualFold(str(fields(f["author"])["type"]), "agent")
	if tags := fields(f["tags"]); tags != nil {
		m.MessageTags = decodeTags(tags["messageTags"])
		m.UserTags = decodeTags(tags["userTags"])
		m.SessionTags = decodeTags(tags["sessionTags"])
	}
	for _, c := range array(f["components"]) {
		var comp Component
		if comp.UnmarshalJSON(c) == nil {
			m.Components = append(m.Components, comp)
		}
	}
	return nil
}

var messageType = reflectTypeOf[Message]()

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
	raw := append(json.RawMessage(nil), b...)
	f := fields(b)
	if f == nil {
		*c = Component{Raw: raw} // no data: Parse shows it as unknown
		return nil
	}
	*c = Component{ID: str(f["_id"]), Type: strings.ToLower(str(f["cT"])), Data: f["data"], Raw: raw}
	return nil
}
