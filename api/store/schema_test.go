package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"konvo/model"
)

// storeOfSchema is a new store database of host https://h.example and
// bot b at schema v, as a konvo of that schema left it, open for the
// caller's rows (which closes it before opening the store).
func storeOfSchema(t *testing.T, v int) (dir string, db *sql.DB) {
	t.Helper()
	dir = t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName("https://h.example", "b")))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migrations[:v] {
		if _, err := db.Exec(m); err != nil {
			t.Fatalf("schema %d: %v", i+1, err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
	return dir, db
}

// TestMigratesAnOlderStore: a database of schema 1 (konvo before the
// failed-task view) opens, keeps its data and gains the new column.
func TestMigratesAnOlderStore(t *testing.T) {
	t.Parallel()
	dir, db := storeOfSchema(t, 1)
	for _, q := range []string{
		`INSERT INTO transcripts(session_id, messages, fetched_ms, api) VALUES('s1', 3, 1, 'getMessages')`,
		`INSERT INTO messages(session_id, seq, raw) VALUES('s1', 0, '{"type":"incoming","components":[{"cT":"text","data":{"text":"hi"}}]}')`,
		`INSERT INTO messages(session_id, seq, raw) VALUES('s1', 1, '{"type":"outgoing","components":[{"cT":"text","data":{"text":"hello"}}]}')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	var told [][2]int
	st, err := OpenNoting(dir, "https://h.example", "b", nil, func(from, to int) { told = append(told, [2]int{from, to}) })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The upgrade is said once, before it starts, however many steps.
	if len(told) != 1 || told[0] != [2]int{1, len(migrations)} {
		t.Errorf("told of the upgrade %v, want once, from 1 to %d", told, len(migrations))
	}
	if again, err := OpenNoting(dir, "https://h.example", "b", nil, func(from, to int) { t.Errorf("an up-to-date store told of an upgrade %d → %d", from, to) }); err == nil {
		again.Close()
	}
	if fresh, err := OpenNoting(t.TempDir(), "https://h.example", "b", nil, func(from, to int) { t.Errorf("a new store told of an upgrade %d → %d", from, to) }); err == nil {
		fresh.Close()
	}
	var v, failed, n int
	ctx := context.Background()
	_ = st.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	if err := st.db.QueryRowContext(ctx, "SELECT messages, failed FROM transcripts WHERE session_id = 's1'").Scan(&n, &failed); err != nil {
		t.Fatal(err)
	}
	// Migration 5 reads who said each stored message.
	var user, bot int
	_ = st.db.QueryRowContext(ctx, "SELECT speaker FROM messages WHERE seq = 0").Scan(&user)
	_ = st.db.QueryRowContext(ctx, "SELECT speaker FROM messages WHERE seq = 1").Scan(&bot)
	if user != int(model.SpeakerUser) || bot != int(model.SpeakerBot) {
		t.Errorf("speakers after the migration: %d %d", user, bot)
	}
	if v != len(migrations) || n != 3 || failed != 0 {
		t.Errorf("version %d, messages %d, failed %d", v, n, failed)
	}
	// A newer konvo's store is refused with a clear error, not misread.
	if _, err := st.db.ExecContext(ctx, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(dir, "https://h.example", "b", nil); err == nil {
		t.Error("a store of a newer schema was opened")
	}
}

// shipped are the first 16 hex digits of each migration's SHA-256 as it
// shipped. Schemas 10 and 15 are built from countTriggers: a change
// there would rewrite what stores already ran, unseen.
var shipped = []string{
	"8340e3c7bd5f7f90", "364ea6672b75a9ca", "338cfe609d3789ab", "4342ee7e7b7a5cc0", "e730471b61c72113",
	"4da55ff919714cca", "4af6468782a764c3", "86c92df047b050b0", "c10268351531fd1e", "d9a07d6c8b0dd0bd",
	"e1c9e39e2be6dd9e", "5104f55a6358dd9d", "811909722ad5a146", "e0f363ce9b70839b", "8c089ba61a1edef4",
	"759902fd8a67b867",
}

// TestShippedMigrationsAreUnchanged: a migration that has shipped is
// never edited (a store that ran it would not run it again); a new one
// is added, and its digest here.
func TestShippedMigrationsAreUnchanged(t *testing.T) {
	t.Parallel()
	if len(migrations) < len(shipped) {
		t.Fatalf("%d migrations, %d shipped", len(migrations), len(shipped))
	}
	for i, want := range shipped {
		if got := fmt.Sprintf("%x", sha256.Sum256([]byte(migrations[i])))[:16]; got != want {
			t.Errorf("migration %d changed: digest %s, shipped %s", i+1, got, want)
		}
	}
	if len(migrations) > len(shipped) {
		t.Errorf("migrations %d to %d have no digest in shipped", len(shipped)+1, len(migrations))
	}
}
