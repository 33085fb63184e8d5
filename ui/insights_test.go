package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"konvo/api/source"
	"konvo/model"
)

// TestInsights: I on the list charts its filter from the store; a golden
// frame at 80x24 and 160x48; enter on a drop-off point lists exactly the
// drop-offs whose bot said those words last, each opening there, and
// esc comes back to the same row.
func TestInsights(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	week := model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}
	for i, size := range [][2]int{{80, 24}, {160, 48}} {
		a := buildTestApp(t, srv, size[0], size[1], st)
		if i == 0 { // one sync serves both sizes
			if err := a.m.d.src.(source.RangeSyncer).SyncRange(context.Background(), week, nil); err != nil {
				t.Fatal(err)
			}
		}
		a.run(a.m.Init())
		if head := strings.Split(a.frame(), "\n")[0]; size[0] >= 160 && !strings.Contains(head, "per day ▁") && !strings.Contains(head, "per day ") {
			t.Errorf("no sessions-per-day sparkline in the list's header at %d columns: %s", size[0], head)
		}
		a.press("I")
		ins, ok := a.m.top().(*insightsScreen)
		if !ok || !ins.loaded {
			t.Fatalf("I opened a %T", a.m.top())
		}
		golden(t, fmt.Sprintf("insights_%dx%d.txt", size[0], size[1]), a.frame())
		for ins.rows[ins.cursor].drill.Kind != "dropoff" {
			before := ins.cursor
			a.press("j")
			if ins.cursor == before {
				t.Fatal("no drop-off point to drill into")
			}
		}
		row := ins.cursor
		point := ins.rows[row].drill.Text
		a.press("enter")
		res, ok := a.m.top().(*searchScreen)
		if !ok {
			t.Fatalf("enter opened a %T", a.m.top())
		}
		var got []string
		for _, f := range res.found {
			got = append(got, f.Session.ID)
		}
		// Independently: the week's stored drop-offs whose transcript's
		// last bot words are the point's.
		var want []string
		stored, _ := st.Sessions(context.Background(), model.Filter{Range: week, Containment: model.DropOff})
		for _, s := range stored {
			tr, ok, _ := st.Transcript(context.Background(), s.ID)
			if ok && model.LastBotWords(tr.Messages).Text == point {
				want = append(want, s.ID)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
			t.Errorf("%dx%d: the drill-down lists %v, the store's transcripts say %v", size[0], size[1], got, want)
		}
		first := res.found[0]
		a.press("enter")
		if ts := a.m.top().(*transcriptScreen); ts.cursor != first.Seq {
			t.Errorf("opened at %d, the last bot words are at %d", ts.cursor, first.Seq)
		}
		a.press("esc", "esc")
		if a.m.top() != ins || ins.cursor != row {
			t.Errorf("esc came back to a %T, row %d (was %d)", a.m.top(), ins.cursor, row)
		}
	}
}
