package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"konvo/model"
)

// Insights are the store's answers about a filter's sessions, counted in
// SQL from what PutSessions and PutTranscript keep: no transcript is
// read. model.Summarize turns them into figures.
type Insights = model.InsightData

// where is the SQL condition of f on sessions s, and its arguments; the
// filter's parts SQL does not answer exactly (tags, session type, a
// language among several) are not in it: see needsRecords.
func where(f model.Filter) (string, []any) {
	q, args := attrs("s", f)
	q = `s.start_ms >= ? AND s.start_ms < ?` + q
	args = append([]any{ms(f.Range.From), ms(f.Range.To)}, args...)
	if f.UserID != "" {
		q += ` AND s.user_id = ?`
		args = append(args, f.UserID)
	}
	return q, args
}

// attrs is the condition of f's containment and channel on the table
// named alias (sessions, or a table of counts), each part led by AND.
func attrs(alias string, f model.Filter) (string, []any) {
	var q string
	var args []any
	if f.Containment != model.All {
		q += ` AND ` + alias + `.containment = ?`
		args = append(args, int(f.Containment))
	}
	switch {
	case strings.EqualFold(f.Channel, "voice"):
		q += ` AND konvo_voice(` + alias + `.channel) = 1`
	case f.Channel != "":
		q += ` AND ` + alias + `.channel = ? COLLATE NOCASE`
		args = append(args, f.Channel)
	}
	return q, args
}

// needsRecords reports whether f has conditions only the session records
// answer: those sessions are picked by reading them (not transcripts).
func needsRecords(f model.Filter) bool {
	return len(f.Tags) > 0 || f.Type != model.AnySessionType || f.Language != "" || len(f.SessionIDs) > 0
}

// countable reports whether the kept counts answer f: they know each
// session's time, containment and channel, not its user or record.
func countable(f model.Filter) bool { return f.UserID == "" && !needsRecords(f) }

// figure is one insight as SQL: counts reads a table of counts c for
// the whole units of the range ({c} stands for f's conditions on it;
// its first two arguments are the units [lo, hi)), sessions reads the
// sessions s themselves ({s} for f's condition), for the range's ends
// or for the whole range when the counts do not answer f; total sums
// the union of both into the answer (FROM {parts}).
type figure struct {
	unit                    int64
	counts, sessions, total string
}

// plan is how the figures read f: from the counts and the range's ends,
// or, when cond is set, from the sessions cond picks.
type plan struct {
	f    model.Filter
	cond string
	args []any
}

// sql is the query of fig under p and its arguments.
func (p plan) sql(fig figure) (string, []any) {
	var parts []string
	var args []any
	scan := func(cond string, a []any) {
		parts = append(parts, strings.ReplaceAll(fig.sessions, "{s}", cond))
		args = append(args, a...)
	}
	from, to := ms(p.f.Range.From), ms(p.f.Range.To)
	lo, hi := (from+fig.unit-1)/fig.unit, to/fig.unit // whole units: [lo, hi)
	edge := func(a, b int64) {
		if a < b {
			g := p.f
			g.Range = model.Range{From: time.UnixMilli(a), To: time.UnixMilli(b)}
			scan(where(g))
		}
	}
	switch {
	case p.cond != "":
		scan(p.cond, p.args)
	case !countable(p.f) || lo >= hi:
		edge(from, to)
	default:
		edge(from, lo*fig.unit)
		c, a := attrs("c", p.f)
		parts = append(parts, strings.ReplaceAll(fig.counts, "{c}", c))
		args = append(append(args, lo, hi), a...)
		edge(hi*fig.unit, to)
	}
	return strings.ReplaceAll(fig.total, "{parts}", "("+strings.Join(parts, " UNION ALL ")+")"), args
}

const hourMS = 3600000

