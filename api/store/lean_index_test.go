package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"konvo/model"
)

// TestSchema16KeepsSearchOfAnOlderStore: a store indexed before schema
// 16 (the text as shown kept beside the index) is rebuilt without it,
// every message still found, and a hit's snippet is the message as a
// reader sees it, found again from the message itself: a template's
// text, not its JSON.
func TestSchema16KeepsSearchOfAnOlderStore(t *testing.T) {
	t.Parallel()
	dir, db := storeOfSchema(t, 15)
	start := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	raw := fmt.Sprintf(`{"sessionId":"s1","userId":"u","start_time":%q}`, start.Format(time.RFC3339))
	const shown = "Which harbour? Pier 9 / Pier 10"
	body := `{"type":"outgoing","components":[{"cT":"text","data":{"text":{"type":"template","payload":{"template_type":"button","text":"Which harbour?","buttons":[{"type":"postback","title":"Pier 9","payload":"p9"},{"type":"postback","title":"Pier 10","payload":"p10"}]}}}}]}`
	rowid := start.Unix() << rowidShift
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO sessions(id, user_id, start_ms, end_ms, containment, channel, status, raw, fetched_ms, api) VALUES('s1', 'u', %d, %d, 0, 'rtm', '', '%s', 1, 'getSessions')`, start.UnixMilli(), start.UnixMilli(), raw),
		`INSERT INTO transcripts(session_id, messages, fetched_ms, api) VALUES('s1', 1, 1, 'getMessages')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO messages(rowid, session_id, seq, raw) VALUES(?, 's1', 0, ?)`, rowid, body); err != nil {
		t.Fatal(err)
	}
	// The old index's second column: what the snippet was read from.
	if _, err := db.Exec(`INSERT INTO message_text(rowid, body, shown) VALUES(?,?,?)`, rowid, fold(shown), "stale text as it was shown"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	st, err := Open(dir, "https://h.example", "b", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var cols int
	if err := st.db.QueryRow(`SELECT count(*) FROM pragma_table_info('message_text')`).Scan(&cols); err != nil || cols != 1 {
		t.Fatalf("message_text has %d columns (%v), want body alone", cols, err)
	}
	hits, err := st.Search(context.Background(), model.Filter{Range: model.Range{From: start.AddDate(0, 0, -1), To: start.AddDate(0, 0, 1)}}, "harbour", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits %v, %v; want s1", hits, err)
	}
	got := strings.NewReplacer(Mark, "", Unmark, "").Replace(hits[0].Snippet)
	if !strings.Contains(got, "Which harbour?") || !strings.Contains(got, "Pier 10") || strings.Contains(got, "stale") || strings.Contains(got, "template_type") {
		t.Errorf("snippet %q, want the template's text as read", got)
	}
}
