package api_test

import (
	"context"
	"testing"

	"konvo/api/koretest"
	"konvo/model"
)

// TestLateVoiceMessagesAreKept: a voice bot's no-input prompt is stamped
// after the session's recorded end; both the transcript pager and the
// batched calls an export makes must bring it, with each turn's latency.
func TestLateVoiceMessagesAreKept(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	s := lookup(t, c, "showcase-ivr")
	sess, _ := srv.Corpus().Lookup("showcase-ivr")
	want := srv.Corpus().Transcript(sess)
	last := want[len(want)-1]
	if !last.Created.After(s.End) {
		t.Fatal("the showcase has no late message: the test tests nothing")
	}
	got := readTranscript(t, c, s)
	if len(got) != len(want) || got[len(got)-1].ID != last.ID {
		t.Fatalf("pager: %d messages, want %d with the late one last", len(got), len(want))
	}
	batched, err := c.Transcripts(context.Background(), []model.Session{s, lookup(t, c, "showcase-voice")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b := batched[s.ID]; len(b) != len(want) || b[len(b)-1].ID != last.ID {
		t.Fatalf("batched: %d messages, want %d", len(b), len(want))
	}
	slow := 0
	for _, m := range got {
		if m.Latency.Known && m.Latency.Total().Seconds() > 2 {
			slow++
		}
	}
	if slow != 2 {
		t.Errorf("%d slow turns, want 2: latency not asked for or not read", slow)
	}
}
