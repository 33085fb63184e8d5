package store

import (
	"context"
	"fmt"
	"time"

	"konvo/model"
)

// Cursor is where a page of stored sessions ended: the last session's
// start and id (sessions are ordered newest first, then by id). The zero
// Cursor is the top.
type Cursor struct {
	StartMS int64
	ID      string
	set     bool
}

// SessionsPage is up to limit stored sessions of f after c, newest first,
// and where the next page starts; done when there are no more. Only what
// a page shows is read and decoded: the first screen of a list costs the
// same whatever the store holds.
func (s *Store) SessionsPage(ctx context.Context, f model.Filter, c Cursor, limit int) (_ []model.Session, next Cursor, done bool, err error) {
	defer s.checkDamaged(&err)
	var out []model.Session
	for len(out) < limit {
		q, args := sessionsQuery(f)
		if c.set {
			q += ` AND (start_ms < ? OR start_ms = ? AND id > ?)`
			args = append(args, c.StartMS, c.StartMS, c.ID)
		}
		// Ask for more than is left when Go decides part of the filter.
		ask := limit - len(out)
		if !sqlDecides(f) {
			ask = max(ask*4, 200)
		}
		q += ` ORDER BY start_ms DESC, id LIMIT ?`
		args = append(args, ask)
		rows, err := s.db.QueryContext(ctx, `SELECT raw, containment, start_ms, id FROM sessions WHERE `+q, args...)
		if err != nil {
			return nil, c, false, fmt.Errorf("read stored sessions: %w", err)
		}
		n := 0
		for rows.Next() {
			var raw []byte
			var cont int
			if err := rows.Scan(&raw, &cont, &c.StartMS, &c.ID); err != nil {
				rows.Close()
				return nil, c, false, fmt.Errorf("read stored sessions: %w", err)
			}
			c.set = true
			n++
			ss, err := decodeSession(raw, cont)
			if err != nil {
				rows.Close()
				return nil, c, false, err
			}
			if f.Matches(ss) {
				out = append(out, ss)
				if len(out) == limit {
					break // the cursor stays at the last one kept
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, c, false, fmt.Errorf("read stored sessions: %w", err)
		}
		if n < ask && len(out) < limit {
			return out, c, true, nil
		}
	}
	return out, c, false, nil
}

// CountSessions counts the stored sessions of f: in SQL, an index's
// count, when SQL decides the whole filter; else by reading them.
func (s *Store) CountSessions(ctx context.Context, f model.Filter) (n int, err error) {
	defer s.checkDamaged(&err)
	if !sqlDecides(f) {
		got, err := s.Sessions(ctx, f)
		return len(got), err
	}
	if f.UserID == "" && !f.Range.To.IsZero() {
		return s.countKept(ctx, f)
	}
	q, args := sessionsQuery(f)
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE `+q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count stored sessions: %w", err)
	}
	return n, nil
}

// quarterMS is the unit of the kept time_counts.
const quarterMS = 15 * 60 * 1000

// countKept counts a range's sessions from the counts kept as they are
// written (counts_schema.go) for its whole quarter hours, and from the
// sessions at its two ends: a month costs a few thousand count rows, not
// a read of every session's index entry.
func (s *Store) countKept(ctx context.Context, f model.Filter) (int, error) {
	from, to := ms(f.Range.From), ms(f.Range.To)
	q0, q1 := (from+quarterMS-1)/quarterMS, to/quarterMS
	if from < 0 || q1 <= q0 {
		q0, q1 = 0, 0 // too short for a whole quarter: the sessions alone
	}
	cond, args := `quarter >= ? AND quarter < ?`, []any{q0, q1}
	if f.Containment != model.All {
		cond += ` AND containment = ?`
		args = append(args, int(f.Containment))
	}
	var kept int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(sum(sessions), 0) FROM time_counts WHERE `+cond, args...).Scan(&kept); err != nil {
		return 0, fmt.Errorf("count stored sessions: %w", err)
	}
	ends := [][2]int64{{from, q0 * quarterMS}, {q1 * quarterMS, to}}
	if q1 <= q0 {
		ends = [][2]int64{{from, to}}
	}
	for _, e := range ends {
		if e[0] >= e[1] {
			continue
		}
		g := f
		g.Range = model.Range{From: time.UnixMilli(e[0]), To: time.UnixMilli(e[1])}
		q, args := sessionsQuery(g)
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE `+q, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("count stored sessions: %w", err)
		}
		kept += n
	}
	return kept, nil
}

// sessionsQuery is the part of f SQL applies to the sessions table.
func sessionsQuery(f model.Filter) (string, []any) {
	q := `start_ms >= ? AND start_ms < ?`
	to := f.Range.To
	if to.IsZero() {
		to = time.UnixMilli(1 << 52)
	}
	args := []any{ms(f.Range.From), ms(to)}
	if f.Containment != model.All {
		q += ` AND containment = ?`
		args = append(args, int(f.Containment))
	}
	if f.UserID != "" {
		q += ` AND user_id = ?`
		args = append(args, f.UserID)
	}
	return q, args
}

// sqlDecides reports whether sessionsQuery is the whole of f: no ids,
// session type, channel, language or tags, which only the record says.
func sqlDecides(f model.Filter) bool {
	return len(f.SessionIDs) == 0 && f.Type == model.AnySessionType && !f.HasLocal() && len(f.Tags) == 0
}
