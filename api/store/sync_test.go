package store_test

import (
	"context"
	"testing"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/store"
	"konvo/model"
)

// TestSyncThenOnlyWhatIsNew: a sync stores the range whole; a second one
// asks only for recent sessions and transcripts that may have grown.
func TestSyncThenOnlyWhatIsNew(t *testing.T) {
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 5, End: anchor, Days: 30, Sessions: 300})
	srv := koretest.InMemory(koretest.Options{Corpus: c, Now: clock})
	m, err := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: c.BotID, Credentials: m, Limits: api.Limits{PerMinute: 100000}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir(), srv.URL(), c.BotID, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	r := model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}
	first, err := store.Sync(ctx, cl, st, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := st.Sessions(ctx, model.Filter{Range: r})
	if len(stored) != len(c.Sessions()) || first.TranscriptsWanted != len(stored) {
		t.Fatalf("stored %d of %d sessions, wanted %d transcripts", len(stored), len(c.Sessions()), first.TranscriptsWanted)
	}
	for _, s := range stored {
		if _, ok, _ := st.Transcript(ctx, s.ID); !ok {
			t.Fatalf("no transcript of %s", s.ID)
		}
	}
	t.Logf("first sync: %+v", first)
	second, err := store.Sync(ctx, cl, st, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second sync: %+v", second)
	if second.Requests >= first.Requests/4 {
		t.Errorf("the second sync made %d requests (the first %d)", second.Requests, first.Requests)
	}
}
