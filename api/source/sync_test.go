package source_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
)

// TestSyncThenOnlyWhatIsNew: a sync stores the range whole; a second one
// asks only for recent sessions and transcripts that may have grown.
func TestSyncThenOnlyWhatIsNew(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 5, End: anchor, Days: 30, Sessions: 300})
	srv, cl := unpacedClient(t, c, clock)
	st, err := store.Open(t.TempDir(), srv.URL(), c.BotID, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	r := model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}
	first, err := source.Sync(ctx, cl, st, source.SyncOptions{Range: r, Via: api.MessagesV2})
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
	second, err := source.Sync(ctx, cl, st, source.SyncOptions{Range: r, Via: api.MessagesV2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second sync: %+v", second)
	if second.Requests >= first.Requests/4 {
		t.Errorf("the second sync made %d requests (the first %d)", second.Requests, first.Requests)
	}
}

// syncCount syncs a generated corpus of n sessions over days through
// via and returns what it took.
func syncCount(t *testing.T, n, days int, via api.MessagesAPI) source.SyncStats {
	t.Helper()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Days: days, Sessions: n})
	srv, cl := unpacedClient(t, c, clock)
	st, err := store.Open(t.TempDir(), srv.URL(), c.BotID, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := source.Sync(context.Background(), cl, st, source.SyncOptions{Range: model.Range{From: anchor.AddDate(0, 0, -days), To: anchor}, Via: via})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Requests != len(srv.Requests()) {
		t.Errorf("counted %d requests, the server saw %d", stats.Requests, len(srv.Requests()))
	}
	return stats
}

// TestSyncRequestBudget: 30 days of 500 sessions in at most 40 requests
// through v2, and 1,000 sessions of about 17 messages in about a minute
// of the bot's budget (60 requests).
func TestSyncRequestBudget(t *testing.T) {
	t.Parallel()
	month := syncCount(t, 500, 30, api.MessagesV2)
	t.Logf("500 sessions, 30 days, v2: %d requests, %d messages", month.Requests, month.Messages)
	if month.Requests > 40 {
		t.Errorf("30 days of 500 sessions took %d requests, want at most 40", month.Requests)
	}
	thousand := syncCount(t, 1000, 7, api.MessagesV2)
	t.Logf("1,000 sessions, 7 days, v2: %d requests, %d messages", thousand.Requests, thousand.Messages)
	if thousand.Requests > 70 {
		t.Errorf("1,000 sessions took %d requests, want about 60", thousand.Requests)
	}
	v1 := syncCount(t, 500, 30, api.MessagesV1)
	t.Logf("500 sessions, 30 days, v1: %d requests", v1.Requests)
}

// TestV2LeavesOutAlertsAndActions: what getMessagesV2 leaves out is
// really missing from a v2 sync, and a v1 sync keeps it; the stored
// transcript says which API it came through.
func TestV2LeavesOutAlertsAndActions(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 2, End: anchor, Days: 2, Sessions: 5, Showcase: true})
	srv, cl := unpacedClient(t, c, clock)
	ctx := context.Background()
	r := model.Range{From: anchor.AddDate(0, 0, -2), To: anchor}
	for _, via := range []api.MessagesAPI{api.MessagesV2, api.MessagesV1} {
		st, err := store.Open(t.TempDir(), srv.URL(), c.BotID, clock)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := source.Sync(ctx, cl, st, source.SyncOptions{Range: r, Via: via}); err != nil {
			t.Fatal(err)
		}
		tr, ok, err := st.Transcript(ctx, "showcase-oddities")
		st.Close()
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		var alerts int
		for _, m := range tr.Messages {
			if strings.Contains(model.Readable(m), "Alert:") || strings.Contains(model.Readable(m), "Action:") {
				alerts++
			}
		}
		want := 2
		if via == api.MessagesV2 {
			want = 0
		}
		if alerts != want || tr.API != via.String() {
			t.Errorf("%s: %d alert/action messages stored (want %d), marked %s", via, alerts, want, tr.API)
		}
	}
}

// unpacedClient is a client of an in-memory server of c, with no rate
// pacing: these tests count requests, they do not wait for them.
func unpacedClient(t *testing.T, c *koretest.Corpus, clock func() time.Time) (*koretest.Server, *api.Client) {
	t.Helper()
	srv := koretest.InMemory(koretest.Options{Corpus: c, Now: clock})
	m, err := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: c.BotID, Credentials: m, Limits: api.Limits{PerMinute: 100000}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return srv, cl
}

var anchor = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
