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
	// AgentName is the agent's name when the data gives one.
	AgentName string
	// Latency is a voice bot turn's timing, when getMessages was asked
	// for it (includeLatency) and sent it.
	Latency Latency

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

// UnmarshalJSON decodes tolerantly, like Session.
func (m *Message) UnmarshalJSON(b []byte) error {
	return m.decode(append(json.RawMessage(nil), b...))
}

func (m *Message) decode(raw json.RawMessage) error {
	var w messageWire
	if err := json.Unmarshal(raw, &w); err != nil {
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
	author := fields(w.Author)
	m.agent = boolean(w.IsAgent) || str(w.AgentID) != "" || strings.EqualFold(str(author["type"]), "agent")
	if m.agent {
		m.AgentName = firstOf(author, "name", "displayName", "id")
	}
	if len(w.Tags) > 0 {
		var tags struct {
			Message json.RawMessage `json:"messageTags"`
			User    json.RawMessage `json:"userTags"`
			Session json.RawMessage `json:"sessionTags"`
		}
		if json.Unmarshal(w.Tags, &tags) == nil {
			m.MessageTags = decodeTags(tags.Message)
			m.UserTags = decodeTags(tags.User)
			m.SessionTags = decodeTags(tags.Session)
		}
	}
	for _, c := range w.Components {
		var comp Component
		comp.decode(c)
		m.Components = append(m.Components, comp)
	}
	return nil
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
	if json.Unmarshal(raw, &w) != nil {
		*c = Component{Raw: raw} // no data: Parse shows it as unknown
		return
	}
	*c = Component{ID: str(w.ID), Type: strings.ToLower(str(w.Type)), Data: w.Data, Raw: raw}
	if len(c.Data) == 0 {
		c.Data = nil
	}
}
