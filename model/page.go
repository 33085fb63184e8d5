package model

import (
	"encoding/json"
	"errors"
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
	// Received is how many entries the server sent, readable or not: a
	// pager advances skip by it. Unreadable counts those skipped.
	Received, Unreadable int
}

// MessagesPage is one getMessages response.
type MessagesPage struct {
	Total         int
	MoreAvailable bool
	MoreKnown     bool
	Messages      []Message
	// Received and Unreadable are as in SessionsPage.
	Received, Unreadable int
}

// pageWire is a page's envelope. Items stay raw: each is decoded alone, so
// one that is not an object is skipped, not fatal.
type pageWire struct {
	Total         json.RawMessage   `json:"total"`
	MoreAvailable json.RawMessage   `json:"moreAvailable"`
	Sessions      entries           `json:"sessions"`
	Messages      entries           `json:"messages"`
	Invalid       []json.RawMessage `json:"invalidSessions"`
}

// entries is a page's list of records, remembering whether the member was
// there at all: a 200 without it is a broken answer, not an empty page.
type entries struct {
	items   []json.RawMessage
	present bool
}

func (e *entries) UnmarshalJSON(b []byte) error {
	e.present = true
	return json.Unmarshal(b, &e.items)
}

// scan is json.Unmarshal(body, w) when that would succeed, and false
// otherwise.
func (w *pageWire) scan(body []byte) bool {
	var sessions, messages, invalid json.RawMessage
	names := [...]string{"total", "moreAvailable", "sessions", "messages", "invalidSessions"}
	to := [...]*json.RawMessage{&w.Total, &w.MoreAvailable, &sessions, &messages, &invalid}
	if !decodeInto(body, names[:], to[:]) {
		return false
	}
	// A list that is no array fails encoding/json.
	list := func(raw json.RawMessage) ([]json.RawMessage, bool) {
		if len(raw) == 0 || string(raw) == "null" {
			return nil, true
		}
		return splitArray(raw), raw[0] == '['
	}
	sessionItems, ok1 := list(sessions)
	messageItems, ok2 := list(messages)
	invalidItems, ok3 := list(invalid)
	w.Sessions = entries{items: sessionItems, present: len(sessions) > 0}
	w.Messages = entries{items: messageItems, present: len(messages) > 0}
	w.Invalid = invalidItems
	return ok1 && ok2 && ok3
}

// ErrMissingMember is wrapped by the decoders when a 200 response lacks
// the list it should hold.
var ErrMissingMember = errors.New("the response has no list of records")

// decodePage reads the envelope, falling back member by member when a
// member has a shape the struct cannot take (sessions sent as an object).
func decodePage(body []byte, what string) (pageWire, error) {
	var w pageWire
	if w.scan(body) {
		return w, nil
	}
	f := fields(body)
	if f == nil {
		return w, fmt.Errorf("%s page: not a JSON object (%d bytes)", what, len(body))
	}
	member := func(k string) entries {
		v, ok := f[k]
		return entries{items: array(v), present: ok}
	}
	return pageWire{Total: f["total"], MoreAvailable: f["moreAvailable"], Sessions: member("sessions"),
		Messages: member("messages"), Invalid: array(f["invalidSessions"])}, nil
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
	if !w.Sessions.present {
		return SessionsPage{}, fmt.Errorf("sessions page: %w (no \"sessions\" member)", ErrMissingMember)
	}
	p := SessionsPage{Total: integer(w.Total), Sessions: make([]Session, 0, len(w.Sessions.items)), Received: len(w.Sessions.items)}
	p.MoreAvailable, p.MoreKnown = w.more()
	for _, it := range w.Sessions.items {
		var s Session
		if s.decode(it) == nil {
			p.Sessions = append(p.Sessions, s)
		} else {
			p.Unreadable++
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
	if !w.Messages.present {
		return MessagesPage{}, fmt.Errorf("messages page: %w (no \"messages\" member)", ErrMissingMember)
	}
	p := MessagesPage{Total: integer(w.Total), Messages: make([]Message, 0, len(w.Messages.items)), Received: len(w.Messages.items)}
	p.MoreAvailable, p.MoreKnown = w.more()
	for _, it := range w.Messages.items {
		var m Message
		if m.decode(it) == nil {
			p.Messages = append(p.Messages, m)
		} else {
			p.Unreadable++
		}
	}
	return p, nil
}
