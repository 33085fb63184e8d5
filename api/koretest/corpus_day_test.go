package koretest

import (
	"testing"
	"time"
)

// TestDemoOfDayIsStableAllDay: --demo's sessions changed every run, so a
// store kept between runs could not be tried; the same day gives the same
// sessions and ids, another day others.
func TestDemoOfDayIsStableAllDay(t *testing.T) {
	morning := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	evening := morning.Add(11 * time.Hour)
	a, b := DemoOfDay(morning), DemoOfDay(evening)
	ids := func(c *Corpus, before time.Time) map[string]bool {
		out := map[string]bool{}
		for _, s := range c.Sessions() {
			if s.Script == "" && s.Start.Before(before) {
				out[s.ID] = true
			}
		}
		return out
	}
	am, pm := ids(a, morning), ids(b, morning)
	if len(am) < 100 || len(am) != len(pm) {
		t.Fatalf("%d and %d sessions before the morning", len(am), len(pm))
	}
	for id := range am {
		if !pm[id] {
			t.Fatalf("%s is gone by the evening", id)
		}
	}
	if _, ok := b.Lookup("showcase-everything"); !ok {
		t.Error("no showcase")
	}
	if s, _ := b.Lookup("showcase-everything"); !s.Start.Before(evening) || s.Start.Before(evening.Add(-time.Hour)) {
		t.Errorf("the showcase starts at %v, not just before %v", s.Start, evening)
	}
	tomorrow := ids(DemoOfDay(morning.Add(24*time.Hour)), morning)
	same := 0
	for id := range tomorrow {
		if am[id] {
			same++
		}
	}
	if same == len(am) {
		t.Error("the next day has the same sessions")
	}
}