// The figures. Each counts part and its sessions part give the same
// columns, named alike (a union takes its names from its first part);
// the sessions part gives a row per session (or message), weight 1.
var (
	bucketsFigure = figure{unit: model.QuarterMS,
		counts: `SELECT c.quarter AS q, c.containment AS k, c.sessions AS n, c.transcripts AS t FROM time_counts c
			WHERE c.quarter >= ? AND c.quarter < ?{c}`,
		sessions: `SELECT s.start_ms / 900000 AS q, s.containment AS k, 1 AS n, t.session_id IS NOT NULL AS t FROM sessions s
			LEFT JOIN transcripts t ON t.session_id = s.id WHERE {s}`,
		total: `SELECT q, k, sum(n), sum(t) FROM {parts} GROUP BY q, k HAVING sum(n) > 0 ORDER BY q, k`}
	mixFigure = figure{unit: hourMS,
		counts:   `SELECT c.channel AS ch, c.lang AS lang, c.sessions AS n FROM mix_counts c WHERE c.hour >= ? AND c.hour < ?{c}`,
		sessions: `SELECT s.channel AS ch, s.lang AS lang, 1 AS n FROM sessions s WHERE {s}`,
		total:    `SELECT ch, lang, sum(n) FROM {parts} GROUP BY ch, lang HAVING sum(n) > 0`}
	// Turns are counted in 50 ms steps per hour and task: the
	// percentiles are exact to 50 ms (a day of a zone off the hour by 30
	// or 45 minutes takes that much of its neighbour's turns), and a
	// month of a large bot's turns is some thousands of rows, not a row a
	// turn.
	turnsFigure = figure{unit: hourMS,
		counts: `SELECT c.hour AS h, c.step AS l, c.task AS task, c.n AS n FROM turn_counts c WHERE c.hour >= ? AND c.hour < ?{c}`,
		sessions: `SELECT s.start_ms / 3600000 AS h, m.latency_ms / 50 AS l, m.task AS task, 1 AS n FROM sessions s JOIN messages m ON m.session_id = s.id
			WHERE {s} AND m.latency_ms > 0`,
		total: `SELECT h * 4, l * 50 + 25, task, sum(n) FROM {parts} GROUP BY h, l, task HAVING sum(n) > 0`}
	dropOffsFigure = textFigure(0, ` AND c.containment = `+fmt.Sprint(int(model.DropOff)),
		`SELECT t.last_bot_text AS text, t.last_bot_task AS task, 1 AS n FROM sessions s JOIN transcripts t ON t.session_id = s.id
			WHERE {s} AND s.containment = `+fmt.Sprint(int(model.DropOff))+` AND t.last_bot_seq >= 0`)
	failedFigure = textFigure(1, "", `SELECT CASE WHEN t.failed_task = '' THEN t.failed_text ELSE '' END AS text, t.failed_task AS task, 1 AS n
			FROM transcripts t INDEXED BY transcripts_failed CROSS JOIN sessions s ON s.id = t.session_id WHERE t.failed = 1 AND {s}`)
	unclearFigure = textFigure(2, "", `SELECT t.unclear_text AS text, '' AS task, 1 AS n
			FROM transcripts t INDEXED BY transcripts_unclear CROSS JOIN sessions s ON s.id = t.session_id WHERE t.unclear_seq >= 0 AND {s}`)
)

// textFigure ranks one kind of transcript fact (see facts) by its words
// and task, the 50 most counted.
func textFigure(kind int, cond, sessions string) figure {
	return figure{unit: hourMS,
		counts: `SELECT c.text AS text, c.task AS task, c.n AS n FROM text_counts c
			WHERE c.hour >= ? AND c.hour < ? AND c.kind = ` + fmt.Sprint(kind) + cond + `{c}`,
		sessions: sessions,
		total:    `SELECT text, task, sum(n) AS total FROM {parts} GROUP BY text, task HAVING total > 0 ORDER BY total DESC, task, text LIMIT 50`}
}

// Insights counts f's stored sessions, each figure one SQL query over
// the counts the triggers keep for the range's whole hours and over the
// sessions at its two ends (or over the sessions alone, for a filter the
// counts do not answer); no transcript is read, and the queries run side
// by side on the pool's connections. A filter with tags, a session type
// or a language first picks its sessions from their records, in one
// transaction.
func (s *Store) Insights(ctx context.Context, f model.Filter) (_ Insights, err error) {
	defer s.checkDamaged(&err)
	var in Insights
	var db querier = s.db
	p := plan{f: f}
	if needsRecords(f) {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return in, fmt.Errorf("insights: %w", err)
		}
		defer tx.Rollback()
		cond, args := where(f)
		if err := s.matching(ctx, tx, f, cond, args); err != nil {
			return in, err
		}
		db, p.cond = tx, `s.id IN (SELECT id FROM insight_ids)`
	}
	return s.insights(ctx, db, p)
}

