package model

import (
	"encoding/json"
	"time"
)

// Tag is one name/value pair from a session's or message's tags.
type Tag struct {
	Name  string
	Value string
}

// Session is one conversation session as getSessions reports it. Raw keeps
// the object exactly as the server sent it, so exports and the raw view
// lose nothing the typed fields leave out.
type Session struct {
	ID          string
	BotID       string
	Channel     string
	UserID      string
	Start       time.Time
	End         time.Time
	Languages   []string
	Type        SessionType
	Containment Containment
	// ContainmentKnown is false when the server sent no usable containment
	// (some real responses omit it).
	ContainmentKnown bool
	IsDeveloper      bool
	Status           string
	UserTags         []Tag
	SessionTags      []Tag
	AltText          []Tag
	Messages         int
	Tasks            int

	Raw json.RawMessage
}

// Duration is the session's length; zero when either end is unknown.
func (s Session) Duration() time.Duration {
	if s.Start.IsZero() || s.End.IsZero() || s.End.Before(s.Start) {
		return 0
	}
	return s.End.Sub(s.Start)
}

// UnmarshalJSON decodes tolerantly: wrong shapes leave a field empty, and
// only a value that is not a JSON object at all is an error.
func (s *Session) UnmarshalJSON(b []byte) error {
	f := fields(b)
	if f == nil {
		return &json.UnmarshalTypeError{Value: "non-object", Type: sessionType}
	}
	*s = Session{
		ID:          str(f["sessionId"]),
		BotID:       str(f["botId"]),
		Channel:     str(f["channel"]),
		UserID:      str(f["userId"]),
		Start:       timestamp(f["start_time"]),
		End:         timestamp(f["end_time"]),
		Languages:   strs(f["session_lang"]),
		IsDeveloper: boolean(f["isDeveloper"]),
		Status:      str(f["sessionStatus"]),
		Messages:    integer(f["noOfMessagesExchanged"]),
		Tasks:       integer(f["noOfTasksExecuted"]),
		Raw:         append(json.RawMessage(nil), b...),
	}
	if s.ID == "" {
		s.ID = str(f["_id"])
	}
	if c, err := ParseContainment(str(f["containmentType"])); err == nil && str(f["containmentType"]) != "" {
		s.Containment, s.ContainmentKnown = c, true
	}
	// v9 samples put the containment in sessionType; v10 puts
	// interactive/non-interactive there. Accept either.
	rawType := str(f["sessionType"])
	if t, err := ParseSessionType(rawType); err == nil {
		s.Type = t
	} else if c, err := ParseContainment(rawType); err == nil && !s.ContainmentKnown {
		s.Containment, s.ContainmentKnown = c, true
	}
	if tags := fields(f["tags"]); tags != nil {
		s.UserTags = decodeTags(tags["userTags"])
		s.SessionTags = decodeTags(tags["sessionTags"])
		s.AltText = decodeTags(tags["altText"])
	}
	return nil
}

var sessionType = reflectTypeOf[Session]()

// decodeTags reads [{name, value}] (value may be a string, number or an
// array of them) and also a plain {name: value} object.
func decodeTags(raw json.RawMessage) []Tag {
	var out []Tag
	for _, item := range array(raw) {
		f := fields(item)
		if f == nil {
			continue
		}
		name := str(f["name"])
		vals := strs(f["value"])
		if len(vals) == 0 {
			vals = strs(f["values"])
		}
		if len(vals) == 0 {
			out = append(out, Tag{Name: name})
		}
		for _, v := range vals {
			out = append(out, Tag{Name: name, Value: v})
		}
	}
	if out == nil {
		if f := fields(raw); f != nil {
			for k, v := range f {
				out = append(out, Tag{Name: k, Value: str(v)})
			}
			sortTags(out)
		}
	}
	return out
}
