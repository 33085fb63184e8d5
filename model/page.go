package model

import (
	"encoding/json"
	"fmt"
)

// SessionsPage is one getSessions response.
type SessionsPage struct {
	Total int
	// MoreAvailable is the server's word; MoreKnown is false when the
	// response did not say, and the caller must judge by the page size.
	MoreAvailable bool
	MoreKnown     bool
	Sessions      []Session
	// Invalid lists requested session ids the server did not know.
	Invalid []string
}

// MessagesPage is one getMessages response.
type MessagesPage struct {
	Total         int
	MoreAvailable bool
	MoreKnown     bool
	Messages      []Message
}

// DecodeSessionsPage reads a getSessions response. Only a body that is not
// a JSON object is an error; entries that are not objects are skipped.
func DecodeSessionsPage(body []byte) (SessionsPage, error) {
	f := fields(body)
	if f == nil {
		return SessionsPage{}, fmt.Errorf("sessions page: not a JSON object (%d bytes)", len(body))
	}
	items := array(f["sessions"])
	p := SessionsPage{Total: integer(f["total"]), Sessions: make([]Session, 0, len(items))}
	p.MoreAvailable, p.MoreKnown = more(f)
	for _, it := range items {
		var s Session
		if s.UnmarshalJSON(it) == nil {
			p.Sessions = append(p.Sessions, s)
		}
	}
	for _, it := range array(f["invalidSessions"]) {
		if id := str(it); id != "" {
			p.Invalid = append(p.Invalid, id)
		} else if id := str(fields(it)["sessionId"]); id != "" {
			p.Invalid = append(p.Invalid, id)
		}
	}
	return p, nil
}

// DecodeMessagesPage reads a getMessages response, like DecodeSessionsPage.
func DecodeMessagesPage(body []byte) (MessagesPage, error) {
	f := fields(body)
	if f == nil {
		return MessagesPage{}, fmt.Errorf("messages page: not a JSON object (%d bytes)", len(body))
	}
	items := array(f["messages"])
	p := MessagesPage{Total: integer(f["total"]), Messages: make([]Message, 0, len(items))}
	p.MoreAvailable, p.MoreKnown = more(f)
	for _, it := range items {
		var m Message
		if m.UnmarshalJSON(it) == nil {
			p.Messages = append(p.Messages, m)
		}
	}
	return p, nil
}

func more(f map[string]json.RawMessage) (more, known bool) {
	raw, ok := f["moreAvailable"]
	if !ok || string(raw) == "null" {
		return false, false
	}
	return boolean(raw), true
}
