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
	switch {
	case strings.EqualFold(f.Channel, "voice"):
		q += ` AND konvo_voice(s.channel) = 1`
	case f.Channel != "":
		q += ` AND s.channel = ? COLLATE NOCASE`
		args = append(args, f.Channel)
	}
	return q, args
}

// needsRecords reports whether f has conditions only the session records
// answer: those sessions are picked by reading them (not transcripts).
func needsRecords(f model.Filter) bool {
	return len(f.Tags) > 0 || f.Type != model.AnySessionType || f.Language != "" || len(f.SessionIDs) > 0
}

// Insights counts f's stored sessions, each figure one SQL query over
// what PutSessions and PutTranscript keep (no transcript is read); the
// queries run side by side on the pool's connections. A filter with tags,
// a session type or a language first picks its sessions from their
// records, in one transaction.
func (s *Store) Insights(ctx context.Context, f model.Filter) (_ Insights, err error) {
	defer s.checkDamaged(&err)
	var in Insights
	var db querier = s.db
	cond, args := where(f)
	if needsRecords(f) {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return in, fmt.Errorf("insights: %w", err)
		}
		defer tx.Rollback()
		if err := s.matching(ctx, tx, f, cond, args); err != nil {
			return in, err
		}
		db, cond, args = tx, `s.id IN (SELECT id FROM insight_ids)`, nil
	}
	q := func(query string, scan func(scan func(...any) error) error, extra ...any) func() error {
		return func() error { return eachRow(ctx, db, query, scan, append(append([]any{}, args...), extra...)...) }
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
		q(`SELECT s.start_ms / `+fmt.Sprint(model.QuarterMS)+` AS b, s.containment, count(*)
			FROM sessions s WHERE `+cond+` GROUP BY b, s.containment`,
			func(scan func(...any) error) error {
				var b model.Bucket
				err := scan(&b.Quarter, &b.Containment, &b.N)
				in.Buckets = append(in.Buckets, b)
				in.Sessions += b.N
				return err
			}),
		q(`SELECT s.channel, s.lang, count(*) FROM sessions s WHERE `+cond+` GROUP BY s.channel, s.lang`,
			func(scan func(...any) error) error {
				var ch, lang string
				var n int
				err := scan(&ch, &lang, &n)
				channels[ch] += n
				langs[lang] += n
				return err
			}),
		q(`SELECT count(*) FROM sessions s JOIN transcripts t ON t.session_id = s.id WHERE `+cond,
			func(scan func(...any) error) error { return scan(&in.Transcripts) }),
		q(`SELECT t.last_bot_text, t.last_bot_task, count(*) AS n FROM sessions s JOIN transcripts t ON t.session_id = s.id
			WHERE `+cond+` AND s.containment = ? AND t.last_bot_seq >= 0 GROUP BY t.last_bot_text, t.last_bot_task
			ORDER BY n DESC, t.last_bot_text LIMIT 50`, group(&in.DropOffs), int(model.DropOff)),
		q(`SELECT CASE WHEN t.failed_task = '' THEN t.failed_text ELSE '' END AS x, t.failed_task, count(*) AS n
			FROM transcripts t INDEXED BY transcripts_failed CROSS JOIN sessions s ON s.id = t.session_id
			WHERE t.failed = 1 AND `+cond+` GROUP BY t.failed_task, x ORDER BY n DESC, t.failed_task LIMIT 50`, group(&in.Failed)),
		q(`SELECT t.unclear_text, '', count(*) AS n
			FROM transcripts t INDEXED BY transcripts_unclear CROSS JOIN sessions s ON s.id = t.session_id
			WHERE t.unclear_seq >= 0 AND `+cond+` GROUP BY t.unclear_text ORDER BY n DESC, t.unclear_text LIMIT 50`, group(&in.NotUnderstood)),
		// Turns are counted in 50 ms steps per hour and task: the
		// percentiles are exact to 50 ms (a day of a zone off the hour by
		// 30 or 45 minutes takes that much of its neighbour's turns), and
		// a month of a large bot's turns comes back as some thousands of
		// rows, not a row a turn.
		q(`SELECT (s.start_ms / 3600000) * 4 AS b, (m.latency_ms / 50) * 50 + 25 AS l, m.task, count(*)
			FROM sessions s JOIN messages m ON m.session_id = s.id
			WHERE `+cond+` AND m.latency_ms > 0 GROUP BY b, l, m.task`, func(scan func(...any) error) error {
			var t model.Turn
			err := scan(&t.Quarter, &t.MS, &t.Task, &t.N)
			in.Turns = append(in.Turns, t)
			return err
		}),
	}
	if f.UserID == "" && f.Channel == "" && !needsRecords(f) {
		// The maintained counts answer the buckets, channels, languages
		// and stored transcripts: one closure, so its parts are written by
		// one goroutine.
		queries = append([]func() error{func() error { return s.fromCounts(ctx, db, f, &in, channels, langs) }}, queries[3:]...)
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

// fromCounts fills the buckets, channel and language counts and the
// stored transcripts of f from the counts the triggers keep: time_counts
// for the range's whole quarter hours, mix_counts for its whole UTC days,
// and the sessions themselves for the parts at its two ends.
func (s *Store) fromCounts(ctx context.Context, db querier, f model.Filter, in *Insights, channels, langs map[string]int) error {
	const day = 24 * 60 * 60 * 1000
	q := int64(model.QuarterMS)
	from, to := ms(f.Range.From), ms(f.Range.To)
	scan := func(query string, row func(scan func(...any) error) error, args ...any) error {
		return eachRow(ctx, db, query, row, args...)
	}
	bucket := func(sc func(...any) error) error {
		var b model.Bucket
		var stored int
		err := sc(&b.Quarter, &b.Containment, &b.N, &stored)
		in.Buckets = append(in.Buckets, b)
		in.Sessions += b.N
		in.Transcripts += stored
		return err
	}
	mix := func(sc func(...any) error) error {
		var ch, lang string
		var n int
		err := sc(&ch, &lang, &n)
		channels[ch] += n
		langs[lang] += n
		return err
	}
	// edges runs a query over the sessions of [a, b) with f's conditions.
	edges := func(a, b int64, query string, row func(func(...any) error) error) error {
		if a >= b {
			return nil
		}
		g := f
		g.Range = model.Range{From: time.UnixMilli(a), To: time.UnixMilli(b)}
		cond, args := where(g)
		return scan(strings.Replace(query, "COND", cond, 1), row, args...)
	}
	contain, cargs := "", []any{}
	if f.Containment != model.All {
		contain, cargs = ` AND containment = ?`, []any{int(f.Containment)}
	}
	lo, hi := (from+q-1)/q, to/q // whole quarters: [lo, hi)
	const edgeBuckets = `SELECT s.start_ms / 900000 AS b, s.containment, count(*), count(t.session_id)
		FROM sessions s LEFT JOIN transcripts t ON t.session_id = s.id WHERE COND GROUP BY b, s.containment`
	if lo >= hi {
		if err := edges(from, to, edgeBuckets, bucket); err != nil {
			return err
		}
	} else {
		if err := edges(from, lo*q, edgeBuckets, bucket); err != nil {
			return err
		}
		if err := scan(`SELECT quarter, containment, sessions, transcripts FROM time_counts
			WHERE quarter >= ? AND quarter < ? AND sessions > 0`+contain+` ORDER BY quarter, containment`, bucket, append([]any{lo, hi}, cargs...)...); err != nil {
			return err
		}
		if err := edges(hi*q, to, edgeBuckets, bucket); err != nil {
			return err
		}
	}
	dlo, dhi := (from+day-1)/day, to/day // whole UTC days: [dlo, dhi)
	const edgeMix = `SELECT s.channel, s.lang, count(*) FROM sessions s WHERE COND GROUP BY s.channel, s.lang`
	if dlo >= dhi {
		return edges(from, to, edgeMix, mix)
	}
	if err := edges(from, dlo*day, edgeMix, mix); err != nil {
		return err
	}
	if err := scan(`SELECT channel, lang, sum(sessions) FROM mix_counts WHERE day >= ? AND day < ?`+contain+` GROUP BY channel, lang`,
		mix, append([]any{dlo, dhi}, cargs...)...); err != nil {
		return err
	}
	return edges(dhi*day, to, edgeMix, mix)
}

// Buckets are f's stored sessions per quarter hour and containment
// alone, for a sparkline: from the kept counts when they answer f, else
// from the sessions (f's SQL conditions; not its tags or type).
func (s *Store) Buckets(ctx context.Context, f model.Filter) (_ []model.Bucket, err error) {
	defer s.checkDamaged(&err)
	var in Insights
	if f.UserID == "" && f.Channel == "" && !needsRecords(f) {
		err = s.fromCounts(ctx, s.db, f, &in, map[string]int{}, map[string]int{})
		return in.Buckets, err
	}
	cond, args := where(f)
	err = eachRow(ctx, s.db, `SELECT s.start_ms / `+fmt.Sprint(model.QuarterMS)+` AS b, s.containment, count(*)
		FROM sessions s WHERE `+cond+` GROUP BY b, s.containment`, func(scan func(...any) error) error {
		var b model.Bucket
		err := scan(&b.Quarter, &b.Containment, &b.N)
		in.Buckets = append(in.Buckets, b)
		return err
	}, args...)
	return in.Buckets, err
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
