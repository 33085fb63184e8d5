package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"konvo/model"
)

// Record is one line of the audit log (JSON Lines). It names who did
// what and when; it never holds message text, a secret or a token.
type Record struct {
	Time        time.Time `json:"time"`
	Event       string    `json:"event"` // connect, refused, open, search, history, copy, export, disconnect, shutdown
	Engineer    string    `json:"engineer,omitempty"`
	Login       string    `json:"login,omitempty"`       // the user name a client offered, cut short: the client's words, not a name konvo vouches for
	Fingerprint string    `json:"fingerprint,omitempty"` // SHA256:…
	Remote      string    `json:"remote,omitempty"`
	Session     string    `json:"session,omitempty"` // a conversation session id
	Query       string    `json:"query,omitempty"`
	What        string    `json:"what,omitempty"`
	Bytes       int       `json:"bytes,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Duration    string    `json:"duration,omitempty"`
}

// auditLog writes records, one whole line per write, from any goroutine.
type auditLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
	err error // the first write error, reported by Err
	// loud tells the operator at once when writing starts failing.
	loud    func(error)
	failing bool
}

// write appends a record; the error says it could not be written, and
// the operator is told the moment writing starts to fail.
func (a *auditLog) write(r Record) error {
	r.Time = a.now().UTC()
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.w.Write(append(b, '\n')); err != nil {
		err = fmt.Errorf("audit log: %w", err)
		if a.err == nil {
			a.err = err
		}
		if !a.failing && a.loud != nil {
			a.loud(err)
		}
		a.failing = true
		return err
	}
	a.failing = false
	return nil
}

// maxClientText bounds what a client's words may take in a record.
const maxClientText = 64

// clientText is text a client chose (a login name), made one safe line of
// at most maxClientText bytes.
func clientText(s string) string {
	s = model.Line(s)
	if len(s) <= maxClientText {
		return s
	}
	cut := maxClientText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
