package store_test

import (
	"context"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/api/store"
	"konvo/model"
)

// BenchmarkSearch100k searches a store of about 100,000 messages for a
// rare word, a common word and a CJK phrase (target: under 50 ms each).
func BenchmarkSearch100k(b *testing.B) {
	st, err := store.Open(b.TempDir(), "https://bots.kore.ai", "st-bench", func() time.Time { return anchor })
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c := koretest.Generate(koretest.CorpusOptions{Seed: 9, End: anchor, Days: 30, Sessions: 9200, Showcase: true})
	fill(b, st, c, 0)
	var n int
	for _, s := range c.Sessions() {
		n += len(c.Transcript(s))
	}
	b.Logf("%d sessions, %d messages", len(c.Sessions()), n)
	all := model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -31), To: anchor}}
	for _, q := range []string{"pending transaction", "balance", "二重に請求"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Search(context.Background(), all, q, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
