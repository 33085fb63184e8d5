package model

import (
	"testing"
	"time"
)

// TestSummarize: days in the display zone with the range's first bucket
// counted, rates of the known containments, and weighted percentiles.
func TestSummarize(t *testing.T) {
	from := time.Date(2026, 11, 20, 10, 7, 0, 0, time.UTC)
	r := Range{From: from, To: from.Add(72 * time.Hour)}
	q := func(at time.Time) int64 { return at.UnixMilli() / QuarterMS }
	d := InsightData{
		Buckets: []Bucket{{Quarter: q(from), Containment: DropOff, N: 2}, {Quarter: q(from.Add(30 * time.Hour)), Containment: SelfService, N: 6}},
		Turns:   []Turn{{Quarter: q(from), MS: 1000, N: 90}, {Quarter: q(from), MS: 5000, N: 10}},
	}
	st := Summarize(d, r, time.UTC, 2*time.Second)
	if len(st.Days) != 4 || st.Days[0].DropOff != 2 || st.Days[1].SelfService != 6 {
		t.Fatalf("days %+v", st.Days)
	}
	if st.DropOffRate != 0.25 || st.Total.Total != 8 {
		t.Errorf("rate %v total %d", st.DropOffRate, st.Total.Total)
	}
	if l := st.Latency; l.Turns != 100 || l.P50MS != 1000 || l.P95MS != 5000 || l.Slow != 10 {
		t.Errorf("latency %+v", l)
	}
	if len(st.Hours) != 0 {
		t.Error("hours for three days")
	}
}
