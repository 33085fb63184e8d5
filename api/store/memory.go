package store

import (
	"context"
	"fmt"
	"time"
)

// Memo is one thing remembered: its key, what was kept, and when.
type Memo struct {
	Key   string
	Value []byte
	At    time.Time
}

// memoryCap bounds each kind of memory of one owner: the oldest go first.
const memoryCap = 500

// Remember keeps value under (owner, kind, key), now; the same key again
// replaces it and counts as newest. Each kind keeps its newest memoryCap.
func (s *Store) Remember(ctx context.Context, owner, kind, key string, value []byte) (err error) {
	defer s.checkDamaged(&err)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("remember: %w", err)
	}
	defer tx.Rollback()
	// Strictly after everything of the kind, so "newest" holds within a
	// millisecond too.
	if _, err := tx.ExecContext(ctx, `INSERT INTO memory(owner, kind, key, value, at_ms)
		VALUES(?1, ?2, ?3, ?4, max(?5, (SELECT coalesce(max(at_ms), 0) + 1 FROM memory WHERE owner = ?1 AND kind = ?2)))
		ON CONFLICT(owner, kind, key) DO UPDATE SET value=excluded.value, at_ms=excluded.at_ms`,
		owner, kind, key, value, ms(s.now())); err != nil {
		return fmt.Errorf("remember: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM memory WHERE owner = ? AND kind = ? AND key NOT IN
		(SELECT key FROM memory WHERE owner = ? AND kind = ? ORDER BY at_ms DESC, key LIMIT ?)`,
		owner, kind, owner, kind, memoryCap); err != nil {
		return fmt.Errorf("remember: %w", err)
	}
	return tx.Commit()
}

// Forget drops what was remembered under (owner, kind, key).
func (s *Store) Forget(ctx context.Context, owner, kind, key string) (err error) {
	defer s.checkDamaged(&err)
	if _, err := s.db.ExecContext(ctx, `DELETE FROM memory WHERE owner = ? AND kind = ? AND key = ?`, owner, kind, key); err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	return nil
}

// Recall is what is remembered of a kind for owner, newest first, at
// most limit (0: all).
func (s *Store) Recall(ctx context.Context, owner, kind string, limit int) (_ []Memo, err error) {
	defer s.checkDamaged(&err)
	if limit <= 0 {
		limit = memoryCap
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key, value, at_ms FROM memory WHERE owner = ? AND kind = ?
		ORDER BY at_ms DESC, key LIMIT ?`, owner, kind, limit)
	if err != nil {
		return nil, fmt.Errorf("recall: %w", err)
	}
	defer rows.Close()
	var out []Memo
	for rows.Next() {
		var m Memo
		var at int64
		if err := rows.Scan(&m.Key, &m.Value, &at); err != nil {
			return nil, fmt.Errorf("recall: %w", err)
		}
		m.At = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}
