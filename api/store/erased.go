package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// Tombstones: an erased user or session is remembered by a hash of its
// id, so that a TUI or konvo serve that still holds it in memory cannot
// write it back (erasure wins over any later write). The id itself is
// not kept: the store forgets the person, and only recognises them.

const (
	erasedUser    = "user"
	erasedSession = "session"
)

func tombKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// bury records that a user or session was erased.
func (s *Store) bury(ctx context.Context, tx *sql.Tx, kind, id string) error {
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO erased(kind, key, at_ms) VALUES(?,?,?)`, kind, tombKey(id), ms(s.now()))
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	return nil
}

// buried reports whether any of the ids of kind was erased.
func buried(ctx context.Context, q rowQuerier, kind string, ids ...string) (bool, error) {
	// A write transaction knows whether the store holds any at all.
	if w, ok := q.(*writer); ok {
		if none, err := w.noneErased(ctx); err != nil || none {
			return false, err
		}
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM erased WHERE kind = ? AND key = ?`, kind, tombKey(id)).Scan(&n); err != nil {
			return false, fmt.Errorf("read erasures: %w", err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// erasedEither reports whether the session or its user was erased: what
// every writer of a session's data asks first.
func erasedEither(ctx context.Context, tx rowQuerier, sessionID, userID string) (bool, error) {
	if gone, err := buried(ctx, tx, erasedSession, sessionID); err != nil || gone {
		return gone, err
	}
	return buried(ctx, tx, erasedUser, userID)
}
