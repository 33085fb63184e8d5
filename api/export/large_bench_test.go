package export_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"konvo/api/export"
	"konvo/api/koretest"
	"konvo/api/store"
)

// The large-store benchmarks (issue 23): a store built the way a user
// builds one from a teammate's export, through konvo import, then
// searched and listed. KONVO_BENCH_MESSAGES sets the size (default
// 100,000; 1,000,000 and 5,000,000 for the closing figures);
// KONVO_BENCH_STORE=DIR keeps the built store there and reuses it.

var benchEnd = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// benchMessages is the size asked for, in messages.
func benchMessages(def int) int {
	if n, err := strconv.Atoi(os.Getenv("KONVO_BENCH_MESSAGES")); err == nil && n > 0 {
		return n
	}
	return def
}

// exportOf is a corpus as konvo export --messages writes it, with about
// messages messages over 30 days (the corpus averages about 12 a session).
func exportOf(tb testing.TB, messages int) (data []byte, sessions, msgs int) {
	tb.Helper()
	c := koretest.Generate(koretest.CorpusOptions{Seed: 23, End: benchEnd, Days: 30, Sessions: max(messages/12, 10), Showcase: true})
	var b bytes.Buffer
	for _, ks := range c.Sessions() {
		s, m, err := c.Decoded(ks)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(export.WithMessages(s.Raw, m))
		b.WriteByte('\n')
		sessions++
		msgs += len(m)
	}
	return b.Bytes(), sessions, msgs
}

// importAll reads an export into st as konvo import does.
func importAll(tb testing.TB, st *store.Store, data []byte) store.ImportStats {
	tb.Helper()
	_, total, err := export.Import(context.Background(), st, bytes.NewReader(data), 10_000, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return total
}

// BenchmarkImport is konvo import of an export into an empty store
// (target: 50,000 messages a second or more).
func BenchmarkImport(b *testing.B) {
	data, sessions, msgs := exportOf(b, benchMessages(100_000))
	b.Logf("%d sessions, %d messages, %d MB of export", sessions, msgs, len(data)>>20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(b.TempDir(), "https://bots.kore.ai", koretest.DemoBotID, func() time.Time { return benchEnd })
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		got := importAll(b, st, data)
		b.ReportMetric(float64(got.Messages)/time.Since(start).Seconds(), "msgs/s")
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}
