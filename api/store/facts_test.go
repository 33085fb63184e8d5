package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"konvo/api/store"
	"konvo/model"
)

// TestFactsOfWhatWentWrong: slow voice turns and failed tasks are kept
// with each transcript, so a list can show them and a view find them
// without reading transcripts; each agrees with the transcript itself.
func TestFactsOfWhatWentWrong(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 60)
	ctx := context.Background()
	slow := 2 * time.Second
	// Voice transcripts as the client asks for them: with latency.
	for _, ks := range f.corpus.Sessions() {
		var msgs []model.Message
		with := false
		for _, km := range f.corpus.Transcript(ks) {
			raw := km.Raw
			if km.WithLatency != nil {
				raw, with = km.WithLatency, true
			}
			var m model.Message
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			msgs = append(msgs, m)
		}
		if with {
			if err := f.st.PutTranscript(ctx, ks.ID, store.APIMessages, msgs); err != nil {
				t.Fatal(err)
			}
		}
	}
	var ids []string
	for _, s := range f.sessions {
		ids = append(ids, s.ID)
	}
	facts, err := f.st.Facts(ctx, ids, slow)
	if err != nil {
		t.Fatal(err)
	}
	slowOnes, failedOnes := 0, 0
	for _, id := range ids {
		tr, ok, err := f.st.Transcript(ctx, id)
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", id, ok, err)
		}
		want := model.Facts{FailedSeq: -1, WorstSeq: -1}
		for i, m := range tr.Messages {
			if ms := m.TurnMillis(); ms > 0 {
				d := time.Duration(ms) * time.Millisecond
				if d > slow {
					want.SlowTurns++
				}
				if d > want.Worst {
					want.Worst, want.WorstSeq = d, i
				}
			}
		}
		failure, failed := model.FirstFailure(tr.Messages)
		want.FailedSeq, want.FailedTask, want.FailedText, want.Failed = failure.Seq, failure.Task, failure.Text, failed
		if got := facts[id]; got != want {
			t.Errorf("%s: facts %+v, the transcript says %+v", id, got, want)
		}
		if want.SlowTurns > 0 {
			slowOnes++
		}
		if want.Failed {
			failedOnes++
		}
	}
	if ft := facts["showcase-oddities"]; ft.FailedTask != "Transfer Funds" || ft.FailedText == "" || ft.FailedSeq != 1 {
		t.Errorf("the oddities' failure: %+v", ft)
	}
	if slowOnes == 0 || failedOnes == 0 {
		t.Fatalf("the fixture has %d sessions with slow turns and %d with a failure: nothing to test", slowOnes, failedOnes)
	}
	got, err := f.st.SlowSessions(ctx, month, slow)
	if err != nil || len(got) != slowOnes {
		t.Errorf("SlowSessions: %d, want %d (%v)", len(got), slowOnes, err)
	}
}
