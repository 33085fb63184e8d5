package source_test

import (
	"context"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
)

// transcriptOf is a corpus session and its transcript as konvo decodes them.
func transcriptOf(t *testing.T, c *koretest.Corpus, id string) (model.Session, []model.Message) {
	t.Helper()
	ks, ok := c.Lookup(id)
	if !ok {
		t.Fatalf("no session %s", id)
	}
	ss, msgs, err := c.Decoded(ks)
	if err != nil {
		t.Fatal(err)
	}
	return ss, msgs
}

// TestOpeningAStoredTranscriptReadsNothing: opening a stored closed
// session read and decoded every row inside the TUI's Update (190 ms for
// the 5,000-message showcase), freezing keys and the spinner. Opening now
// reads nothing; the first page, in a command, brings it whole.
func TestOpeningAStoredTranscriptReadsNothing(t *testing.T) {
	t.Parallel()
	corpus := koretest.Generate(koretest.CorpusOptions{Seed: 3, End: anchor, Days: 2, Sessions: 5, Showcase: true})
	_, client := unpacedClient(t, corpus, func() time.Time { return anchor })
	st, err := store.Open(t.TempDir(), "https://bots.kore.ai", koretest.DemoBotID, func() time.Time { return anchor.Add(24 * time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ss, msgs := transcriptOf(t, corpus, "showcase-long-5000")
	if err := st.PutTranscript(context.Background(), ss.ID, store.APIMessages, msgs); err != nil {
		t.Fatal(err)
	}
	c := &source.Cached{Client: client, St: st}
	start := time.Now()
	p := c.Transcript(ss)
	if took := time.Since(start); took > 20*time.Millisecond {
		t.Errorf("opening took %v: the store was read on the caller's thread", took)
	}
	if _, _, ok := p.Stored(); ok {
		t.Error("the pager knew it was stored before its first page: it read the store when made")
	}
	page, err := p.Next(context.Background())
	if err != nil || len(page.Messages) != 5000 || !page.Done {
		t.Fatalf("first page: %d messages, done %v, %v", len(page.Messages), page.Done, err)
	}
	if _, _, ok := p.Stored(); !ok {
		t.Error("a stored transcript does not say so")
	}
}
