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

// Drill names the sessions behind one figure of the insights.
type Drill struct {
	// Kind is what the figure counts: "period" (Range), "dropoff" and
	// "failed" (Text, Task), "unclear" (Text: what the user said),
	// "slow" (Task; slow is the threshold), "channel" or "lang" (Text).
	Kind       string
	Text, Task string
	Range      model.Range
	Slow       int64 // ms
}

// DrillHit is a session behind a figure, and the message that made it
// count (-1: none in particular).
type DrillHit struct {
	Session model.Session
	Seq     int
}

// Drilled are the sessions of f behind d, newest first, at most limit.
func (s *Store) Drilled(ctx context.Context, f model.Filter, d Drill, limit int) (_ []DrillHit, err error) {
	defer s.checkDamaged(&err)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("insights: %w", err)
	}
	defer tx.Rollback()
	if d.Kind == "period" {
		f.Range = d.Range
	}
	cond, args := where(f)
	if f.HasLocal() || len(f.Tags) > 0 || f.Type != model.AnySessionType || f.Channel == "voice" {
		if err := s.matching(ctx, tx, f, cond, args); err != nil {
			return nil, err
		}
		cond, args = `s.id IN (SELECT id FROM insight_ids)`, nil
	}
	var q string
	var extra []any
	switch d.Kind {
	case "period":
		q = `SELECT s.raw, s.containment, -1, '' FROM sessions s WHERE ` + cond
	case "dropoff":
		q = `SELECT s.raw, s.containment, t.last_bot_seq, '' FROM sessions s JOIN transcripts t ON t.session_id = s.id
			WHERE ` + cond + ` AND s.containment = ? AND t.last_bot_text = ? AND t.last_bot_task = ?`
		extra = []any{int(model.DropOff), d.Text, d.Task}
	case "failed":
		q = `SELECT s.raw, s.containment, t.failed_seq, '' FROM sessions s JOIN transcripts t ON t.session_id = s.id
			WHERE ` + cond + ` AND t.failed = 1 AND t.failed_task = ? AND (t.failed_task != '' OR t.failed_text = ?)`
		extra = []any{d.Task, d.Text}
	case "slow":
		q = `SELECT s.raw, s.containment, (SELECT m.seq FROM messages m WHERE m.session_id = s.id AND m.task = ? AND m.latency_ms > ?
			ORDER BY m.latency_ms DESC LIMIT 1) AS seq, '' FROM sessions s WHERE ` + cond + ` AND seq IS NOT NULL`
		args = append([]any{d.Task, d.Slow}, args...)
	case "channel", "lang":
		q = `SELECT s.raw, s.containment, -1, '' FROM sessions s WHERE ` + cond + ` AND s.` + map[string]string{"channel": "channel", "lang": "lang"}[d.Kind] + ` = ?`
		extra = []any{d.Text}
	case "unclear":
		var phrases []string
		for _, p := range Fallbacks() {
			phrases = append(phrases, `"`+strings.ReplaceAll(fold(p), `"`, `""`)+`"`)
		}
		// What the user said is compared as grouped (one safe line), below.
		q = `SELECT s.raw, s.containment, m.seq, coalesce((SELECT u.shown FROM messages um JOIN message_text u ON u.rowid = um.rowid
			WHERE um.session_id = m.session_id AND um.seq < m.seq AND um.speaker = 0 ORDER BY um.seq DESC LIMIT 1), '')
			FROM message_text JOIN messages m ON m.rowid = message_text.rowid JOIN sessions s ON s.id = m.session_id
			WHERE message_text MATCH ? AND m.speaker = 1 AND ` + cond
		args = append([]any{strings.Join(phrases, " OR ")}, args...)
	default:
		return nil, fmt.Errorf("insights: no figure %q", d.Kind)
	}
	q += ` ORDER BY s.start_ms DESC, s.id`
	if limit > 0 && d.Kind != "unclear" {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := tx.QueryContext(ctx, q, append(args, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("insights: %w", err)
	}
	defer rows.Close()
	var out []DrillHit
	seen := map[string]bool{}
	for rows.Next() {
		var raw []byte
		var c, seq int
		var said string
		if err := rows.Scan(&raw, &c, &seq, &said); err != nil {
			return nil, fmt.Errorf("insights: %w", err)
		}
		if d.Kind == "unclear" && model.Line(said) != d.Text {
			continue
		}
		ss, err := decodeSession(raw, c)
		if err != nil {
			return nil, err
		}
		if !seen[ss.ID] && (limit <= 0 || len(out) < limit) {
			seen[ss.ID] = true
			out = append(out, DrillHit{Session: ss, Seq: seq})
		}
	}
	return out, rows.Err()
}