// insights runs p's figures.
func (s *Store) insights(ctx context.Context, db querier, p plan) (Insights, error) {
	var in Insights
	q := func(fig figure, scan func(scan func(...any) error) error) func() error {
		return func() error {
			query, args := p.sql(fig)
			return eachRow(ctx, db, query, scan, args...)
		}
	}
	group := func(out *[]model.Group) func(scan func(...any) error) error {
		return func(scan func(...any) error) error {
			var g model.Group
			err := scan(&g.Text, &g.Task, &g.N)
			*out = append(*out, g)
			return err
		}
	}
	channels, langs := map[string]int{}, map[string]int{}
	queries := []func() error{
		q(bucketsFigure, func(scan func(...any) error) error {
			var b model.Bucket
			var stored int
			err := scan(&b.Quarter, &b.Containment, &b.N, &stored)
			in.Buckets = append(in.Buckets, b)
			in.Sessions += b.N
			in.Transcripts += stored
			return err
		}),
		q(mixFigure, func(scan func(...any) error) error {
			var ch, lang string
			var n int
			err := scan(&ch, &lang, &n)
			channels[ch] += n
			langs[lang] += n
			return err
		}),
		q(dropOffsFigure, group(&in.DropOffs)),
		q(failedFigure, group(&in.Failed)),
		q(unclearFigure, group(&in.NotUnderstood)),
		q(turnsFigure, func(scan func(...any) error) error {
			var t model.Turn
			err := scan(&t.Quarter, &t.MS, &t.Task, &t.N)
			in.Turns = append(in.Turns, t)
			return err
		}),
	}
	if db != querier(s.db) {
		// One transaction's connection: one query at a time.
		for _, run := range queries {
			if err := run(); err != nil {
				return in, err
			}
		}
	} else if err := parallel(queries); err != nil {
		return in, err
	}
	in.Channels, in.Languages = ranked(channels), ranked(langs)
	return in, nil
}

// Buckets are f's stored sessions per quarter hour and containment
// alone, for a sparkline (f's SQL conditions; not its tags or type).
func (s *Store) Buckets(ctx context.Context, f model.Filter) (_ []model.Bucket, err error) {
	defer s.checkDamaged(&err)
	var out []model.Bucket
	g := f
	g.Tags, g.Type, g.Language, g.SessionIDs = nil, model.AnySessionType, "", nil
	query, args := plan{f: g}.sql(bucketsFigure)
	err = eachRow(ctx, s.db, query, func(scan func(...any) error) error {
		var b model.Bucket
		var stored int
		err := scan(&b.Quarter, &b.Containment, &b.N, &stored)
		out = append(out, b)
		return err
	}, args...)
	return out, err
}

// eachRow runs query and hands each row's Scan to row.
func eachRow(ctx context.Context, db querier, query string, row func(scan func(...any) error) error, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return fmt.Errorf("insights: %w", err)
		}
	}
	return rows.Err()
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// parallel runs each function on its own goroutine (each writes only its
// own part of the answer) and returns the first error.
func parallel(fs []func() error) error {
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ranked are counts by value, the most first.
func ranked(n map[string]int) []model.Count {
	out := make([]model.Count, 0, len(n))
	for v, c := range n {
		out = append(out, model.Count{Value: v, N: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].N > out[j].N || out[i].N == out[j].N && out[i].Value < out[j].Value })
	return out
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
	if needsRecords(f) {
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
		q = `SELECT s.raw, s.containment, t.unclear_seq, '' FROM sessions s JOIN transcripts t ON t.session_id = s.id
			WHERE ` + cond + ` AND t.unclear_seq >= 0 AND t.unclear_text = ?`
		extra = []any{d.Text}
	default:
		return nil, fmt.Errorf("insights: no figure %q", d.Kind)
	}
	q += ` ORDER BY s.start_ms DESC, s.id`
	if limit > 0 {
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
