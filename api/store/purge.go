package store

import (
	"context"
	"fmt"
	"time"
)

// Erased counts what a purge deleted.
type Erased struct{ Sessions, Messages int }

// PurgeUser deletes every stored session of a user and its transcript:
// a data subject's erasure.
func (s *Store) PurgeUser(ctx context.Context, userID string) (Erased, error) {
	return s.purge(ctx, true, `SELECT id FROM sessions WHERE user_id = ?`, userID)
}

// PurgeSession deletes one stored session and its transcript.
func (s *Store) PurgeSession(ctx context.Context, id string) (Erased, error) {
	return s.purge(ctx, true, `SELECT ? AS id`, id)
}

// PurgeAll deletes everything stored.
func (s *Store) PurgeAll(ctx context.Context) (Erased, error) {
	e, err := s.purge(ctx, true, `SELECT id FROM sessions UNION SELECT session_id FROM transcripts`)
	if err == nil {
		_, err = s.db.ExecContext(ctx, `DELETE FROM coverage`)
	}
	return e, err
}

// Expire drops what was fetched before keep ago: stored data is not
// kept past its use.
func (s *Store) Expire(ctx context.Context, keep time.Duration) (Erased, error) {
	cut := ms(s.now().Add(-keep))
	e, err := s.purge(ctx, false, `SELECT id FROM sessions WHERE fetched_ms < ? UNION SELECT session_id FROM transcripts WHERE fetched_ms < ?`, cut, cut)
	if err == nil {
		_, err = s.db.ExecContext(ctx, `DELETE FROM coverage WHERE fetched_ms < ?`, cut)
	}
	return e, err
}

// purge deletes the sessions the query selects (a column named id), with
// their transcripts and index entries. The rows' text is overwritten as
// it is deleted (the secure_delete pragma). An erasure on request also
// merges the search index, whose old segments still hold pieces of the
// words; expiry on start leaves that to the index's own merging, rather
// than rewrite the whole index before konvo opens.
func (s *Store) purge(ctx context.Context, erasure bool, selectIDs string, args ...any) (Erased, error) {
	var e Erased
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS doomed(id TEXT PRIMARY KEY)`); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM doomed`); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doomed(id) `+selectIDs, args...); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE session_id IN (SELECT id FROM doomed)`).Scan(&e.Messages); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if err := deleteMessages(ctx, tx, `session_id IN (SELECT id FROM doomed)`); err != nil {
		return e, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id IN (SELECT id FROM doomed)`)
	if err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	n, _ := res.RowsAffected()
	e.Sessions = int(n)
	if _, err := tx.ExecContext(ctx, `DELETE FROM transcripts WHERE session_id IN (SELECT id FROM doomed)`); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if e.Sessions+e.Messages == 0 {
		return e, nil
	}
	steps := []string{`PRAGMA wal_checkpoint(TRUNCATE)`} // the log still holds the old pages
	if erasure {
		steps = append([]string{`INSERT INTO message_text(message_text) VALUES('optimize')`}, steps...)
	}
	for _, q := range steps {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return e, fmt.Errorf("purge: %w", err)
		}
	}
	return e, nil
}
