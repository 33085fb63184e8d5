package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/export"
	"konvo/api/koretest"
	"konvo/model"
)

// TestTranscriptBatchesSpanPages: an export with transcripts gathers
// sessions across getSessions pages, so its batches are full. Through v1
// the 100-message page bounds what that saves: 30 days of 500 sessions
// took 64 getMessages calls batched page by page, 62 across pages (sync
// through v2 takes 23).
func TestTranscriptBatchesSpanPages(t *testing.T) {
	anchor := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Days: 30, Sessions: 500})
	srv := koretest.InMemory(koretest.Options{Corpus: c, Now: clock})
	m, _ := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
	cl, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: c.BotID, Credentials: m, Limits: api.Limits{PerMinute: 100000}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	st, err := export.Run(context.Background(), cl, model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}}, &out, export.Options{Messages: true})
	if err != nil {
		t.Fatal(err)
	}
	if st.Sessions != 500 || strings.Count(out.String(), "\n") != 500 {
		t.Fatalf("exported %d sessions", st.Sessions)
	}
	calls, pages := srv.CountOp("getMessages", 0), srv.CountOp("getSessions", 0)
	t.Logf("500 sessions over 30 days with transcripts: %d getSessions + %d getMessages requests", pages, calls)
	if calls > 70 {
		t.Errorf("%d getMessages calls: batches are not full", calls)
	}
}

// TestAnInterruptedExportKeepsWhatArrivedWhole: a failure in the middle
// of an export with transcripts kept 0 sessions (250 gathered, one batch
// failed) and --resume started at 0. The sessions whose transcripts
// arrived whole are written; a resume skips them and writes the rest,
// each session once.
func TestAnInterruptedExportKeepsWhatArrivedWhole(t *testing.T) {
	anchor := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Days: 6, Sessions: 300})
	srv := koretest.InMemory(koretest.Options{Corpus: c, Now: clock, Faults: koretest.Faults{FailMessagesAfter: 4}})
	m, _ := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
	cl, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: c.BotID, Credentials: m,
		Limits: api.Limits{PerMinute: 100000}, Now: clock, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	f := model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -6), To: anchor}}
	var out bytes.Buffer
	st, err := export.Run(context.Background(), cl, f, &out, export.Options{Messages: true})
	if err == nil {
		t.Fatal("the export did not fail")
	}
	if st.Sessions == 0 || strings.Count(out.String(), "\n") != st.Sessions {
		t.Fatalf("kept %d sessions (%d lines) before the failure", st.Sessions, strings.Count(out.String(), "\n"))
	}
	done := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var rec struct {
			ID       string            `json:"sessionId"`
			Messages []json.RawMessage `json:"messages"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Messages == nil {
			t.Fatalf("a line kept without its whole transcript: %.120s", line)
		}
		done[rec.ID] = true
	}
	srv.SetFaults(koretest.Faults{})
	var rest bytes.Buffer
	again, err := export.Run(context.Background(), cl, f, &rest, export.Options{Messages: true, Skip: done})
	if err != nil {
		t.Fatal(err)
	}
	if again.Skipped != len(done) || st.Sessions+again.Sessions != len(c.Sessions()) {
		t.Errorf("resume skipped %d, wrote %d; first run %d; %d sessions in all", again.Skipped, again.Sessions, st.Sessions, len(c.Sessions()))
	}
}
