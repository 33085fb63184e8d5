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

// pageWire is a page's envelope. Items stay raw: each is decoded alone, so
// one that is not an object is skipped, not fatal.
type pageWire struct {
	Total         json.RawMessage   `json:"total"`
	MoreAvailable json.RawMessage   `json:"moreAvailable"`
	Sessions      []json.RawMessage `json:"sessions"`
	Messages      []json.RawMessage `json:"messages"`
	Invalid       []json.RawMessage `json:"invalidSessions"`
}

// decodePage reads the envelope, falling back member by member when a
// member has a shape the struct cannot take (sessions sent as an object).
func decodePage(body []byte, what string) (pageWire, error) {
	var w pageWire
	if err := json.Unmarshal(body, &w); err == nil {
		return w, nil
	}
	f := fields(body)
	if f == nil {
		return w, fmt.Errorf("%s page: not a JSON object (%d bytes)", what, len(body))
	}
	return pageWire{Total: f["total"], MoreAvailable: f["moreAvailable"], Sessions: array(f["sessions"]),
		Messages: array(f["messages"]), Invalid: array(f["invalidSessions"])}, nil
}

func (w pageWire) more() (more, known bool) {
	if len(w.MoreAvailable) == 0 || string(w.MoreAvailable) == "null" {
		return false, false
	}
	return boolean(w.MoreAvailable), true
}

// DecodeSessionsPage reads a getSessions response. Only a body that is not
// a JSON object is an error; entries that are not objects are skipped.
func DecodeSessionsPage(body []byte) (SessionsPage, error) {
	w, err := decodePage(body, "sessions")
	if err != nil {
		return SessionsPage{}, err
	}
	p := SessionsPage{Total: integer(w.Total), Sessions: make([]Session, 0, len(w.Sessions))}
	p.MoreAvailable, p.MoreKnown = w.more()
	for _, it := range w.Sessions {
		var s Session
		if s.decode(it) == nil {
			p.Sessions = append(p.Sessions, s)
		}
	}
	for _, it := range w.Invalid {
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
	w, err := decodePage(body, "messages")
	if err != nil {
		return MessagesPage{}, err
	}
	p := MessagesPage{Total: integer(w.Total), Messages: make([]Message, 0, len(w.Messages))}
	p.MoreAvailable, p.MoreKnown = w.more()
	for _, it := range w.Messages {
		var m Message
		if m.decode(it) == nil {
			p.Messages = append(p.Messages, m)
		}
	}
	return p, nil
}
