package main

import (
	"encoding/json"
	"testing"
	"time"

	"konvo/model"
)

// TestStatsJSON: konvo stats --json prints one document whose days count
// every session of the corpus under the containment the server gives
// (records without containmentType too) in the display zone, and whose
// failed tasks name the corpus's; --offline then answers the same with
// no request.
func TestStatsJSON(t *testing.T) {
	t.Parallel()
	srv, env := liveServer(t, 300)
	env["TZ"] = "Asia/Tokyo"
	code, out, errs := cliUnpaced(t, env, "stats", "--from", "7d", "--json", "--tz", "Asia/Tokyo")
	if code != 0 {
		t.Fatalf("stats: %d %s", code, errs)
	}
	var got model.Stats
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON document: %v\n%.300s", err, out)
	}
	to, _ := time.Parse(time.RFC3339Nano, got.To)
	from, _ := time.Parse(time.RFC3339Nano, got.From)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	want := map[string][3]int{}
	for _, s := range srv.Corpus().Sessions() {
		if s.Start.Before(from) || !s.Start.Before(to) {
			continue
		}
		n := want[s.Start.In(tokyo).Format(time.DateOnly)]
		n[int(s.Containment)-1]++
		want[s.Start.In(tokyo).Format(time.DateOnly)] = n
	}
	for _, d := range got.Days {
		if w := want[d.Date]; w != [3]int{d.SelfService, d.DropOff, d.Agent} {
			t.Errorf("%s: %d/%d/%d, the corpus %v", d.Date, d.SelfService, d.DropOff, d.Agent, w)
		}
		delete(want, d.Date)
	}
	if len(want) > 0 {
		t.Errorf("days left out: %v", want)
	}
	if len(got.DropOffPoints) == 0 || got.DropOffPoints[0].Text == "" || got.Latency.P95MS < got.Latency.P50MS {
		t.Errorf("figures: %+v", got)
	}
	before := len(srv.Requests())
	code, again, _ := cliUnpaced(t, env, "stats", "--from", "7d", "--json", "--tz", "Asia/Tokyo", "--offline")
	if code != 0 || len(srv.Requests()) != before {
		t.Fatalf("--offline: exit %d, %d requests", code, len(srv.Requests())-before)
	}
	var off model.Stats
	if json.Unmarshal([]byte(again), &off) != nil || len(off.Days) != len(got.Days) || off.Total != got.Total {
		t.Errorf("offline figures differ: %+v against %+v", off.Total, got.Total)
	}
}
