package source_test

import (
	"context"
	"encoding/json"
	"testing"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
)

// TestSyncRemembersTheHostsLimits: what one sync learned of the host (how
// many ids a getMessagesV2 call may name, how large a getSessions page
// it gives) is where the next run's sync starts, not the safe 50 and
// 100 again; a remembered page on a host that has since stopped saying
// whether more remain costs one more ask a window, never a session.
func TestSyncRemembersTheHostsLimits(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 12, End: anchor, Days: 14, Sessions: 600})
	newest := model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}
	older := model.Range{From: anchor.AddDate(0, 0, -14), To: anchor.AddDate(0, 0, -7)}
	srv, first, st := storedClientWith(t, koretest.Options{Corpus: c, Now: clock})
	if _, err := source.Sync(context.Background(), first, st, source.SyncOptions{Range: newest, Via: api.MessagesV2}); err != nil {
		t.Fatal(err)
	}
	learned := first.Caps()
	if learned.SessionIDs <= 50 || learned.SessionPage <= 100 {
		t.Fatalf("the first sync learned %+v", learned)
	}
	seen := len(srv.Requests())
	// The next run: a new client, the same store.
	if _, err := source.Sync(context.Background(), clientOf(t, srv, clock), st, source.SyncOptions{Range: older, Via: api.MessagesV2}); err != nil {
		t.Fatal(err)
	}
	// Its first call names as many ids as were learned, or every session
	// of its channel in the range when there are fewer.
	inChannel := map[string]int{}
	for _, s := range c.Sessions() {
		if !s.Start.Before(older.From) && s.Start.Before(older.To) {
			inChannel[s.Channel]++
		}
	}
	var firstIDs, firstPage int
	var firstChannel string
	for _, req := range srv.Requests()[seen:] {
		var body struct {
			Limit       int
			SessionID   []string `json:"sessionId"`
			ChannelType string   `json:"channelType"`
		}
		_ = json.Unmarshal(req.Body, &body)
		switch {
		case req.Op == "getSessions" && firstPage == 0 && body.Limit > 1:
			firstPage = body.Limit
		case req.Op == "getMessagesV2" && firstIDs == 0:
			firstIDs, firstChannel = len(body.SessionID), body.ChannelType
		}
	}
	if want := min(learned.SessionIDs, inChannel[firstChannel]); firstPage != learned.SessionPage || firstIDs != want || want <= 50 {
		t.Errorf("the next sync's first page asked %d (learned %d), its first v2 call named %d ids of %s (want %d: learned %d, %d in the channel)",
			firstPage, learned.SessionPage, firstIDs, firstChannel, want, learned.SessionIDs, inChannel[firstChannel])
	}

	// A host that now cuts pages at 100 without saying more remain.
	quiet := koretest.InMemory(koretest.Options{Corpus: c, Now: clock, MaxSessionPage: 100, Faults: koretest.Faults{NoMoreAvailable: true}})
	t.Cleanup(quiet.Close)
	st2, err := store.Open(t.TempDir(), quiet.URL(), c.BotID, clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	b, _ := json.Marshal(api.HostCaps{SessionPage: 1000})
	if err := st2.Remember(context.Background(), "", "host_caps", "", b); err != nil {
		t.Fatal(err)
	}
	all := model.Range{From: anchor.AddDate(0, 0, -14), To: anchor}
	if _, err := source.Sync(context.Background(), clientOf(t, quiet, clock), st2, source.SyncOptions{Range: all, Via: api.MessagesV2}); err != nil {
		t.Fatal(err)
	}
	if stored, _ := st2.Sessions(context.Background(), model.Filter{Range: all}); len(stored) != len(c.Sessions()) {
		t.Errorf("a remembered page of 1,000 on a host that cuts at 100 silently: stored %d of %d sessions", len(stored), len(c.Sessions()))
	}
}
