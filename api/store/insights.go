package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"konvo/model"
)

// Insights are the store's answers about a filter's sessions, counted in
// SQL from what PutSessions and PutTranscript keep: no transcript is
// read. model.Summarize turns them into figures.
type Insights = model.InsightData

// Fallbacks are the words of a bot's fallback answer ("I didn't
// understand"): a message holding one counts as not understood.
func Fallbacks() []string {
	return []string{"didn't understand", "did not understand", "didn't get that", "didn't catch that", "could you rephrase"}
}

// where is the SQL condition of f on sessions s, and its arguments; the
// filter's parts SQL cannot answer (tags, session type) are not in it
// and left to Local.
func where(f model.Filter) (string, []any) {
	q := `s.start_ms >= ? AND s.start_ms < ?`
	args := []any{ms(f.Range.From), ms(f.Range.To)}
	if f.Containment != model.All {
		q += ` AND s.containment = ?`
		args = append(args, int(f.Containment))
	}
	if f.UserID != "" {
		q += ` AND s.user_id = ?`
		args = append(args, f.UserID)
	}
	if f.Channel != "" && f.Channel != "voice" {
		q += ` AND s.channel = ?`
		args = append(args, f.Channel)
	}
	if f.Language != "" {
		q += ` AND s.lang = ?`
		args = append(args, f.Language)
	}
	return q, args
}

// Insights counts f's stored sessions. Tags, session type and "voice" as
// a channel are answered by reading the range's session records (not
// transcripts); everything else in SQL alone.
func (s *Store) Insights(ctx context.Context, f model.Filter) (_ Insights, err error) {
	defer s.checkDamaged(&err)
	var in Insights
	// One transaction: every count sees the same store, and the table of
	// matching ids (a temporary one) is on its connection.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return in, fmt.Errorf("insights: %w", err)
	}
	defer tx.Rollback()
	cond, args := where(f)
	if f.HasLocal() || len(f.Tags) > 0 || f.Type != model.AnySessionType || f.Channel == "voice" {
		if err := s.matching(ctx, tx, f, cond, args); err != nil {
			return in, err
		}
		cond, args = `s.id IN (SELECT id FROM insight_ids)`, nil
	}
	q := func(query string, scan func(scan func(...any) error) error, extra ...any) error {
		rows, err := tx.QueryContext(ctx, query, append(append([]any{}, args...), extra...)...)
		if err != nil {
			return fmt.Errorf("insights: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows.Scan); err != nil {
				return fmt.Errorf("insights: %w", err)
			}
		}
		return rows.Err()
	}
	err = q(`SELECT s.start_ms / `+fmt.Sprint(model.QuarterMS)+` AS b, s.containment, count(*) FROM sessions s WHERE `+cond+` GROUP BY b, s.containment`,
		func(scan func(...any) error) error {
			var b model.Bucket
			err := scan(&b.Quarter, &b.Containment, &b.N)
			in.Buckets = append(in.Buckets, b)
			in.Sessions += b.N
			return err
		})
	if err != nil {
		return in, err
	}
	for col, out := range map[string]*[]model.Count{"channel": &in.Channels, "lang": &in.Languages} {
		err = q(`SELECT s.`+col+`, count(*) AS n FROM sessions s WHERE `+cond+` GROUP BY s.`+col+` ORDER BY n DESC, s.`+col,
			func(scan func(...any) error) error {
				var c model.Count
				err := scan(&c.Value, &c.N)
				*out = append(*out, c)
				return err
			})
		if err != nil {
			return in, err
		}
	}
	if err := q(`SELECT count(*) FROM sessions s JOIN transcripts t ON t.session_id = s.id WHERE `+cond,
		func(scan func(...any) error) error { return scan(&in.Transcripts) }); err != nil {
		return in, err
	}
	group := func(out *[]model.Group) func(scan func(...any) error) error {
		return func(scan func(...any) error) error {
			var g model.Group
			err := scan(&g.Text, &g.Task, &g.N)
			*out = append(*out, g)
			return err
		}
	}
	if err := q(`SELECT t.last_bot_text, t.last_bot_task, count(*) AS n FROM sessions s JOIN transcripts t ON t.session_id = s.id
		WHERE `+cond+` AND s.containment = ? AND t.last_bot_seq >= 0 GROUP BY t.last_bot_text, t.last_bot_task ORDER BY n DESC, t.last_bot_text LIMIT 50`,
		group(&in.DropOffs), int(model.DropOff)); err != nil {
		return in, err
	}
	if err := q(`SELECT CASE WHEN t.failed_task = '' THEN t.failed_text ELSE '' END AS x, t.failed_task, count(*) AS n
		FROM sessions s JOIN transcripts t ON t.session_id = s.id
		WHERE `+cond+` AND t.failed = 1 GROUP BY t.failed_task, x ORDER BY n DESC, t.failed_task LIMIT 50`, group(&in.Failed)); err != nil {
		return in, err
	}
	if err := q(`SELECT s.start_ms / `+fmt.Sprint(model.QuarterMS)+`, m.latency_ms, m.task FROM sessions s JOIN messages m ON m.session_id = s.id
		WHERE `+cond+` AND m.latency_ms > 0`, func(scan func(...any) error) error {
		var t model.Turn
		err := scan(&t.Quarter, &t.MS, &t.Task)
		in.Turns = append(in.Turns, t)
		return err
	}); err != nil {
		return in, err
	}
	in.NotUnderstood, err = notUnderstood(ctx, tx, cond, args)
	return in, err
}

