package store

import (
	"context"
	"fmt"
)

// migrations bring a database from version i to i+1; a database is at
// version len(migrations). Never edit one that has shipped: add another.
var migrations = []string{
	// 1: sessions and transcripts as sent, what fetched them and when, a
	// trigram index of what a reader sees, and the ranges synced whole.
	`CREATE TABLE sessions(
		id          TEXT PRIMARY KEY,
		user_id     TEXT NOT NULL,
		start_ms    INTEGER NOT NULL,
		end_ms      INTEGER NOT NULL,
		containment INTEGER NOT NULL,
		channel     TEXT NOT NULL,
		status      TEXT NOT NULL,
		raw         BLOB NOT NULL,
		fetched_ms  INTEGER NOT NULL,
		api         TEXT NOT NULL
	);
	CREATE INDEX sessions_start ON sessions(start_ms);
	CREATE INDEX sessions_user ON sessions(user_id, start_ms);
	CREATE TABLE transcripts(
		session_id TEXT PRIMARY KEY,
		messages   INTEGER NOT NULL,
		fetched_ms INTEGER NOT NULL,
		api        TEXT NOT NULL
	);
	CREATE TABLE messages(
		session_id TEXT NOT NULL,
		seq        INTEGER NOT NULL,
		raw        BLOB NOT NULL,
		UNIQUE(session_id, seq)
	);
	CREATE VIRTUAL TABLE message_text USING fts5(body, tokenize = 'trigram');
	CREATE TABLE coverage(
		from_ms    INTEGER NOT NULL,
		to_ms      INTEGER NOT NULL,
		fetched_ms INTEGER NOT NULL
	);`,
	// 2: whether a transcript shows a failed task (an error component),
	// for the "failed task" view; older transcripts count as not.
	`ALTER TABLE transcripts ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;`,
}

// migrate brings the schema up to date in one transaction per step, so
// a crash mid-way leaves the last whole version.
func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("it was written by a newer konvo (schema %d, this one knows %d)", v, len(migrations))
	}
	for ; v < len(migrations); v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
