package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"konvo/api/store"
	"konvo/model"
)

// TestSearchPagesAreTheNewestOfAll: a search that stops at its page holds
// exactly the newest sessions of all that match, in the order of the whole
// answer, and the whole answer is what reading every stored transcript
// finds (an oracle that uses no index), for every kind of query: common
// and rare words, under the trigram size, CJK, a phrase, a speaker.
func TestSearchPagesAreTheNewestOfAll(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 150)
	ctx := context.Background()
	week := model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}}
	stored := readAll(t, f, week)
	for _, q := range []string{"balance", "pending transaction", "ok", "請求", "二重に請求", `"your card"`, "user: card", "zzqqxx"} {
		all, err := f.st.Search(ctx, week, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := oracle(stored, q)
		if got := ids(all); !slices.Equal(got, want) {
			t.Errorf("%q: the search finds %d sessions, reading every transcript %d\n%v\n%v", q, len(got), len(want), got, want)
		}
		if n, err := f.st.SearchCount(ctx, week, q); err != nil || n != len(want) {
			t.Errorf("%q: counted %d (%v), reading every transcript %d", q, n, err, len(want))
		}
		if next, err := f.st.SearchFrom(ctx, week, q, 7, 7); err != nil || !slices.Equal(ids(next), ids(all)[min(7, len(all)):min(14, len(all))]) {
			t.Errorf("%q from 7: %v, the whole answer's %v (%v)", q, ids(next), ids(all)[min(7, len(all)):min(14, len(all))], err)
		}
		for _, k := range []int{1, 7, 50} {
			page, err := f.st.Search(ctx, week, q, k)
			if err != nil {
				t.Fatal(err)
			}
			if want := ids(all)[:min(k, len(all))]; !slices.Equal(ids(page), want) {
				t.Errorf("%q limit %d: %v, the newest of all %v", q, k, ids(page), want)
			}
		}
	}
}

func ids(hits []store.Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Session.ID)
	}
	return out
}

// transcript is a stored session's messages.
type transcript struct {
	id   string
	msgs []model.Message
}

// readAll is every stored transcript of f's sessions, newest first.
func readAll(t *testing.T, fx fixture, f model.Filter) []transcript {
	t.Helper()
	sessions, err := fx.st.Sessions(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var out []transcript
	for _, s := range sessions {
		if tr, ok, err := fx.st.Transcript(context.Background(), s.ID); err == nil && ok {
			out = append(out, transcript{s.ID, tr.Messages})
		}
	}
	return out
}

// oracle is the sessions with a message that holds every term of q
// (said by whom q names), read from the transcripts, not the index.
func oracle(all []transcript, q string) []string {
	pq := model.ParseQuery(q)
	out := []string{}
	for _, tr := range all {
	messages:
		for _, m := range tr.msgs {
			if len(pq.Speakers) > 0 && !slices.Contains(pq.Speakers, m.Speaker()) {
				continue
			}
			text := strings.ToLower(model.Readable(m))
			for _, term := range pq.Terms {
				if !strings.Contains(text, strings.ToLower(term)) {
					continue messages
				}
			}
			out = append(out, tr.id)
			break
		}
	}
	return out
}

// TestStoredPagesAndCounts: walking the stored sessions a page at a time
// gives every session of the filter once, in Sessions' order, and the
// count (kept counts for whole quarter hours, the ends read) equals them,
// for ranges that start and end inside a quarter hour.
func TestStoredPagesAndCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 300)
	ctx := context.Background()
	odd := 7*time.Minute + 13*time.Second
	for _, filter := range []model.Filter{
		month,
		{Range: model.Range{From: anchor.AddDate(0, 0, -9).Add(odd), To: anchor.AddDate(0, 0, -2).Add(-odd)}, Containment: model.DropOff},
		{Range: model.Range{From: anchor.Add(-3*time.Hour - odd), To: anchor.Add(-2*time.Hour - odd)}},
		{Range: model.Range{From: anchor.Add(-odd), To: anchor.Add(-time.Minute)}},
		{Range: month.Range, Channel: "whatsapp"},
	} {
		all, err := f.st.Sessions(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		var walked []string
		var at store.Cursor
		for {
			page, next, done, err := f.st.SessionsPage(ctx, filter, at, 13)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page {
				walked = append(walked, s.ID)
			}
			if done {
				break
			}
			at = next
		}
		want := make([]string, len(all))
		for i, s := range all {
			want[i] = s.ID
		}
		if !slices.Equal(walked, want) {
			t.Errorf("%+v: the pages walk %d sessions, Sessions has %d", filter.Range, len(walked), len(want))
		}
		if n, err := f.st.CountSessions(ctx, filter); err != nil || n != len(all) {
			t.Errorf("%+v %v: counted %d, there are %d (%v)", filter.Range, filter.Containment, n, len(all), err)
		}
	}
}
