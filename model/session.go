package model

import (
	"encoding/json"
	"reflect"
	"sort"
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

// sessionWire is a session's members as sent. RawMessage fields accept a
// value of any shape, so one odd field cannot fail the decoding; the
// lenient readers then take what they can from each.
type sessionWire struct {
	SessionID       json.RawMessage `json:"sessionId"`
	AltID           json.RawMessage `json:"_id"`
	BotID           json.RawMessage `json:"botId"`
	Channel         json.RawMessage `json:"channel"`
	UserID          json.RawMessage `json:"userId"`
	Start           json.RawMessage `json:"start_time"`
	End             json.RawMessage `json:"end_time"`
	Lang            json.RawMessage `json:"session_lang"`
	SessionType     json.RawMessage `json:"sessionType"`
	ContainmentType json.RawMessage `json:"containmentType"`
	IsDeveloper     json.RawMessage `json:"isDeveloper"`
	Status          json.RawMessage `json:"sessionStatus"`
	Messages        json.RawMessage `json:"noOfMessagesExchanged"`
	Tasks           json.RawMessage `json:"noOfTasksExecuted"`
	Tags            json.RawMessage `json:"tags"`
}

// scan is json.Unmarshal(raw, w), without its reflection and copies.
func (w *sessionWire) scan(raw []byte) bool {
	names := [...]string{"sessionId", "_id", "botId", "channel", "userId", "start_time", "end_time", "session_lang", "sessionType",
		"containmentType", "isDeveloper", "sessionStatus", "noOfMessagesExchanged", "noOfTasksExecuted", "tags"}
	to := [...]*json.RawMessage{&w.SessionID, &w.AltID, &w.BotID, &w.Channel, &w.UserID, &w.Start, &w.End, &w.Lang, &w.SessionType,
		&w.ContainmentType, &w.IsDeveloper, &w.Status, &w.Messages, &w.Tasks, &w.Tags}
	return decodeInto(raw, names[:], to[:])
}

// UnmarshalJSON decodes tolerantly: wrong shapes leave a field empty, and
// only a value that is not a JSON object at all is an error.
func (s *Session) UnmarshalJSON(b []byte) error {
	return s.decode(append(json.RawMessage(nil), b...))
}

// decode reads a session from raw, which it keeps as Session.Raw.
func (s *Session) decode(raw json.RawMessage) error {
	var w sessionWire
	if !w.scan(raw) {
		return &json.UnmarshalTypeError{Value: "non-object", Type: sessionType}
	}
	*s = Session{
		ID:          str(w.SessionID),
		BotID:       str(w.BotID),
		Channel:     str(w.Channel),
		UserID:      str(w.UserID),
		Start:       timestamp(w.Start),
		End:         timestamp(w.End),
		Languages:   strs(w.Lang),
		IsDeveloper: boolean(w.IsDeveloper),
		Status:      str(w.Status),
		Messages:    integer(w.Messages),
		Tasks:       integer(w.Tasks),
		Raw:         raw,
	}
	if s.ID == "" {
		s.ID = str(w.AltID)
	}
	if ct := str(w.ContainmentType); ct != "" {
		if c, err := ParseContainment(ct); err == nil {
			s.Containment, s.ContainmentKnown = c, true
		}
	}
	// v9 samples put the containment in sessionType; v10 puts
	// interactive/non-interactive there. Accept either.
	rawType := str(w.SessionType)
	if t, err := ParseSessionType(rawType); err == nil {
		s.Type = t
	} else if c, err := ParseContainment(rawType); err == nil && !s.ContainmentKnown {
		s.Containment, s.ContainmentKnown = c, true
	}
	if len(w.Tags) > 0 {
		var tags struct {
			User    json.RawMessage `json:"userTags"`
			Session json.RawMessage `json:"sessionTags"`
			Alt     json.RawMessage `json:"altText"`
		}
		if decodeInto(w.Tags, []string{"userTags", "sessionTags", "altText"}, []*json.RawMessage{&tags.User, &tags.Session, &tags.Alt}) {
			s.UserTags = decodeTags(tags.User)
			s.SessionTags = decodeTags(tags.Session)
			s.AltText = decodeTags(tags.Alt)
		}
	}
	return nil
}

var sessionType = reflect.TypeOf(Session{})

// decodeTags reads [{name, value}] (value may be a string, number or an
// array of them) and also a plain {name: value} object.
func decodeTags(raw json.RawMessage) []Tag {
	var out []Tag
	for _, f := range objects(raw) {
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

// sortTags orders tags read from a JSON object, whose member order Go's
// decoder does not keep, so output is the same on every run.
func sortTags(tags []Tag) {
	sort.Slice(tags, func(i, j int) bool {
		if tags[i].Name != tags[j].Name {
			return tags[i].Name < tags[j].Name
		}
		return tags[i].Value < tags[j].Value
	})
}
