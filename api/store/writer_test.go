package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"konvo/model"
)

// TestABatchIndexesInOneSegment: a batch of transcripts, newest session
// first as syncs and exports bring them, reaches the text index in one
// segment. FTS5 writes out what it has gathered whenever a rowid comes
// lower than the last, so handed over as the sessions came it wrote a
// segment a session, then merged them: most of an import's time.
func TestABatchIndexesInOneSegment(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st := openAt(t, now)
	ctx := context.Background()
	var sessions []model.Session
	var entries []Entry
	for i := range 40 {
		s := sessionAt(t, fmt.Sprintf("s-%d", i), now.Add(-time.Duration(i)*time.Minute)) // newest first
		var msgs []model.Message
		for j := range 3 {
			msgs = append(msgs, saying(t, fmt.Sprintf("m%d-%d", i, j), fmt.Sprintf("harbour pier %d", i*3+j)))
		}
		sessions = append(sessions, s)
		entries = append(entries, Entry{Session: s, Messages: msgs, HasMessages: true})
	}
	if err := st.PutSessions(ctx, sessions); err != nil {
		t.Fatal(err)
	}
	if err := st.PutTranscripts(ctx, APIMessages, entries); err != nil {
		t.Fatal(err)
	}
	var segments int
	if err := st.db.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM message_text_idx`).Scan(&segments); err != nil {
		t.Fatal(err)
	}
	if segments != 1 {
		t.Errorf("40 transcripts written in one batch left %d index segments, want 1", segments)
	}
	f := model.Filter{Range: model.Range{From: now.Add(-time.Hour), To: now.Add(time.Hour)}}
	if hits, err := st.Search(ctx, f, "harbour", 0); err != nil || len(hits) != 40 || hits[0].Session.ID != "s-0" {
		t.Errorf("search after the batch: %d hits, %v", len(hits), err)
	}
}

// cancelledAfter is a context that reads as cancelled from its n-th
// look on: a cancel that lands in the middle of a write.
type cancelledAfter struct {
	context.Context
	n *int
}

func (c cancelledAfter) Err() error {
	if *c.n--; *c.n < 0 {
		return context.Canceled
	}
	return nil
}

// TestACancelledWriteKeepsNothing: a write whose context is cancelled
// part-way (its statements run uninterrupted, each looking at the
// context first) stops at its next statement and keeps none of what it
// wrote, wherever the cancel lands.
func TestACancelledWriteKeepsNothing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var batch []Entry
	for i := range 5 {
		s := sessionAt(t, fmt.Sprintf("s-%d", i), now.Add(-time.Duration(i)*time.Minute))
		batch = append(batch, Entry{Session: s, Messages: []model.Message{saying(t, "m", "harbour")}, HasMessages: true})
	}
	for _, after := range []int{0, 3, 12, 40} {
		st := openAt(t, now)
		n := after
		_, err := st.Import(cancelledAfter{context.Background(), &n}, batch)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %d looks: %v, want cancelled", after, err)
		}
		var sessions, messages, indexed int
		_ = st.db.QueryRow(`SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM messages), (SELECT count(*) FROM message_text)`).Scan(&sessions, &messages, &indexed)
		if sessions+messages+indexed != 0 {
			t.Errorf("cancelled after %d looks: kept %d sessions, %d messages, %d index rows", after, sessions, messages, indexed)
		}
		if _, err := st.Import(context.Background(), batch); err != nil {
			t.Errorf("the store after a cancelled import: %v", err)
		}
	}
}

// TestAnImportOfASessionTwice: a file that holds a session twice (two
// exports run together) keeps the later transcript whole,
// nothing of the first left behind, whichever way the first was written.
func TestAnImportOfASessionTwice(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	entry := func(texts ...string) Entry {
		e := Entry{Session: sessionAt(t, "s-1", now.Add(-time.Hour)), HasMessages: true}
		for i, text := range texts {
			e.Messages = append(e.Messages, saying(t, fmt.Sprintf("m%d", i), text))
		}
		return e
	}
	st := openAt(t, now)
	ctx := context.Background()
	if _, err := st.Import(ctx, []Entry{entry("harbour one", "harbour two", "harbour three"), entry("pier")}); err != nil {
		t.Fatal(err)
	}
	tr, ok, err := st.Transcript(ctx, "s-1")
	if err != nil || !ok || len(tr.Messages) != 1 {
		t.Fatalf("the transcript after importing it twice: %d messages, %v %v", len(tr.Messages), ok, err)
	}
	var rows, indexed int
	_ = st.db.QueryRow(`SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM message_text)`).Scan(&rows, &indexed)
	if rows != 1 || indexed != 1 {
		t.Errorf("%d message rows and %d index rows, want 1 and 1", rows, indexed)
	}
	f := model.Filter{Range: model.Range{From: now.Add(-2 * time.Hour), To: now}}
	if hits, _ := st.Search(ctx, f, "harbour", 0); len(hits) != 0 {
		t.Errorf("the first copy's words are still found: %+v", hits)
	}
	if d, err := st.Insights(ctx, f); err != nil || d.Sessions != 1 || d.Transcripts != 1 {
		t.Errorf("counted %d sessions, %d transcripts (%v), want 1 and 1", d.Sessions, d.Transcripts, err)
	}
}

// TestAnImportFillsThePages imports sessions newest first, as an export
// lists them: their messages' rows must still be written in rowid
// order, or each page of the messages table is left half empty (half
// the store was free space, written to the log and again to the file).
func TestAnImportFillsThePages(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st := openAt(t, now)
	batch := newestFirst(t, now)
	if _, err := st.Import(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	assertPagesFull(t, st)
}

// TestASyncFillsThePages is TestAnImportFillsThePages for a sync: its
// sessions are stored first, newest first, and their transcripts after.
func TestASyncFillsThePages(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st := openAt(t, now)
	batch := newestFirst(t, now)
	var sessions []model.Session
	for _, e := range batch {
		sessions = append(sessions, e.Session)
	}
	ctx := context.Background()
	if err := st.PutSessions(ctx, sessions); err != nil {
		t.Fatal(err)
	}
	if err := st.PutTranscripts(ctx, APIImport, batch); err != nil {
		t.Fatal(err)
	}
	assertPagesFull(t, st)
}

// newestFirst is 400 sessions of 8 long messages, newest first.
func newestFirst(t *testing.T, now time.Time) []Entry {
	var batch []Entry
	for i := range 400 {
		e := Entry{Session: sessionAt(t, fmt.Sprintf("s-%d", i), now.Add(-time.Duration(i)*time.Minute)), HasMessages: true}
		for j := range 8 {
			e.Messages = append(e.Messages, saying(t, fmt.Sprintf("m%d-%d", i, j), strings.Repeat("a long enough answer ", 20)))
		}
		batch = append(batch, e)
	}
	return batch
}

// assertPagesFull fails when a quarter or more of the messages table's
// leaf pages is free space.
func assertPagesFull(t *testing.T, st *Store) {
	t.Helper()
	var free float64
	if err := st.db.QueryRow(`SELECT sum(unused) * 1.0 / sum(pgsize) FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf'`).Scan(&free); err != nil {
		t.Fatal(err)
	}
	if free > 0.25 {
		t.Errorf("the messages table's pages are %.0f%% free space", 100*free)
	}
}

func TestInRowidOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	at := func(id string, ago int, note string) Entry {
		return Entry{Session: sessionAt(t, id, t0.Add(-time.Duration(ago)*time.Hour)), Facts: &model.TranscriptFacts{Failure: model.Failure{Task: note}}}
	}
	// b is given twice, with different starts: its copies stay together
	// in their order, where the last one's start puts them.
	got := inRowidOrder([]Entry{at("a", 1, ""), at("b", 5, "first"), at("c", 3, ""), at("b", 2, "second")})
	var order []string
	for _, e := range got {
		order = append(order, e.Session.ID+e.Facts.Failure.Task)
	}
	if want := []string{"c", "bfirst", "bsecond", "a"}; !slices.Equal(order, want) {
		t.Errorf("order %q, want %q", order, want)
	}
}

// TestAnImportLeavesItsConnectionAsItWas: an import's settings (a long
// log, a large page cache) are its own; the connection goes back to the
// pool with the store's, so a sync's commit after it checkpoints as
// often as ever and a reader's cache is the usual size. The test holds
// every idle connection at once after the import, so the import's own
// is among them whichever the pool hands out first.
func TestAnImportLeavesItsConnectionAsItWas(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st := openAt(t, now)
	ctx := context.Background()
	type setting struct{ log, cache int }
	settingsOf := func(c *sql.Conn) (s setting) {
		if err := c.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&s.log); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&s.cache); err != nil {
			t.Fatal(err)
		}
		return s
	}
	first, err := st.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := settingsOf(first)
	first.Close()
	batch := []Entry{{Session: sessionAt(t, "s-1", now.Add(-time.Hour)), Messages: []model.Message{saying(t, "m", "harbour")}, HasMessages: true}}
	if _, err := st.Import(ctx, batch); err != nil {
		t.Fatal(err)
	}
	idle := st.db.Stats().Idle
	if idle == 0 {
		t.Fatal("no idle connection after the import: the test would see nothing")
	}
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range idle {
		c, err := st.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		if got := settingsOf(c); got != want {
			t.Errorf("a connection after the import: wal_autocheckpoint %d, cache_size %d; want %d and %d as before", got.log, got.cache, want.log, want.cache)
		}
	}
}
