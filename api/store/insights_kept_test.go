package store_test

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/api/store"
	"konvo/model"
)

// TestKeptCountsEqualTheRows: every figure the insights read from the
// counts the triggers keep equals the same figure counted from the
// sessions, transcripts and messages, after the writes a store meets:
// transcripts before their sessions and after them, a session whose
// containment and channel change, a transcript replaced by a shorter
// one, a user and a session erased, and ranges whose ends cut hours;
// filled as a sync fills it and as an import does (which writes the
// sessions it has not stored with the triggers aside and counts them
// at the end).
func TestKeptCountsEqualTheRows(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"synced", "imported"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			keptCountsAfterWrites(t, how == "imported")
		})
	}
}

func keptCountsAfterWrites(t *testing.T, imported bool) {
	ctx := context.Background()
	st, err := store.Open(t.TempDir(), "https://bots.kore.ai", koretest.DemoBotID, func() time.Time { return anchor })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := koretest.Generate(koretest.CorpusOptions{Seed: 5, End: anchor, Days: 30, Sessions: 400, Showcase: true, Patterns: true})
	var sessions []model.Session
	var late [][]model.Message
	var batch []store.Entry
	for i, ks := range c.Sessions() {
		ss, msgs := decoded(t, c, ks)
		sessions = append(sessions, ss)
		switch i % 3 {
		case 0: // the transcript first, as a lookup by id stores it
			if err := st.PutTranscript(ctx, ss.ID, store.APIMessages, msgs); err != nil {
				t.Fatal(err)
			}
		case 1: // after its session, as a sync stores it
			late = append(late, msgs)
		}
		// An import brings every transcript but the third's, whose
		// stored one (case 0) it leaves alone.
		batch = append(batch, store.Entry{Session: ss, Messages: msgs, HasMessages: i%3 != 2})
	}
	if imported {
		// Half stored already, a session of them with a record changed:
		// the import writes those one by one, the rest in bulk.
		if err := st.PutSessions(ctx, sessions[:len(sessions)/2]); err != nil {
			t.Fatal(err)
		}
		batch[5].Session.Raw = append([]byte(nil), batch[5].Session.Raw...)
		batch[5].Session.Raw[len(batch[5].Session.Raw)-1] = ' '
		batch[5].Session.Raw = append(batch[5].Session.Raw, '}')
		got, err := st.Import(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		if got.Sessions < len(sessions)/2 || got.Unchanged == 0 {
			t.Fatalf("import: %+v", got)
		}
	} else {
		if err := st.PutSessions(ctx, sessions); err != nil {
			t.Fatal(err)
		}
		for i, ss := range sessions {
			if i%3 == 1 {
				if err := st.PutTranscript(ctx, ss.ID, store.APIMessages, late[0]); err != nil {
					t.Fatal(err)
				}
				late = late[1:]
			}
		}
	}
	moved := sessions[1]
	moved.Containment, moved.ContainmentKnown, moved.Channel = model.Agent, true, "slack"
	if moved.Containment == sessions[1].Containment {
		moved.Containment = model.SelfService
	}
	if err := st.PutSessions(ctx, []model.Session{moved, sessions[4]}); err != nil { // one changed, one the same again
		t.Fatal(err)
	}
	_, msgs := decoded(t, c, c.Sessions()[6])
	if err := st.PutTranscript(ctx, sessions[6].ID, store.APIMessages, msgs[:3]); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PurgeUser(ctx, sessions[9].UserID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PurgeSession(ctx, sessions[12].ID); err != nil {
		t.Fatal(err)
	}

	odd := model.Range{From: month.Range.From.Add(7 * time.Minute), To: month.Range.To.Add(-71 * time.Minute)}
	filters := map[string]model.Filter{
		"month":          month,
		"odd ends":       {Range: odd},
		"two hours":      {Range: model.Range{From: anchor.Add(-2*time.Hour - 5*time.Minute), To: anchor.Add(-3 * time.Minute)}},
		"drop-offs":      month.WithContainment(model.DropOff),
		"whatsapp":       {Range: odd, Channel: "WhatsApp"},
		"voice":          {Range: month.Range, Channel: "voice"},
		"agent on slack": {Range: odd, Channel: "slack", Containment: model.Agent},
	}
	for name, f := range filters {
		kept, err := st.Insights(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		scanned, err := st.InsightsScanned(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		sortTurns(kept.Turns)
		sortTurns(scanned.Turns)
		if !reflect.DeepEqual(kept, scanned) {
			t.Errorf("%s: the kept counts differ from the rows:\n kept    %+v\n scanned %+v", name, kept, scanned)
		}
		if name == "month" && (kept.Sessions == 0 || len(kept.DropOffs) == 0 || len(kept.Failed) == 0 || len(kept.NotUnderstood) == 0 || len(kept.Turns) == 0) {
			t.Errorf("the corpus gives a figure nothing to count: %d sessions, %d drop-off points, %d failed, %d unclear, %d turns", kept.Sessions, len(kept.DropOffs), len(kept.Failed), len(kept.NotUnderstood), len(kept.Turns))
		}
	}
}

func sortTurns(ts []model.Turn) {
	sort.Slice(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.Quarter != b.Quarter {
			return a.Quarter < b.Quarter
		}
		if a.MS != b.MS {
			return a.MS < b.MS
		}
		return a.Task < b.Task
	})
}