// matching fills the temporary table insight_ids with the sessions of f
// that SQL cannot select alone (their records are read for it).
func (s *Store) matching(ctx context.Context, tx *sql.Tx, f model.Filter, cond string, args []any) error {
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS insight_ids(id TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM insight_ids`); err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.raw, s.containment FROM sessions s WHERE `+cond, args...)
	if err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	var ids []string
	for rows.Next() {
		var raw []byte
		var c int
		if err := rows.Scan(&raw, &c); err != nil {
			rows.Close()
			return fmt.Errorf("insights: %w", err)
		}
		ss, err := decodeSession(raw, c)
		if err != nil {
			rows.Close()
			return err
		}
		if f.Matches(ss) {
			ids = append(ids, ss.ID)
		}
	}
	rows.Close()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO insight_ids(id) VALUES(?)`, id); err != nil {
			return fmt.Errorf("insights: %w", err)
		}
	}
	return rows.Err()
}

// notUnderstood groups what users said last before each fallback answer.
func notUnderstood(ctx context.Context, tx *sql.Tx, cond string, args []any) ([]model.Group, error) {
	var phrases []string
	for _, p := range Fallbacks() {
		phrases = append(phrases, `"`+strings.ReplaceAll(fold(p), `"`, `""`)+`"`)
	}
	rows, err := tx.QueryContext(ctx, `SELECT (SELECT u.shown FROM messages um JOIN message_text u ON u.rowid = um.rowid
			WHERE um.session_id = m.session_id AND um.seq < m.seq AND um.speaker = 0 ORDER BY um.seq DESC LIMIT 1)
		FROM message_text JOIN messages m ON m.rowid = message_text.rowid JOIN sessions s ON s.id = m.session_id
		WHERE message_text MATCH ? AND m.speaker = 1 AND `+cond, append([]any{strings.Join(phrases, " OR ")}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("insights: %w", err)
	}
	defer rows.Close()
	n := map[string]int{}
	for rows.Next() {
		var said *string
		if err := rows.Scan(&said); err != nil {
			return nil, fmt.Errorf("insights: %w", err)
		}
		if said != nil {
			n[model.Line(*said)]++
		}
	}
	out := make([]model.Group, 0, len(n))
	for text, c := range n {
		out = append(out, model.Group{Text: text, N: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].N > out[j].N || out[i].N == out[j].N && out[i].Text < out[j].Text })
	return out, rows.Err()
}
