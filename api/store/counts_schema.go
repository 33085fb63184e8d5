package store

import (
	"fmt"
	"strings"
)

// kept is a table of counts the triggers keep as sessions, transcripts
// and messages are written, replaced and erased, so the insights read
// a few rows per hour instead of every session, transcript and message
// of a range.
type kept struct {
	table string
	keys  []string // its primary key, all but the time unit from the session
	vals  []string // the counts
	// of is what one session adds, a row per key with its counts as
	// named in vals: a SELECT over sessions s where s.id = %[1]s.
	of string
	// many is what the sessions whose ids %[1]s selects add, when of
	// with its "= %[1]s" made "IN (%[1]s)" would not say it: of's
	// sessions and a subquery that meet only by naming the same one.
	many string
}

// add is the SQL that adds what session x (an expression such as
// NEW.id) contributes to the counts, as the tables read now; sub takes
// it away. Triggers subtract BEFORE a change and add AFTER it, so both
// read the rows as they are at that moment. (No UPSERT and no INSERT OR
// IGNORE: an outer statement's conflict clause would override theirs.)
func (k kept) add(x string) string { return k.change(x, "+", true) }
func (k kept) sub(x string) string { return k.change(x, "-", false) }

func (k kept) change(x, sign string, create bool) string {
	of := "(" + fmt.Sprintf(k.of, x) + ")"
	keys := strings.Join(k.keys, ", ")
	same := func(a, b string) string {
		eq := make([]string, len(k.keys))
		for i, c := range k.keys {
			eq[i] = a + "." + c + " = " + b + "." + c
		}
		return strings.Join(eq, " AND ")
	}
	var sql strings.Builder
	if create {
		zeros := strings.Repeat(", 0", len(k.vals))
		fmt.Fprintf(&sql, "INSERT INTO %s(%s, %s) SELECT %s%s FROM %s k WHERE NOT EXISTS (SELECT 1 FROM %s c WHERE %s);\n",
			k.table, keys, strings.Join(k.vals, ", "), prefixed("k.", k.keys), zeros, of, k.table, same("c", "k"))
	}
	sets := make([]string, len(k.vals))
	for i, v := range k.vals {
		sets[i] = fmt.Sprintf("%s = %s %s (SELECT k.%s FROM %s k WHERE %s)", v, v, sign, v, of, same("k", k.table))
	}
	fmt.Fprintf(&sql, "UPDATE %s SET %s WHERE (%s) IN (SELECT %s FROM %s k);\n", k.table, strings.Join(sets, ", "), keys, prefixed("k.", k.keys), of)
	return sql.String()
}

func prefixed(p string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = p + c
	}
	return strings.Join(out, ", ")
}

// facts are the transcripts' three facts the insights count, for the
// transcripts where cond: where the bot spoke last (kind 0), the first
// failure (1, named by its task, or by what it said when it has none)
// and the first fallback with what the user had said (2).
func facts(cond string) string {
	return `SELECT session_id, 0 AS kind, last_bot_text AS text, last_bot_task AS task FROM transcripts WHERE ` + cond + ` AND last_bot_seq >= 0
	UNION ALL SELECT session_id, 1, CASE WHEN failed_task = '' THEN failed_text ELSE '' END, failed_task FROM transcripts WHERE ` + cond + ` AND failed = 1
	UNION ALL SELECT session_id, 2, unclear_text, '' FROM transcripts WHERE ` + cond + ` AND unclear_seq >= 0`
}

// The counts: sessions per quarter hour (and stored transcripts), the
// channel and language mix, voice turns in 50 ms steps by task, and the
// transcripts' facts, each by containment and channel so a filter on
// either is answered from them.
var (
	timeCounts = kept{table: "time_counts", keys: []string{"quarter", "containment", "channel"}, vals: []string{"sessions", "transcripts"},
		of: `SELECT s.start_ms / 900000 AS quarter, s.containment AS containment, s.channel AS channel, 1 AS sessions,
			EXISTS(SELECT 1 FROM transcripts t WHERE t.session_id = s.id) AS transcripts FROM sessions s WHERE s.id = %[1]s`}
	// storedCounts is what a transcript's arrival or erasure changes in
	// time_counts.
	storedCounts = kept{table: "time_counts", keys: timeCounts.keys, vals: []string{"transcripts"},
		of: `SELECT s.start_ms / 900000 AS quarter, s.containment AS containment, s.channel AS channel, 1 AS transcripts FROM sessions s WHERE s.id = %[1]s`}
	mixCounts = kept{table: "mix_counts", keys: []string{"hour", "containment", "channel", "lang"}, vals: []string{"sessions"},
		of: `SELECT s.start_ms / 3600000 AS hour, s.containment AS containment, s.channel AS channel, s.lang AS lang, 1 AS sessions
			FROM sessions s WHERE s.id = %[1]s`}
	turnCounts = kept{table: "turn_counts", keys: []string{"hour", "containment", "channel", "task", "step"}, vals: []string{"n"},
		of: `SELECT s.start_ms / 3600000 AS hour, s.containment AS containment, s.channel AS channel, m.task AS task,
			m.latency_ms / 50 AS step, count(*) AS n FROM sessions s JOIN messages m ON m.session_id = s.id
			WHERE s.id = %[1]s AND m.latency_ms > 0 GROUP BY 1, 2, 3, 4, 5`}
	textCounts = kept{table: "text_counts", keys: []string{"hour", "containment", "channel", "kind", "text", "task"}, vals: []string{"n"},
		of:   textOf("session_id = %[1]s", "s.id = %[1]s"),
		many: textOf("session_id IN (%[1]s)", "s.id IN (%[1]s) AND s.id = f.session_id")}
)

