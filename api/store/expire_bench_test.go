package store_test

import (
	"context"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/api/store"
)

// BenchmarkExpireOnStart drops a day's worth of a 3,000-session store
// as konvo does before it opens: the cost of retention at start-up.
func BenchmarkExpireOnStart(b *testing.B) {
	c := koretest.Generate(koretest.CorpusOptions{Seed: 4, End: anchor, Days: 30, Sessions: 3000})
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		st, err := store.Open(dir, "https://h", "b", func() time.Time { return anchor })
		if err != nil {
			b.Fatal(err)
		}
		all := fill(b, st, c, 0)
		// A tenth of it was fetched a month ago.
		old, err := store.Open(dir, "https://h", "b", func() time.Time { return anchor.AddDate(0, 0, -40) })
		if err != nil {
			b.Fatal(err)
		}
		if err := old.PutSessions(context.Background(), all[:300]); err != nil {
			b.Fatal(err)
		}
		old.Close()
		b.StartTimer()
		if _, err := st.Expire(context.Background(), 30*24*time.Hour); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
	}
	b.StartTimer()
}
