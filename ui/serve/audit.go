package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// Record is one line of the audit log (JSON Lines). It names who did
// what and when; it never holds message text, a secret or a token.
type Record struct {
	Time        time.Time `json:"time"`
	Event       string    `json:"event"` // connect, refused, open, search, history, copy, export, disconnect, shutdown
	Engineer    string    `json:"engineer,omitempty"`
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
}

func (a *auditLog) write(r Record) {
	r.Time = a.now().UTC()
	b, err := json.Marshal(r)
	if err != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.w.Write(append(b, '\n')); err != nil && a.err == nil {
		a.err = fmt.Errorf("audit log: %w", err)
	}
}