// textOf is the transcript facts counted for the sessions where cond,
// with the facts of the transcripts where factsCond.
func textOf(factsCond, cond string) string {
	return `SELECT s.start_ms / 3600000 AS hour, s.containment AS containment, s.channel AS channel, f.kind AS kind, f.text AS text,
			f.task AS task, 1 AS n FROM sessions s, (` + facts(factsCond) + `) f WHERE ` + cond
}

// turnOf is one voice turn's part of turn_counts, for a message trigger
// (m is NEW or OLD).
func turnOf(m string) kept {
	k := turnCounts
	k.of = `SELECT s.start_ms / 3600000 AS hour, s.containment AS containment, s.channel AS channel, ` + m + `.task AS task, ` +
		m + `.latency_ms / 50 AS step, 1 AS n FROM sessions s WHERE s.id = %[1]s`
	return k
}

// countsMigration is schema 10: the counts of schema 9 by channel too,
// the mix per hour instead of per UTC day (a range's ends are read from
// the sessions, and an hour is less to read than a day), and the voice
// turns and transcript facts counted as well, so no figure joins
// sessions to transcripts or messages over a whole range.
func countsMigration() string {
	var m strings.Builder
	m.WriteString(`DROP TRIGGER counts_insert; DROP TRIGGER counts_update; DROP TRIGGER counts_delete;
	DROP TRIGGER counts_transcript_insert; DROP TRIGGER counts_transcript_delete;
	DROP TABLE time_counts; DROP TABLE mix_counts;
	CREATE TABLE time_counts(quarter INTEGER NOT NULL, containment INTEGER NOT NULL, channel TEXT NOT NULL,
		sessions INTEGER NOT NULL, transcripts INTEGER NOT NULL, PRIMARY KEY(quarter, containment, channel)) WITHOUT ROWID;
	CREATE TABLE mix_counts(hour INTEGER NOT NULL, containment INTEGER NOT NULL, channel TEXT NOT NULL, lang TEXT NOT NULL,
		sessions INTEGER NOT NULL, PRIMARY KEY(hour, containment, channel, lang)) WITHOUT ROWID;
	CREATE TABLE turn_counts(hour INTEGER NOT NULL, containment INTEGER NOT NULL, channel TEXT NOT NULL, task TEXT NOT NULL,
		step INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(hour, containment, channel, task, step)) WITHOUT ROWID;
	CREATE TABLE text_counts(hour INTEGER NOT NULL, containment INTEGER NOT NULL, channel TEXT NOT NULL, kind INTEGER NOT NULL,
		text TEXT NOT NULL, task TEXT NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY(kind, containment, hour, channel, text, task)) WITHOUT ROWID;
	INSERT INTO time_counts SELECT s.start_ms / 900000, s.containment, s.channel, count(*), count(t.session_id)
		FROM sessions s LEFT JOIN transcripts t ON t.session_id = s.id GROUP BY 1, 2, 3;
	INSERT INTO mix_counts SELECT start_ms / 3600000, containment, channel, lang, count(*) FROM sessions GROUP BY 1, 2, 3, 4;
	INSERT INTO turn_counts SELECT s.start_ms / 3600000, s.containment, s.channel, m.task, m.latency_ms / 50, count(*)
		FROM sessions s JOIN messages m ON m.session_id = s.id WHERE m.latency_ms > 0 GROUP BY 1, 2, 3, 4, 5;
	INSERT INTO text_counts SELECT s.start_ms / 3600000, s.containment, s.channel, f.kind, f.text, f.task, count(*)
		FROM sessions s JOIN (` + facts("1") + `) f ON f.session_id = s.id GROUP BY 1, 2, 3, 4, 5, 6;
	`)
	for _, t := range countTriggers() {
		m.WriteString(t.create(""))
	}
	return m.String()
}

// countTrigger is one of the triggers that keep the counts: it fires on
// event, when cond holds (none: always), and runs body.
type countTrigger struct {
	name, event, cond, body string
}

// create is the trigger's CREATE statement; guard, when given, is a
// further condition for it to fire at all.
func (t countTrigger) create(guard string) string {
	cond := t.cond
	switch {
	case guard != "" && cond != "":
		cond = "(" + cond + ") AND " + guard
	case guard != "":
		cond = guard
	}
	when := t.event
	if cond != "" {
		when += " WHEN " + cond
	}
	return fmt.Sprintf("CREATE TRIGGER %s %s BEGIN\n%sEND;\n", t.name, when, t.body)
}

