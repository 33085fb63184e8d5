package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"konvo/model"
)

// TestRenumbersAStoreOfSchema12: messages stored before schema 13 (rowids
// in the order they were fetched, the older session fetched last) are
// numbered by their session's start, their index rows with them, and
// search still finds each, newest session first; a session with no
// readable start, numbered where the old rowids were, meets none of them.
func TestRenumbersAStoreOfSchema12(t *testing.T) {
	t.Parallel()
	dir, db := storeOfSchema(t, 12)
	start := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	// s-new started a day after s-old but was fetched first: its
	// messages have the lower rowids, as konvo before schema 13 left them.
	rowid := 1
	for _, s := range []struct {
		id    string
		start time.Time
	}{{"s-zb", time.UnixMilli(0)}, {"s-za", time.UnixMilli(0)}, {"s-new", start.AddDate(0, 0, 1)}, {"s-old", start}} {
		// s-zb and s-za have no readable start: they are numbered from 0
		// (s-za first), where the old rowids are.
		raw := fmt.Sprintf(`{"sessionId":%q,"userId":"u","start_time":%q}`, s.id, s.start.Format(time.RFC3339))
		for _, q := range []string{
			fmt.Sprintf(`INSERT INTO sessions(id, user_id, start_ms, end_ms, containment, channel, status, raw, fetched_ms, api) VALUES(%q, 'u', %d, %d, 0, 'rtm', '', '%s', 1, 'getSessions')`, s.id, s.start.UnixMilli(), s.start.UnixMilli(), raw),
			fmt.Sprintf(`INSERT INTO transcripts(session_id, messages, fetched_ms, api) VALUES(%q, 2, 1, 'getMessages')`, s.id),
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		for seq, text := range []string{"harbour pier " + s.id, "goodbye"} {
			body := fmt.Sprintf(`{"type":"incoming","components":[{"cT":"text","data":{"text":%q}}]}`, text)
			if _, err := db.Exec(`INSERT INTO messages(rowid, session_id, seq, raw) VALUES(?,?,?,?)`, rowid, s.id, seq, body); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`INSERT INTO message_text(rowid, body, shown) VALUES(?,?,?)`, rowid, fold(text), text); err != nil {
				t.Fatal(err)
			}
			rowid++
		}
	}
	db.Close()
	st, err := Open(dir, "https://h.example", "b", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	rows, err := st.db.QueryContext(ctx, `SELECT m.rowid, s.start_ms, (SELECT count(*) FROM message_text WHERE rowid = m.rowid) FROM messages m JOIN sessions s ON s.id = m.session_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, startMS, indexed int64
		if err := rows.Scan(&id, &startMS, &indexed); err != nil {
			t.Fatal(err)
		}
		if id>>rowidShift != startMS/1000 || indexed != 1 {
			t.Errorf("rowid %d for a session of %d (indexed %d)", id, startMS, indexed)
		}
	}
	rows.Close()
	f := model.Filter{Range: model.Range{From: start.AddDate(0, 0, -1), To: start.AddDate(0, 0, 3)}}
	hits, err := st.Search(ctx, f, "harbour", 0)
	if err != nil || len(hits) != 2 || hits[0].Session.ID != "s-new" || hits[1].Session.ID != "s-old" {
		t.Fatalf("after renumbering: %+v %v", hits, err)
	}
	if one, _ := st.Search(ctx, f, "harbour", 1); len(one) != 1 || one[0].Session.ID != "s-new" {
		t.Errorf("the newest page: %+v", one)
	}
}

// TestAMovedSessionLosesItsTranscript: a session the server now says
// started elsewhere (the demo's showcase moves with the clock) has its
// stored transcript dropped, to be fetched again, not shown an hour from
// its session; the same start keeps it.
func TestAMovedSessionLosesItsTranscript(t *testing.T) {
	t.Parallel()
	st := openAt(t, time.Time{})
	ctx := context.Background()
	start := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	session := func(at time.Time) model.Session { return sessionAt(t, "s-1", at) }
	m := saying(t, "m1", "harbour")
	if err := st.PutSessions(ctx, []model.Session{session(start)}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutTranscript(ctx, "s-1", APIMessages, []model.Message{m}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSessions(ctx, []model.Session{session(start)}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Transcript(ctx, "s-1"); !ok {
		t.Fatal("the same start dropped the transcript")
	}
	if err := st.PutDetails(ctx, "s-1", model.Details{Raw: []byte(`{"conversationInfo":{}}`)}, true); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSessions(ctx, []model.Session{session(start.Add(35 * time.Minute))}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Transcript(ctx, "s-1"); ok {
		t.Error("a moved session kept its transcript")
	}
	if _, _, ok, _ := st.Details(ctx, "s-1"); ok {
		t.Error("a moved session kept its details")
	}
	f := model.Filter{Range: model.Range{From: start.Add(-time.Hour), To: start.Add(time.Hour)}}
	if hits, _ := st.Search(ctx, f, "harbour", 0); len(hits) != 0 {
		t.Errorf("its text is still found: %+v", hits)
	}
}

// TestATranscriptBeforeItsSession: a transcript stored before its session
// (numbered by when it was fetched) moves to its session's start when the
// session comes, so a search over the session's range finds it.
func TestATranscriptBeforeItsSession(t *testing.T) {
	t.Parallel()
	fetched := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st := openAt(t, fetched)
	ctx := context.Background()
	start := fetched.AddDate(0, 0, -3)
	m := saying(t, "m1", "harbour")
	if err := st.PutTranscript(ctx, "s-1", APIMessages, []model.Message{m}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSessions(ctx, []model.Session{sessionAt(t, "s-1", start)}); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := st.db.QueryRowContext(ctx, `SELECT rowid FROM messages WHERE session_id = 's-1'`).Scan(&id); err != nil || id>>rowidShift != start.Unix() {
		t.Errorf("rowid %d (second %d), the session started at second %d (%v)", id, id>>rowidShift, start.Unix(), err)
	}
	f := model.Filter{Range: model.Range{From: start.Add(-time.Hour), To: start.Add(time.Hour)}}
	if hits, err := st.Search(ctx, f, "harbour", 0); err != nil || len(hits) != 1 {
		t.Errorf("search over the session's range: %+v %v", hits, err)
	}
}
