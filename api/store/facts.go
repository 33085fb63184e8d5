package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"konvo/model"
)

// Facts are what the stored transcripts of ids tell (model.Facts), turns
// slower than slow counted; a session without a stored transcript is not
// in the answer.
func (s *Store) Facts(ctx context.Context, ids []string, slow time.Duration) (_ map[string]model.Facts, err error) {
	defer s.checkDamaged(&err)
	out := make(map[string]model.Facts, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)] // SQLite's variable limit is far above; keep statements small
		ids = ids[len(chunk):]
		args := []any{slow.Milliseconds()}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT t.session_id, t.failed, t.failed_seq, t.failed_task, t.failed_text,
			(SELECT count(*) FROM messages m WHERE m.session_id = t.session_id AND m.latency_ms > ?1),
			(SELECT coalesce(max(m.latency_ms), 0) FROM messages m WHERE m.session_id = t.session_id AND m.latency_ms > 0),
			coalesce((SELECT m.seq FROM messages m WHERE m.session_id = t.session_id AND m.latency_ms > 0 ORDER BY m.latency_ms DESC, m.seq LIMIT 1), -1)
			FROM transcripts t WHERE t.session_id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read what the stored transcripts tell: %w", err)
		}
		for rows.Next() {
			var id string
			var f model.Facts
			var worst int64
			if err := rows.Scan(&id, &f.Failed, &f.FailedSeq, &f.FailedTask, &f.FailedText, &f.SlowTurns, &worst, &f.WorstSeq); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read what the stored transcripts tell: %w", err)
			}
			f.Worst = time.Duration(worst) * time.Millisecond
			out[id] = f
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SlowSessions are the stored sessions of f with a turn slower than slow,
// newest first.
func (s *Store) SlowSessions(ctx context.Context, f model.Filter, slow time.Duration) (_ []model.Session, err error) {
	defer s.checkDamaged(&err)
	return s.sessionsWhere(ctx, f, `SELECT s.raw, s.containment FROM sessions s
		WHERE s.start_ms >= ? AND s.start_ms < ?
		AND EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id AND m.latency_ms > ?)
		ORDER BY s.start_ms DESC, s.id`, ms(f.Range.From), ms(f.Range.To), slow.Milliseconds())
}
