package api_test

import (
	"context"
	"encoding/json"
	"sort"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/model"
)

func readTranscript(t *testing.T, c *api.Client, s model.Session) []model.Message {
	t.Helper()
	p := c.Transcript(s)
	var out []model.Message
	for i := 0; ; i++ {
		page, err := p.Next(context.Background())
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		out = append(out, page.Messages...)
		if page.Done {
			if p.Total() != len(out) {
				t.Errorf("total %d, read %d", p.Total(), len(out))
			}
			return out
		}
	}
}

func lookup(t *testing.T, c *api.Client, id string) model.Session {
	t.Helper()
	page, err := c.Sessions(model.Filter{SessionIDs: []string{id}}).Next(context.Background())
	if err != nil || len(page.Sessions) != 1 {
		t.Fatalf("lookup %s: %v %v", id, page, err)
	}
	return page.Sessions[0]
}

func TestTranscriptPagerOldestFirst(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	for _, id := range []string{"showcase-everything", "showcase-long-2000", "showcase-voice"} {
		s := lookup(t, c, id)
		msgs := readTranscript(t, c, s)
		if len(msgs) != s.Messages {
			t.Errorf("%s: %d messages, session says %d", id, len(msgs), s.Messages)
		}
		if !sort.SliceIsSorted(msgs, func(i, j int) bool { return msgs[i].Created.Before(msgs[j].Created) }) {
			t.Errorf("%s: not oldest first", id)
		}
	}
}

func TestOldTranscriptNeedsItsOwnDateRange(t *testing.T) {
	t.Parallel()
	// The API defaults to the last 7 days; a 25-day-old session must still
	// come back whole.
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	var old *koretest.Session
	for _, s := range srv.Corpus().Sessions() {
		if anchor.Sub(s.Start) > 25*24*time.Hour && s.Channel == "msteams" {
			old = s
			break
		}
	}
	msgs := readTranscript(t, c, lookup(t, c, old.ID))
	if len(msgs) != old.Messages {
		t.Fatalf("%d of %d messages", len(msgs), old.Messages)
	}
}

func TestBatchedTranscriptsMatchOneByOne(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	sessions := drain(t, c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -20), To: anchor}}))[:180]
	srv.ResetLog()
	batched, err := c.Transcripts(context.Background(), sessions, api.Prefetch)
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.CountOp("getMessages", 0)
	total := 0
	for _, s := range sessions[:25] {
		one := readTranscript(t, c, s)
		got := batched[s.ID]
		if len(one) != len(got) {
			t.Fatalf("%s: batched %d, one by one %d", s.ID, len(got), len(one))
		}
		for i := range one {
			if one[i].ID != got[i].ID {
				t.Fatalf("%s: message %d differs", s.ID, i)
			}
		}
	}
	for _, s := range sessions {
		total += len(batched[s.ID])
		if len(batched[s.ID]) != s.Messages {
			t.Errorf("%s: %d of %d messages", s.ID, len(batched[s.ID]), s.Messages)
		}
	}
	// The floor is one call per 100 messages; batching by channel and
	// window adds a few partial pages. One call per session would need at
	// least one call per session.
	if limit := total/100 + 2*(len(sessions)/50+1) + 10; calls > limit || calls >= len(sessions) {
		t.Errorf("%d calls for %d sessions (%d messages): not batched (limit %d)", calls, len(sessions), total, limit)
	}
	t.Logf("%d sessions, %d messages: %d batched calls", len(sessions), total, calls)
}

func TestBatchRequestsNameAtMost50Sessions(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	sessions := drain(t, c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}}))
	srv.ResetLog()
	if _, err := c.Transcripts(context.Background(), sessions, api.Prefetch); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		var body struct {
			SessionID []string `json:"sessionId"`
			DateFrom  string   `json:"dateFrom"`
			DateTo    string   `json:"dateTo"`
		}
		_ = json.Unmarshal(r.Body, &body)
		if len(body.SessionID) > 50 || len(body.SessionID) == 0 {
			t.Fatalf("a call named %d sessions", len(body.SessionID))
		}
		from, _ := time.Parse(time.RFC3339, body.DateFrom)
		to, _ := time.Parse(time.RFC3339, body.DateTo)
		if to.Sub(from) >= 7*24*time.Hour {
			t.Fatalf("a call spanned %v", to.Sub(from))
		}
		if r.Status != 200 {
			t.Fatalf("status %d", r.Status)
		}
	}
}