// countTriggers are the triggers of schema 10: a session's counts
// added when it is written and taken away when it changes or goes, and
// a transcript's and a voice turn's likewise.
func countTriggers() []countTrigger {
	session := []kept{timeCounts, mixCounts, turnCounts, textCounts}
	all := func(f func(kept) string) string {
		var b strings.Builder
		for _, k := range session {
			b.WriteString(f(k))
		}
		return b.String()
	}
	moved := `OLD.start_ms / 900000 != NEW.start_ms / 900000 OR OLD.containment != NEW.containment OR OLD.channel != NEW.channel OR OLD.lang != NEW.lang`
	// A transcript stored again as it was (a refresh) changes no fact:
	// its triggers do nothing then.
	var changed []string
	for _, c := range []string{"last_bot_seq", "last_bot_text", "last_bot_task", "failed", "failed_task", "failed_text", "unclear_seq", "unclear_text"} {
		changed = append(changed, "OLD."+c+" IS NOT NEW."+c)
	}
	facts := "UPDATE ON transcripts"
	factsChanged := strings.Join(changed, " OR ")
	return []countTrigger{
		{"counts_session_insert", "AFTER INSERT ON sessions", "", all(func(k kept) string { return k.add("NEW.id") })},
		{"counts_session_delete", "BEFORE DELETE ON sessions", "", all(func(k kept) string { return k.sub("OLD.id") })},
		{"counts_session_leave", "BEFORE UPDATE OF start_ms, containment, channel, lang ON sessions", moved, all(func(k kept) string { return k.sub("OLD.id") })},
		{"counts_session_arrive", "AFTER UPDATE OF start_ms, containment, channel, lang ON sessions", moved, all(func(k kept) string { return k.add("NEW.id") })},
		{"counts_transcript_insert", "AFTER INSERT ON transcripts", "", storedCounts.add("NEW.session_id") + textCounts.add("NEW.session_id")},
		{"counts_transcript_delete", "BEFORE DELETE ON transcripts", "", storedCounts.sub("OLD.session_id") + textCounts.sub("OLD.session_id")},
		{"counts_transcript_leave", "BEFORE " + facts, factsChanged, textCounts.sub("OLD.session_id")},
		{"counts_transcript_arrive", "AFTER " + facts, factsChanged, textCounts.add("NEW.session_id")},
		{"counts_turn_insert", "AFTER INSERT ON messages", "NEW.latency_ms > 0", turnOf("NEW").add("NEW.session_id")},
		{"counts_turn_delete", "BEFORE DELETE ON messages", "OLD.latency_ms > 0", turnOf("OLD").sub("OLD.session_id")},
	}
}

// bulkIdle is the condition under which the count triggers fire (schema
// 15): no sessions are marked as written in bulk. A write transaction
// that marks some in bulk_write writes them with the triggers standing
// aside and adds their counts at the end (bulkCounts); the marks go
// before it commits, so no other connection ever sees one.
const bulkIdle = `NOT EXISTS (SELECT 1 FROM bulk_write)`

// bulkMigration is schema 15: the bulk marks, and the count triggers of
// schema 10 again, each standing aside while there are marks.
func bulkMigration() string {
	var m strings.Builder
	m.WriteString("CREATE TABLE bulk_write(id TEXT PRIMARY KEY);\n")
	for _, t := range countTriggers() {
		fmt.Fprintf(&m, "DROP TRIGGER %s;\n", t.name)
	}
	for _, t := range countTriggers() {
		m.WriteString(t.create(bulkIdle))
	}
	return m.String()
}

// addMany is the SQL that adds what every session whose id set selects
// contributes to the counts, in one statement: what add does for one.
// Those sessions must have contributed nothing before (none was stored).
func (k kept) addMany(set string) string {
	of := strings.ReplaceAll(k.of, "= %[1]s", "IN (%[1]s)")
	if k.many != "" {
		of = k.many
	}
	of = fmt.Sprintf(of, set)
	keys := strings.Join(k.keys, ", ")
	sums := make([]string, len(k.vals))
	adds := make([]string, len(k.vals))
	for i, v := range k.vals {
		sums[i] = "sum(k." + v + ")"
		adds[i] = v + " = " + v + " + excluded." + v
	}
	return fmt.Sprintf("INSERT INTO %s(%s, %s) SELECT %s, %s FROM (%s) k WHERE true GROUP BY %s ON CONFLICT(%s) DO UPDATE SET %s",
		k.table, keys, strings.Join(k.vals, ", "), prefixed("k.", k.keys), strings.Join(sums, ", "), of, keys, keys, strings.Join(adds, ", "))
}

// bulkCounts are the statements that add the counts of the sessions
// marked in bulk_write, as the session triggers would have one by one.
func bulkCounts() []string {
	var out []string
	for _, k := range []kept{timeCounts, mixCounts, turnCounts, textCounts} {
		out = append(out, k.addMany(`SELECT id FROM bulk_write`))
	}
	return out
}
