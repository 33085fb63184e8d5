package store_test

import (
	"context"
	"testing"
	"time"

	"konvo/model"
)

// TestCountsKeptAsDataArrives: the counts the insights read (kept by
// triggers) equal the sessions themselves after writes, a changed
// containment, an erased user and a range whose ends cut quarter hours.
func TestCountsKeptAsDataArrives(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 80)
	ctx := context.Background()
	moved := f.sessions[3]
	moved.Containment, moved.ContainmentKnown = model.Agent, true
	if moved.Containment == f.sessions[3].Containment {
		moved.Containment = model.SelfService
	}
	if err := f.st.PutSessions(ctx, []model.Session{moved, f.sessions[4]}); err != nil { // one changed, one the same again
		t.Fatal(err)
	}
	if _, err := f.st.PurgeUser(ctx, f.sessions[7].UserID); err != nil {
		t.Fatal(err)
	}
	for _, r := range []model.Range{month.Range, {From: month.Range.From.Add(7 * time.Minute), To: month.Range.To.Add(-11 * time.Minute)},
		{From: month.Range.To.Add(-20 * time.Hour), To: month.Range.To.Add(-3 * time.Minute)}} {
		d, err := f.st.Insights(ctx, model.Filter{Range: r})
		if err != nil {
			t.Fatal(err)
		}
		var got [4]int
		for _, b := range d.Buckets {
			got[b.Containment] += b.N
		}
		stored, _ := f.st.Sessions(ctx, model.Filter{Range: r})
		var want [4]int
		transcripts := 0
		for _, s := range stored {
			c := model.All
			if s.ContainmentKnown {
				c = s.Containment
			}
			want[c]++
			if _, ok, _ := f.st.Transcript(ctx, s.ID); ok {
				transcripts++
			}
		}
		byChannel := map[string]int{}
		for _, s := range stored {
			byChannel[s.Channel]++
		}
		for _, c := range d.Channels {
			if byChannel[c.Value] != c.N {
				t.Errorf("%v: channel %s: %d, the sessions %d", r, c.Value, c.N, byChannel[c.Value])
			}
			delete(byChannel, c.Value)
		}
		if len(byChannel) > 0 {
			t.Errorf("%v: channels left out: %v", r, byChannel)
		}
		if got != want || d.Sessions != len(stored) || d.Transcripts != transcripts {
			t.Errorf("%v: counts %v (%d, %d transcripts), the sessions %v (%d, %d)", r, got, d.Sessions, d.Transcripts, want, len(stored), transcripts)
		}
	}
}
