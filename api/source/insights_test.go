package source_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/model"
)

// TestInsightsEqualTheCorpus: the figures konvo stats prints, computed in
// the store's SQL from a sync, equal the ones this test counts from the
// corpus itself: sessions per day by the containment the server gives
// (records without containmentType included), where drop-offs left (the
// bot's last words and their task) and the failed tasks, for 7 and 30
// days, in UTC and in Tokyo.
func TestInsightsEqualTheCorpus(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 7, End: anchor, Days: 30, Sessions: 300, Showcase: true, ShortShowcase: true, Patterns: true})
	_, cl, st := storedClient(t, c, clock)
	ctx := context.Background()
	month := model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}
	// Through getMessages: getMessagesV2 sends no task names.
	if _, err := source.Sync(ctx, cl, st, source.SyncOptions{Range: month, Via: api.MessagesV1}); err != nil {
		t.Fatal(err)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	off := source.FromOffline(&source.Offline{St: st, Bot: c.BotID}).(source.Insighter)
	for _, days := range []int{7, 30} {
		for _, loc := range []*time.Location{time.UTC, tokyo} {
			r := model.Range{From: anchor.AddDate(0, 0, -days), To: anchor}
			d, missing, err := off.Insights(ctx, model.Filter{Range: r})
			if err != nil || len(missing) != 0 {
				t.Fatalf("%d days: %v (missing %v)", days, err, missing)
			}
			got := model.Summarize(d, r, loc, 2*time.Second)
			want := fromCorpus(t, c, r, loc)
			perDay := map[string][3]int{}
			for _, p := range got.Days {
				perDay[p.Date] = [3]int{p.SelfService, p.DropOff, p.Agent}
			}
			for day, n := range want.days {
				if perDay[day] != n {
					t.Errorf("%d days, %s, %s: %v, the corpus %v", days, loc, day, perDay[day], n)
				}
			}
			if len(got.Days) < days || len(got.Days) > days+1 {
				t.Errorf("%d days in %s: %d days listed", days, loc, len(got.Days))
			}
			t.Logf("%d days, %s: %d sessions, %d drop-off points (%d listed), %d failed tasks", days, loc, got.Sessions, len(want.dropOffs), len(got.DropOffPoints), len(want.failed))
			points := map[[2]string]int{}
			for _, p := range got.DropOffPoints {
				points[[2]string{p.Text, p.Task}] = p.Count
			}
			for k, n := range want.dropOffs {
				if len(want.dropOffs) <= 50 && points[k] != n {
					t.Errorf("%d days: drop-off point %q: %d, the corpus %d", days, k, points[k], n)
				}
			}
			for i, p := range got.DropOffPoints { // the most common, counted right
				if n := want.dropOffs[[2]string{p.Text, p.Task}]; n != p.Count || i > 0 && p.Count > got.DropOffPoints[i-1].Count {
					t.Errorf("%d days: point %d %q: %d, the corpus %d", days, i, p.Text, p.Count, n)
				}
			}
			failed := map[string]int{}
			for _, f := range got.FailedTasks {
				failed[f.Task+"|"+f.Text] = f.Count
			}
			if len(failed) != len(want.failed) {
				t.Errorf("%d days: failed tasks %v, the corpus %v", days, failed, want.failed)
			}
			for k, n := range want.failed {
				if failed[k] != n {
					t.Errorf("%d days: failed %q: %d, the corpus %d", days, k, failed[k], n)
				}
			}
		}
	}
}

type corpusFigures struct {
	days     map[string][3]int
	dropOffs map[[2]string]int
	failed   map[string]int
}

// fromCorpus counts what the insights must say, from the corpus's own
// sessions and messages.
func fromCorpus(t *testing.T, c *koretest.Corpus, r model.Range, loc *time.Location) corpusFigures {
	t.Helper()
	out := corpusFigures{days: map[string][3]int{}, dropOffs: map[[2]string]int{}, failed: map[string]int{}}
	for _, s := range c.Sessions() {
		if s.Start.Before(r.From) || !s.Start.Before(r.To) {
			continue
		}
		day := s.Start.In(loc).Format(time.DateOnly)
		n := out.days[day]
		switch s.Containment {
		case model.SelfService:
			n[0]++
		case model.DropOff:
			n[1]++
		case model.Agent:
			n[2]++
		}
		out.days[day] = n
		var task, lastText, lastTask string
		failedSeen := false
		for _, km := range c.Transcript(s) {
			var m model.Message
			if err := json.Unmarshal(km.Raw, &m); err != nil {
				t.Fatal(err)
			}
			if m.TaskName != "" {
				task = m.TaskName
			}
			if m.Direction == "outgoing" && m.Speaker() == model.SpeakerBot {
				if text := model.Line(strings.ReplaceAll(model.Readable(m), "\n", " · ")); text != "" {
					lastText, lastTask = text, task
				}
			}
			for _, comp := range m.Components {
				if e, ok := comp.Parse().(model.ErrorPart); ok && !failedSeen {
					failedSeen = true
					key := task + "|"
					if task == "" {
						key += model.Line(e.Text)
					}
					out.failed[key]++
				}
			}
		}
		if s.Containment == model.DropOff && lastText != "" {
			if len([]rune(lastText)) > 200 {
				lastText = string([]rune(lastText)[:200]) + "…"
			}
			out.dropOffs[[2]string{lastText, lastTask}]++
		}
	}
	return out
}
