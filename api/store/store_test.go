package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/api/store"
	"konvo/model"
)

var anchor = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// fixture is a store filled from a generated corpus.
type fixture struct {
	st       *store.Store
	corpus   *koretest.Corpus
	sessions []model.Session
}

func fill(t testing.TB, st *store.Store, c *koretest.Corpus, max int) []model.Session {
	t.Helper()
	ctx := context.Background()
	// Sessions first, then their transcripts in batches, as a sync
	// stores them.
	var out []model.Session
	var entries []store.Entry
	for i, ks := range c.Sessions() {
		if max > 0 && i >= max {
			break
		}
		ss, msgs := decoded(t, c, ks)
		out = append(out, ss)
		entries = append(entries, store.Entry{Session: ss, Messages: msgs, HasMessages: true})
	}
	if err := st.PutSessions(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := st.PutTranscripts(ctx, store.APIMessages, entries); err != nil {
		t.Fatal(err)
	}
	return out
}

func newFixture(t testing.TB, sessions int) fixture {
	t.Helper()
	st, err := store.Open(t.TempDir(), "https://bots.kore.ai", koretest.DemoBotID, func() time.Time { return anchor })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := koretest.Generate(koretest.CorpusOptions{Seed: 3, End: anchor, Days: 30, Sessions: sessions, Showcase: true, ShortShowcase: true})
	return fixture{st: st, corpus: c, sessions: fill(t, st, c, 0)}
}

var month = model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -31), To: anchor}}

func TestFilesArePrivate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "konvo")
	st, err := store.Open(dir, "https://bots.kore.ai", "st-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutSessions(context.Background(), []model.Session{{ID: "s1", Raw: json.RawMessage(`{"sessionId":"s1"}`)}}); err != nil {
		t.Fatal(err)
	}
	check := func(p string, want os.FileMode) {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %04o, want %04o", filepath.Base(p), fi.Mode().Perm(), want)
		}
	}
	check(dir, 0o700)
	check(st.Path(), 0o600)
	check(st.Path()+"-wal", 0o600)
	if filepath.Base(st.Path()) != "bots.kore.ai_st-1.db" {
		t.Errorf("file name %s", filepath.Base(st.Path()))
	}
}

// TestRoundTripIsByteFaithful: what comes out is what the server sent.
func TestRoundTripIsByteFaithful(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 50)
	ctx := context.Background()
	got, err := f.st.Sessions(ctx, month)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(f.sessions) {
		t.Fatalf("%d sessions back, %d stored", len(got), len(f.sessions))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Start.After(got[i-1].Start) {
			t.Fatal("not newest first")
		}
	}
	ks, _ := f.corpus.Lookup("showcase-everything")
	tr, ok, err := f.st.Transcript(ctx, "showcase-everything")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	want := f.corpus.Transcript(ks)
	if len(tr.Messages) != len(want) || tr.API != store.APIMessages || !tr.Fetched.Equal(anchor) {
		t.Fatalf("%d messages via %s at %v", len(tr.Messages), tr.API, tr.Fetched)
	}
	for i := range want {
		if !bytes.Equal(tr.Messages[i].Raw, want[i].Raw) {
			t.Fatalf("message %d differs", i)
		}
	}
	dropOffs, _ := f.st.Sessions(ctx, month.WithContainment(model.DropOff))
	for _, s := range dropOffs {
		if s.Containment != model.DropOff {
			t.Fatal("containment not applied")
		}
	}
	if len(dropOffs) == 0 || len(dropOffs) == len(got) {
		t.Errorf("%d drop-offs of %d", len(dropOffs), len(got))
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	ctx := context.Background()
	cases := []struct {
		query string
		want  string // a session that must be found
		none  bool
	}{
		{"harbour", "showcase-everything", false},      // case, inside a carousel
		{"HARBOUR pier", "showcase-everything", false}, // every word, in one message
		{"二重に請求", "showcase-agent", false},             // CJK, no spaces
		{"template_type", "", true},                    // a JSON key
		{"speak", "", true},                            // SSML markup
		{"zzqqxx", "", true},
	}
	for _, c := range cases {
		hits, err := f.st.Search(ctx, month, c.query, 0)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		if c.none {
			if len(hits) > 0 {
				t.Errorf("%q matched %s: %q", c.query, hits[0].Session.ID, hits[0].Snippet)
			}
			continue
		}
		var found *store.Hit
		for i := range hits {
			if hits[i].Session.ID == c.want {
				found = &hits[i]
			}
		}
		if found == nil {
			t.Errorf("%q: %s not among %d hits", c.query, c.want, len(hits))
			continue
		}
		if !strings.Contains(found.Snippet, store.Mark) {
			t.Errorf("%q: snippet %q has no marked match", c.query, found.Snippet)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Session.Start.After(hits[i-1].Session.Start) {
				t.Errorf("%q: hits not newest first", c.query)
			}
		}
	}
}

func TestPurgeErasesAUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 30)
	ctx := context.Background()
	e, err := f.st.PurgeUser(ctx, "showcase@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if e.Sessions == 0 || e.Messages == 0 {
		t.Fatalf("erased %+v", e)
	}
	if hits, _ := f.st.Search(ctx, month, "pending transaction from last Friday", 0); len(hits) != 0 {
		t.Errorf("the erased user's words are still found")
	}
	left, _ := f.st.Sessions(ctx, model.Filter{Range: month.Range, UserID: "showcase@example.com"})
	if len(left) != 0 {
		t.Errorf("%d sessions left", len(left))
	}
	data, err := os.ReadFile(f.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("pending transaction from last Friday")) {
		t.Error("the erased text is still in the database file")
	}
	all, err := f.st.PurgeAll(ctx)
	if err != nil || all.Sessions != len(f.sessions)-e.Sessions {
		t.Errorf("purge all: %+v, %v", all, err)
	}
}

func TestExpireDropsOldData(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 10)
	ctx := context.Background()
	later, err := store.Open(filepath.Dir(f.st.Path()), "https://bots.kore.ai", koretest.DemoBotID, func() time.Time { return anchor.AddDate(0, 0, 31) })
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	e, err := later.Expire(ctx, 30*24*time.Hour)
	if err != nil || e.Sessions != len(f.sessions) {
		t.Errorf("expired %+v of %d, %v", e, len(f.sessions), err)
	}
}

func TestDamagedStoreSaysHowToRecover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName("https://h.example", "b"))
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 500), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(dir, "https://h.example", "b", nil)
	var de *store.DamagedError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "move it aside") || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v", err)
	}
}

func TestMissingCoverage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 5)
	ctx := context.Background()
	week := model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}
	if err := f.st.MarkSynced(ctx, model.Range{From: anchor.AddDate(0, 0, -3), To: anchor}); err != nil {
		t.Fatal(err)
	}
	gaps, total, err := f.st.Missing(ctx, week)
	if err != nil || len(gaps) != 1 || total != 4*24*time.Hour || !gaps[0].To.Equal(anchor.AddDate(0, 0, -3)) {
		t.Errorf("gaps %v total %v err %v", gaps, total, err)
	}
	_ = f.st.MarkSynced(ctx, model.Range{From: anchor.AddDate(0, 0, -10), To: anchor.AddDate(0, 0, -2)})
	if gaps, total, _ := f.st.Missing(ctx, week); len(gaps) != 0 || total != 0 {
		t.Errorf("still missing %v", gaps)
	}
}

// TestFailedSessions: a transcript with an error component marks its
// session as having a failed task.
func TestFailedSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 20)
	got, err := f.st.FailedSessions(context.Background(), month)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, s := range got {
		ids[s.ID] = true
	}
	if !ids["showcase-oddities"] || !ids["showcase-everything"] || ids["showcase-text"] {
		t.Errorf("failed sessions: %v", ids)
	}
}
