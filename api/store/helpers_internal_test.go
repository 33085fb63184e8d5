package store

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"konvo/model"
)

// openAt is a new store of host https://h.example and bot b whose clock
// reads now (nil: the real one), closed when the test ends.
func openAt(t *testing.T, now time.Time) *Store {
	t.Helper()
	var clock func() time.Time
	if !now.IsZero() {
		clock = func() time.Time { return now }
	}
	st, err := Open(t.TempDir(), "https://h.example", "b", clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sessionAt is session id of user u, started at start, as the server
// sends it.
func sessionAt(t *testing.T, id string, start time.Time) model.Session {
	t.Helper()
	var s model.Session
	if err := json.Unmarshal(fmt.Appendf(nil, `{"sessionId":%q,"userId":"u","start_time":%q}`, id, start.Format(time.RFC3339)), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// saying is message id, the user's, saying text.
func saying(t *testing.T, id, text string) model.Message {
	t.Helper()
	var m model.Message
	if err := json.Unmarshal(fmt.Appendf(nil, `{"_id":%q,"type":"incoming","components":[{"cT":"text","data":{"text":%q}}]}`, id, text), &m); err != nil {
		t.Fatal(err)
	}
	return m
}
