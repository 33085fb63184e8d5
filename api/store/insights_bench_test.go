package store_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/api/store"
	"konvo/model"
)

// BenchmarkInsights1M: the insights of 30 days over a store of a million
// messages (95,000 sessions), every figure counted in SQL (the target is under
// 200 ms). Building the store takes a few minutes; run it with
// -run '^$' -bench Insights1M -benchtime 10x.
func BenchmarkInsights1M(b *testing.B) {
	// KONVO_BENCH_STORE keeps the store in a folder, so a second run
	// skips building it.
	dir := os.Getenv("KONVO_BENCH_STORE")
	if dir == "" {
		dir = b.TempDir()
	}
	st, err := store.Open(dir, "https://bots.kore.ai", "st-bench", func() time.Time { return anchor })
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	month := model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}}
	d, err := st.Insights(context.Background(), month)
	if err != nil {
		b.Fatal(err)
	}
	if d.Sessions == 0 {
		c := koretest.Generate(koretest.CorpusOptions{Seed: 9, End: anchor, Days: 30, Sessions: envInt("KONVO_BENCH_SESSIONS", 95000), Showcase: true, Patterns: true})
		fill(b, st, c, 0)
		messages := 0
		for _, s := range c.Sessions() {
			messages += len(c.Transcript(s))
		}
		b.Logf("stored %d messages", messages)
		if d, err = st.Insights(context.Background(), month); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d sessions, %d with transcripts", d.Sessions, d.Transcripts)
	for _, f := range []struct {
		name string
		f    model.Filter
	}{{"month", month}, {"drop-offs", month.WithContainment(model.DropOff)}, {"whatsapp", model.Filter{Range: month.Range, Channel: "whatsapp"}}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Insights(context.Background(), f.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// envInt is the benchmark's size from the environment, for a quicker
// look at a smaller store.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
