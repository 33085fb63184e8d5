package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Erased counts what a purge deleted.
type Erased struct{ Sessions, Messages int }

// PurgeUser deletes every stored session of a user and its transcript,
// and any transcript whose messages are the user's even where the session
// row is gone: a data subject's erasure. The user is tombstoned, so no
// open konvo writes their data back.
func (s *Store) PurgeUser(ctx context.Context, userID string) (_ Erased, err error) {
	defer s.checkDamaged(&err)
	return s.purge(ctx, true, func(tx *sql.Tx) error { return s.bury(ctx, tx, erasedUser, userID) },
		`SELECT id FROM sessions WHERE user_id = ?1
		 UNION SELECT DISTINCT session_id FROM messages WHERE json_valid(raw) AND json_extract(raw, '$.userId') = ?1
		 UNION SELECT session_id FROM surveys WHERE user_id = ?1`, userID)
}

// PurgeSession deletes one stored session and its transcript, and
// tombstones it.
func (s *Store) PurgeSession(ctx context.Context, id string) (_ Erased, err error) {
	defer s.checkDamaged(&err)
	return s.purge(ctx, true, func(tx *sql.Tx) error { return s.bury(ctx, tx, erasedSession, id) }, `SELECT ? AS id`, id)
}

// PurgeAll deletes everything stored, the synced ranges with it in the
// same transaction: a store that kept its range records without the
// sessions would tell later syncs the range is whole.
func (s *Store) PurgeAll(ctx context.Context) (_ Erased, err error) {
	defer s.checkDamaged(&err)
	return s.purge(ctx, true, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM memory`); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM coverage`, `DELETE FROM survey_coverage`, `DELETE FROM surveys`, `DELETE FROM details`, `DELETE FROM agent_records`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}, `SELECT id FROM sessions UNION SELECT session_id FROM transcripts`)
}

// Expire drops what was fetched before keep ago: stored data is not
// kept past its use. When nothing is that old it only looks (indexed
// look-ups), and takes no write lock; else it erases expireBatch
// sessions a transaction, so a reader or a sync waits on one batch at
// most, never on a whole day of a large bot.
func (s *Store) Expire(ctx context.Context, keep time.Duration) (_ Erased, err error) {
	defer s.checkDamaged(&err)
	cut := ms(s.now().Add(-keep))
	var total Erased
	for {
		old, err := s.expiring(ctx, cut)
		if err != nil || !old {
			return total, err
		}
		e, err := s.purge(ctx, false, func(tx *sql.Tx) error {
			for _, table := range []string{"coverage", "survey_coverage", "surveys", "details", "agent_records"} {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE fetched_ms < ?`, cut); err != nil {
					return err
				}
			}
			return nil
		}, `SELECT id FROM (SELECT id FROM sessions WHERE fetched_ms < ?1 UNION SELECT session_id FROM transcripts WHERE fetched_ms < ?1) LIMIT ?2`, cut, expireBatch)
		total.Sessions += e.Sessions
		total.Messages += e.Messages
		if err != nil {
			return total, err
		}
	}
}

// expireBatch is how many sessions one expiry transaction erases: about
// 6,000 messages, a few tens of milliseconds of write lock.
const expireBatch = 500

// expiring reports whether anything was fetched before cut.
func (s *Store) expiring(ctx context.Context, cut int64) (bool, error) {
	var old int
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM sessions WHERE fetched_ms < ?1)
		OR EXISTS(SELECT 1 FROM transcripts WHERE fetched_ms < ?1) OR EXISTS(SELECT 1 FROM coverage WHERE fetched_ms < ?1)
		OR EXISTS(SELECT 1 FROM surveys WHERE fetched_ms < ?1) OR EXISTS(SELECT 1 FROM details WHERE fetched_ms < ?1)
		OR EXISTS(SELECT 1 FROM agent_records WHERE fetched_ms < ?1)`, cut).Scan(&old); err != nil {
		return false, fmt.Errorf("expire: %w", err)
	}
	return old == 1, nil
}

// ExpireEvery expires now and then every interval until ctx ends (or
// the store closes), in the background: a TUI or konvo serve that runs
// for days keeps no data past its retention. Errors go to errs.
func (s *Store) ExpireEvery(ctx context.Context, keep, every time.Duration, errs func(error)) {
	s.background(func(bg context.Context) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(bg, cancel)
		defer stop()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if _, err := s.Expire(ctx, keep); err != nil && ctx.Err() == nil && errs != nil {
				errs(err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

// purge deletes the sessions the query selects (a column named id), with
// their transcripts and index entries. The rows' text is overwritten as
// it is deleted (the secure_delete pragma). An erasure on request also
// merges the search index, whose old segments still hold pieces of the
// words; expiry on start leaves that to the index's own merging, rather
// than rewrite the whole index before konvo opens.
//
// also runs in the same transaction (the range records, a tombstone):
// a purge is whole or not at all, never half on a full disk.
func (s *Store) purge(ctx context.Context, erasure bool, also func(*sql.Tx) error, selectIDs string, args ...any) (Erased, error) {
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
	for _, table := range []string{"transcripts", "surveys", "details", "agent_records"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE session_id IN (SELECT id FROM doomed)`); err != nil {
			return e, fmt.Errorf("purge: %w", err)
		}
	}
	// What konvo remembers of those sessions (read, starred) holds their
	// records too: it goes with them.
	if _, err := tx.ExecContext(ctx, `DELETE FROM memory WHERE kind IN ('recent', 'star') AND key IN (SELECT id FROM doomed)`); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if also != nil {
		if err := also(tx); err != nil {
			return Erased{}, fmt.Errorf("purge: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return e, fmt.Errorf("purge: %w", err)
	}
	if e.Sessions+e.Messages == 0 {
		return e, nil
	}
	// The log still holds the old pages. An erasure on request waits for
	// readers to let it empty the log; expiry, which runs beside them in
	// batches, copies what it can now and leaves the rest to the next.
	steps := []string{`PRAGMA wal_checkpoint(PASSIVE)`}
	if erasure {
		steps = []string{`INSERT INTO message_text(message_text) VALUES('optimize')`, `PRAGMA wal_checkpoint(TRUNCATE)`}
	}
	for _, q := range steps {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return e, fmt.Errorf("purge: %w", err)
		}
	}
	return e, nil
}
