package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

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
