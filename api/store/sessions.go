package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"konvo/model"
)

// ErrNotStored is a transcript konvo was asked for offline but never
// stored.
var ErrNotStored = errors.New("not in the local store (konvo is offline: run konvo sync for the range, or start without --offline)")

// API names of what fetched a record, kept with it.
const (
	APISessions   = "getSessions"
	APIMessages   = "getMessages"
	APIMessagesV2 = "getMessagesV2"
	// APIImport is what konvo import read from an export.
	APIImport = "import"
)

// PutSessions keeps sessions as the server sent them (Raw), replacing
// older copies. A session's containment is kept beside the record: the
// record's own, or the one a containment listing found it under (some
// servers leave containmentType out); a record without one never
// forgets what an earlier listing said.
func (s *Store) PutSessions(ctx context.Context, sessions []model.Session) (err error) {
	defer s.checkDamaged(&err)
	if len(sessions) == 0 {
		return nil
	}
	w, err := s.beginWriter(ctx)
	if err != nil {
		return fmt.Errorf("store sessions: %w", err)
	}
	defer w.close()
	if _, err := s.putSessions(ctx, w, sessions); err != nil {
		return err
	}
	return w.commit(ctx)
}

// dropMoved forgets the stored transcript (and details and contact
// center record) of a session whose start the
// server now gives otherwise: its messages were stamped for the old
// start (the demo's showcase moves with the clock; a real bot's would be
// a correction), so the transcript is fetched again rather than shown
// hours away from its session.
//
// known says whether the session was stored before: a new one's messages,
// stored before it, are placed by its start (placeMessages).
func (s *Store) dropMoved(ctx context.Context, tx *writer, ss model.Session) (known bool, err error) {
	var start int64
	err = tx.QueryRowContext(ctx, `SELECT start_ms FROM sessions WHERE id = ?`, ss.ID).Scan(&start)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store session %s: %w", ss.ID, err)
	case start == ms(ss.Start):
		return true, nil
	}
	tx.forgetIndex(ss.ID)
	if err := deleteMessages(ctx, tx, `session_id = ?`, ss.ID); err != nil {
		return true, err
	}
	// What was kept beside it was stamped for the old start too.
	for _, table := range []string{"transcripts", "details", "agent_records"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE session_id = ?`, ss.ID); err != nil {
			return true, fmt.Errorf("store session %s: %w", ss.ID, err)
		}
	}
	return true, nil
}

// putSessions writes sessions in tx; written is how many were (an erased
// one is not).
func (s *Store) putSessions(ctx context.Context, tx *writer, sessions []model.Session) (written int, err error) {
	st, err := tx.stmt(ctx, `INSERT INTO sessions(id, user_id, start_ms, end_ms, containment, channel, status, raw, fetched_ms, api, lang)
		VALUES(?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET user_id=excluded.user_id, start_ms=excluded.start_ms, end_ms=excluded.end_ms,
		containment=CASE WHEN excluded.containment = 0 THEN sessions.containment ELSE excluded.containment END,
		channel=excluded.channel, status=excluded.status, raw=excluded.raw,
		fetched_ms=excluded.fetched_ms, api=excluded.api, lang=excluded.lang`)
	if err != nil {
		return 0, fmt.Errorf("store sessions: %w", err)
	}
	now := ms(s.now())
	for _, ss := range sessions {
		// An erased user's or session's row is not written back.
		if gone, err := erasedEither(ctx, tx, ss.ID, ss.UserID); err != nil || gone {
			if err != nil {
				return written, err
			}
			continue
		}
		known, bare := false, tx.bare[ss.ID]
		if !bare {
			if known, err = s.dropMoved(ctx, tx, ss); err != nil {
				return written, err
			}
		}
		c := int(model.All)
		if ss.ContainmentKnown {
			c = int(ss.Containment)
		}
		lang := ""
		if len(ss.Languages) > 0 {
			lang = ss.Languages[0]
		}
		if _, err := st.ExecContext(ctx, ss.ID, ss.UserID, ms(ss.Start), ms(ss.End), c, ss.Channel, ss.Status, []byte(ss.Raw), now, APISessions, lang); err != nil {
			return written, fmt.Errorf("store session %s: %w", ss.ID, err)
		}
		if !known && !bare {
			// A transcript stored before its session was numbered by when
			// it was fetched; a known session's messages are in place.
			if err := s.placeMessages(ctx, tx, ss.ID, ms(ss.Start)); err != nil {
				return written, err
			}
		}
		written++
	}
	return written, nil
}

// Session is a stored session.
func (s *Store) Session(ctx context.Context, id string) (_ model.Session, _ bool, err error) {
	defer s.checkDamaged(&err)
	var raw []byte
	var c int
	err = s.db.QueryRowContext(ctx, `SELECT raw, containment FROM sessions WHERE id = ?`, id).Scan(&raw, &c)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return model.Session{}, false, nil
		}
		return model.Session{}, false, fmt.Errorf("read stored session: %w", err)
	}
	ss, err := decodeSession(raw, c)
	return ss, err == nil, err
}

// errUnreadableRecord is a stored session that no longer decodes.
var errUnreadableRecord = errors.New("a stored session cannot be read")

// decodeSession reads a stored record; c is the containment stored
// beside it, which stands in when the record names none.
func decodeSession(raw []byte, c int) (model.Session, error) {
	var ss model.Session
	if err := json.Unmarshal(raw, &ss); err != nil {
		return ss, fmt.Errorf("%w: %w", errUnreadableRecord, err)
	}
	if !ss.ContainmentKnown && model.Containment(c) != model.All {
		ss.Containment, ss.ContainmentKnown = model.Containment(c), true
	}
	return ss, nil
}

// Sessions are the stored sessions a filter selects, newest first: the
// range, containment and user in SQL, the rest (tags, type, ids) in Go.
func (s *Store) Sessions(ctx context.Context, f model.Filter) (_ []model.Session, err error) {
	defer s.checkDamaged(&err)
	cond, args := sessionsQuery(f)
	return s.sessionsWhere(ctx, f, `SELECT raw, containment FROM sessions WHERE `+cond+` ORDER BY start_ms DESC, id`, args...)
}

// sessionsWhere runs a query of session records (raw, containment) and
// keeps those f matches in full, in the query's order.
func (s *Store) sessionsWhere(ctx context.Context, f model.Filter, q string, args ...any) ([]model.Session, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read stored sessions: %w", err)
	}
	defer rows.Close()
	var out []model.Session
	for rows.Next() {
		var raw []byte
		var c int
		if err := rows.Scan(&raw, &c); err != nil {
			return nil, fmt.Errorf("read stored sessions: %w", err)
		}
		ss, err := decodeSession(raw, c)
		if err != nil {
			return nil, err
		}
		if f.Matches(ss) {
			out = append(out, ss)
		}
	}
	return out, rows.Err()
}

// Active reports whether a session may still grow: it says so, or it
// ended within the last hour (late messages arrive after the end).
func Active(ss model.Session, now time.Time) bool {
	return ss.Status == "active" || ss.End.IsZero() || now.Sub(ss.End) < time.Hour
}

// LastFetched is when the newest stored record was fetched (zero for an
// empty store): how old offline answers are.
func (s *Store) LastFetched(ctx context.Context) (time.Time, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(fetched_ms) FROM sessions), 0), coalesce((SELECT max(fetched_ms) FROM transcripts), 0))`).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the local store: %w", err)
	}
	return fromMS(n), nil
}

// UnknownContainment counts the stored sessions of r whose containment
// is not known: the record names none and no containment listing has
// found them yet.
func (s *Store) UnknownContainment(ctx context.Context, r model.Range) (n int, err error) {
	defer s.checkDamaged(&err)
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE start_ms >= ? AND start_ms < ? AND containment = 0`,
		ms(r.From), ms(r.To)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count sessions of unknown containment: %w", err)
	}
	return n, nil
}
