package store

import (
	"context"
	"fmt"
)

// migrations bring a database from version i to i+1; a database is at
// version len(migrations). Never edit one that has shipped: add another.
var migrations = []string{
	// 1: sessions and transcripts as sent, what fetched them and when, a
	// trigram index of what a reader sees, and the ranges synced whole.
	`CREATE TABLE sessions(
		id          TEXT PRIMARY KEY,
		user_id     TEXT NOT NULL,
		start_ms    INTEGER NOT NULL,
		end_ms      INTEGER NOT NULL,
		containment INTEGER NOT NULL,
		channel     TEXT NOT NULL,
		status      TEXT NOT NULL,
		raw         BLOB NOT NULL,
		fetched_ms  INTEGER NOT NULL,
		api         TEXT NOT NULL
	);
	CREATE INDEX sessions_start ON sessions(start_ms);
	CREATE INDEX sessions_user ON sessions(user_id, start_ms);
	CREATE TABLE transcripts(
		session_id TEXT PRIMARY KEY,
		messages   INTEGER NOT NULL,
		fetched_ms INTEGER NOT NULL,
		api        TEXT NOT NULL
	);
	CREATE TABLE messages(
		session_id TEXT NOT NULL,
		seq        INTEGER NOT NULL,
		raw        BLOB NOT NULL,
		UNIQUE(session_id, seq)
	);
	CREATE VIRTUAL TABLE message_text USING fts5(body, tokenize = 'trigram');
	CREATE TABLE coverage(
		from_ms    INTEGER NOT NULL,
		to_ms      INTEGER NOT NULL,
		fetched_ms INTEGER NOT NULL
	);`,
	// 2: whether a transcript shows a failed task (an error component),
	// for the "failed task" view; older transcripts count as not.
	`ALTER TABLE transcripts ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;`,
	// 3: tombstones of erased users and sessions (a SHA-256 of the id,
	// not the id), which every writer honours, so an erasure wins over a
	// later write from an open TUI or serve; and the fetch times indexed,
	// so expiry that finds nothing costs a look-up, not a scan.
	`CREATE TABLE erased(
		kind  TEXT NOT NULL,
		key   TEXT NOT NULL,
		at_ms INTEGER NOT NULL,
		PRIMARY KEY(kind, key)
	);
	CREATE INDEX sessions_fetched ON sessions(fetched_ms);
	CREATE INDEX transcripts_fetched ON transcripts(fetched_ms);`,
	// 4: the index matches what a reader sees case-folded in every script
	// (the trigram tokenizer folds ASCII only), so "ärzte" finds "ÄRZTE",
	// and keeps the text as shown beside it, unindexed, for snippets.
	`CREATE VIRTUAL TABLE message_text_folded USING fts5(body, shown UNINDEXED, tokenize = 'trigram');
	INSERT INTO message_text_folded(rowid, body, shown) SELECT rowid, konvo_fold(body), body FROM message_text;
	DROP TABLE message_text;
	ALTER TABLE message_text_folded RENAME TO message_text;`,
	// 5: who said each message (model.Speaker; -1 when unreadable), so a
	// search can ask for what the user, the bot or an agent said.
	`ALTER TABLE messages ADD COLUMN speaker INTEGER NOT NULL DEFAULT -1;
	UPDATE messages SET speaker = konvo_speaker(raw);
	CREATE INDEX messages_speaker ON messages(speaker, session_id);`,
	// 6: what went wrong, kept so lists can show and filter by it without
	// reading transcripts: each voice turn's latency (0: none known), and
	// a transcript's first failure, its message, the task it was in and
	// what it said.
	`ALTER TABLE messages ADD COLUMN latency_ms INTEGER NOT NULL DEFAULT 0;
	UPDATE messages SET latency_ms = konvo_latency(raw) WHERE instr(raw, 'atency') > 0;
	CREATE INDEX messages_slow ON messages(session_id, latency_ms) WHERE latency_ms > 0;
	ALTER TABLE transcripts ADD COLUMN failed_seq INTEGER NOT NULL DEFAULT -1;
	ALTER TABLE transcripts ADD COLUMN failed_task TEXT NOT NULL DEFAULT '';
	ALTER TABLE transcripts ADD COLUMN failed_text TEXT NOT NULL DEFAULT '';
	UPDATE transcripts SET failed_seq = coalesce((SELECT min(m.seq) FROM messages m
		WHERE m.session_id = transcripts.session_id AND konvo_failed(m.raw) = 1), -1) WHERE failed = 1;
	UPDATE transcripts SET failed_task = coalesce((SELECT konvo_task(m.raw) FROM messages m
		WHERE m.session_id = transcripts.session_id AND m.seq <= transcripts.failed_seq AND konvo_task(m.raw) != ''
		ORDER BY m.seq DESC LIMIT 1), '') WHERE failed = 1;
	UPDATE transcripts SET failed_text = coalesce((SELECT konvo_failure_text(m.raw) FROM messages m
		WHERE m.session_id = transcripts.session_id AND m.seq = transcripts.failed_seq), '') WHERE failed = 1;`,
	// 7: what konvo remembers for whoever reads (owner: "" locally, an
	// engineer's key under serve): transcripts read, stars and their
	// notes, the last list, commands typed.
	`CREATE TABLE memory(
		owner TEXT NOT NULL,
		kind  TEXT NOT NULL,
		key   TEXT NOT NULL,
		value BLOB NOT NULL,
		at_ms INTEGER NOT NULL,
		PRIMARY KEY(owner, kind, key)
	);
	CREATE INDEX memory_recent ON memory(owner, kind, at_ms);`,
	// 8: what insights count without reading transcripts: each message's
	// task, a session's first language, where a transcript's bot spoke
	// last (its message, words and task: where a user who dropped off
	// left), and its first fallback answer with what the user had said.
	// Speaker 0 is model.SpeakerUser, 1 model.SpeakerBot.
	`ALTER TABLE messages ADD COLUMN task TEXT NOT NULL DEFAULT '';
	UPDATE messages SET task = konvo_task(raw) WHERE instr(raw, '"tN"') > 0;
	ALTER TABLE sessions ADD COLUMN lang TEXT NOT NULL DEFAULT '';
	UPDATE sessions SET lang = konvo_lang(raw);
	CREATE INDEX sessions_range ON sessions(start_ms, containment, channel, lang);
	ALTER TABLE transcripts ADD COLUMN last_bot_seq INTEGER NOT NULL DEFAULT -1;
	ALTER TABLE transcripts ADD COLUMN last_bot_text TEXT NOT NULL DEFAULT '';
	ALTER TABLE transcripts ADD COLUMN last_bot_task TEXT NOT NULL DEFAULT '';
	UPDATE transcripts SET last_bot_seq = coalesce((SELECT max(m.seq) FROM messages m
		WHERE m.session_id = transcripts.session_id AND m.speaker = 1 AND konvo_words(m.raw) != ''), -1);
	UPDATE transcripts SET last_bot_text = coalesce((SELECT konvo_words(m.raw) FROM messages m
		WHERE m.session_id = transcripts.session_id AND m.seq = transcripts.last_bot_seq), ''),
		last_bot_task = coalesce((SELECT m.task FROM messages m WHERE m.session_id = transcripts.session_id
		AND m.seq <= transcripts.last_bot_seq AND m.task != '' ORDER BY m.seq DESC LIMIT 1), '')
		WHERE last_bot_seq >= 0;
	ALTER TABLE transcripts ADD COLUMN unclear_seq INTEGER NOT NULL DEFAULT -1;
	ALTER TABLE transcripts ADD COLUMN unclear_text TEXT NOT NULL DEFAULT '';
	UPDATE transcripts SET unclear_seq = coalesce((SELECT min(m.seq) FROM messages m
		WHERE m.session_id = transcripts.session_id AND m.speaker = 1 AND konvo_fallback(m.raw) = 1), -1);
	UPDATE transcripts SET unclear_text = coalesce((SELECT konvo_said(m.raw) FROM messages m
		WHERE m.session_id = transcripts.session_id AND m.seq < transcripts.unclear_seq AND m.speaker = 0 ORDER BY m.seq DESC LIMIT 1), '')
		WHERE unclear_seq >= 0;
	CREATE INDEX transcripts_failed ON transcripts(session_id) WHERE failed = 1;
	CREATE INDEX transcripts_unclear ON transcripts(session_id) WHERE unclear_seq >= 0;
	CREATE INDEX sessions_containment ON sessions(containment, start_ms);`,
	// 9: sessions counted as they are written, purged and expired (kept
	// by triggers), so the insights read a few thousand rows instead of
	// every session of the range: time_counts per quarter hour and
	// containment (with the stored transcripts), mix_counts per UTC day,
	// containment, channel and language. (No INSERT OR IGNORE in them: an
	// outer UPSERT's conflict handling would override it.)
	`CREATE TABLE time_counts(
		quarter     INTEGER NOT NULL,
		containment INTEGER NOT NULL,
		sessions    INTEGER NOT NULL,
		transcripts INTEGER NOT NULL,
		PRIMARY KEY(quarter, containment)
	) WITHOUT ROWID;
	CREATE TABLE mix_counts(
		day         INTEGER NOT NULL,
		containment INTEGER NOT NULL,
		channel     TEXT NOT NULL,
		lang        TEXT NOT NULL,
		sessions    INTEGER NOT NULL,
		PRIMARY KEY(day, containment, channel, lang)
	) WITHOUT ROWID;
	INSERT INTO time_counts SELECT s.start_ms / 900000, s.containment, count(*), count(t.session_id)
		FROM sessions s LEFT JOIN transcripts t ON t.session_id = s.id GROUP BY 1, 2;
	INSERT INTO mix_counts SELECT start_ms / 86400000, containment, channel, lang, count(*) FROM sessions GROUP BY 1, 2, 3, 4;
	CREATE TRIGGER counts_insert AFTER INSERT ON sessions BEGIN
		INSERT INTO time_counts SELECT NEW.start_ms / 900000, NEW.containment, 0, 0 WHERE NOT EXISTS
			(SELECT 1 FROM time_counts WHERE quarter = NEW.start_ms / 900000 AND containment = NEW.containment);
		INSERT INTO mix_counts SELECT NEW.start_ms / 86400000, NEW.containment, NEW.channel, NEW.lang, 0 WHERE NOT EXISTS
			(SELECT 1 FROM mix_counts WHERE day = NEW.start_ms / 86400000 AND containment = NEW.containment AND channel = NEW.channel AND lang = NEW.lang);
		UPDATE time_counts SET sessions = sessions + 1, transcripts = transcripts + EXISTS(SELECT 1 FROM transcripts WHERE session_id = NEW.id)
			WHERE quarter = NEW.start_ms / 900000 AND containment = NEW.containment;
		UPDATE mix_counts SET sessions = sessions + 1
			WHERE day = NEW.start_ms / 86400000 AND containment = NEW.containment AND channel = NEW.channel AND lang = NEW.lang;
	END;
	CREATE TRIGGER counts_update AFTER UPDATE OF start_ms, containment, channel, lang ON sessions BEGIN
		UPDATE time_counts SET sessions = sessions - 1, transcripts = transcripts - EXISTS(SELECT 1 FROM transcripts WHERE session_id = OLD.id)
			WHERE quarter = OLD.start_ms / 900000 AND containment = OLD.containment;
		UPDATE mix_counts SET sessions = sessions - 1
			WHERE day = OLD.start_ms / 86400000 AND containment = OLD.containment AND channel = OLD.channel AND lang = OLD.lang;
		INSERT INTO time_counts SELECT NEW.start_ms / 900000, NEW.containment, 0, 0 WHERE NOT EXISTS
			(SELECT 1 FROM time_counts WHERE quarter = NEW.start_ms / 900000 AND containment = NEW.containment);
		INSERT INTO mix_counts SELECT NEW.start_ms / 86400000, NEW.containment, NEW.channel, NEW.lang, 0 WHERE NOT EXISTS
			(SELECT 1 FROM mix_counts WHERE day = NEW.start_ms / 86400000 AND containment = NEW.containment AND channel = NEW.channel AND lang = NEW.lang);
		UPDATE time_counts SET sessions = sessions + 1, transcripts = transcripts + EXISTS(SELECT 1 FROM transcripts WHERE session_id = NEW.id)
			WHERE quarter = NEW.start_ms / 900000 AND containment = NEW.containment;
		UPDATE mix_counts SET sessions = sessions + 1
			WHERE day = NEW.start_ms / 86400000 AND containment = NEW.containment AND channel = NEW.channel AND lang = NEW.lang;
	END;
	CREATE TRIGGER counts_delete AFTER DELETE ON sessions BEGIN
		UPDATE time_counts SET sessions = sessions - 1, transcripts = transcripts - EXISTS(SELECT 1 FROM transcripts WHERE session_id = OLD.id)
			WHERE quarter = OLD.start_ms / 900000 AND containment = OLD.containment;
		UPDATE mix_counts SET sessions = sessions - 1
			WHERE day = OLD.start_ms / 86400000 AND containment = OLD.containment AND channel = OLD.channel AND lang = OLD.lang;
	END;
	CREATE TRIGGER counts_transcript_insert AFTER INSERT ON transcripts BEGIN
		UPDATE time_counts SET transcripts = transcripts + 1
			WHERE (quarter, containment) = (SELECT start_ms / 900000, containment FROM sessions WHERE id = NEW.session_id);
	END;
	CREATE TRIGGER counts_transcript_delete AFTER DELETE ON transcripts BEGIN
		UPDATE time_counts SET transcripts = transcripts - 1
			WHERE (quarter, containment) = (SELECT start_ms / 900000, containment FROM sessions WHERE id = OLD.session_id);
	END;`,
	// 10: the counts by channel, voice turns and transcript facts counted
	// too (counts_schema.go).
	countsMigration(),
	// 11: what Kore keeps beside a session: feedback survey answers (by
	// their id, with the ranges fetched whole), and conversationDetails
	// (hand-off, task flow, the summary once asked for).
	`CREATE TABLE surveys(
		id         TEXT PRIMARY KEY,
		session_id TEXT NOT NULL,
		user_id    TEXT NOT NULL,
		at_ms      INTEGER NOT NULL,
		raw        BLOB NOT NULL,
		fetched_ms INTEGER NOT NULL
	);
	CREATE INDEX surveys_session ON surveys(session_id);
	CREATE INDEX surveys_at ON surveys(at_ms);
	CREATE INDEX surveys_fetched ON surveys(fetched_ms);
	CREATE TABLE survey_coverage(from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL, fetched_ms INTEGER NOT NULL);
	CREATE TABLE details(
		session_id TEXT PRIMARY KEY,
		raw        BLOB NOT NULL,
		summary    INTEGER NOT NULL,
		fetched_ms INTEGER NOT NULL
	);
	CREATE INDEX details_fetched ON details(fetched_ms);`,
	// 12: the contact center's record of a session that went to an agent
	// (participants, transfers, dispositions, notes), as sent.
	`CREATE TABLE agent_records(
		session_id TEXT PRIMARY KEY,
		raw        BLOB NOT NULL,
		fetched_ms INTEGER NOT NULL
	);
	CREATE INDEX agent_records_fetched ON agent_records(fetched_ms);`,
	// 13: messages numbered by their session's start (rowids.go), so a
	// search reads the newest first and stops when its page is full.
	renumberMigration,
	// 14: two indexes no query reads, kept up on every write: a search
	// scoped to a speaker filters the rows the text index found (by
	// rowid), and sessions_range leads with start_ms as sessions_start
	// did. Writing a message costs a tenth less without them.
	`DROP INDEX IF EXISTS messages_speaker;
	DROP INDEX IF EXISTS sessions_start;`,
	// 15: the count triggers stand aside for sessions an import writes
	// new, whose counts it adds at the end, a statement a table: the
	// triggers' dozen statements a session were a third of an import.
	bulkMigration(),
	// 16: the text index rebuilt leaner, for the writes of an import:
	// no copy of the text as shown (a snippet is found from the message
	// itself, search.go) and no table of each message's length (search
	// ranks nothing by it); it merges its segments sixteen at a time,
	// not four, and gathers up to 32 MiB before it writes one, so a large
	// import rewrites each entry about once per 16x of growth, not 4x.
	// On millions of messages the rebuild takes tens of seconds, once
	// (Open says so); the old index's pages are left free for new rows.
	`CREATE VIRTUAL TABLE message_text_lean USING fts5(body, tokenize = 'trigram', columnsize = 0);
	INSERT INTO message_text_lean(message_text_lean, rank) VALUES('automerge', 16);
	INSERT INTO message_text_lean(message_text_lean, rank) VALUES('hashsize', 33554432);
	INSERT INTO message_text_lean(rowid, body) SELECT rowid, body FROM message_text ORDER BY rowid;
	DROP TABLE message_text;
	ALTER TABLE message_text_lean RENAME TO message_text;`,
}

// migrate brings the schema up to date in one transaction per step, so
// a crash mid-way leaves the last whole version. Each step reads the
// version inside its write transaction: two konvos opening a new store
// at once take turns, and the second finds the work done.
func (s *Store) migrate(ctx context.Context) error {
	for first := true; ; first = false {
		done, err := s.migrateStep(ctx, first)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep runs the next migration; first says it is the open's
// first step, whose version is the one the store had.
func (s *Store) migrateStep(ctx context.Context, first bool) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock first
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, err
	}
	switch {
	case v > len(migrations):
		return false, fmt.Errorf("it was written by a newer konvo (schema %d, this one knows %d)", v, len(migrations))
	case v == len(migrations):
		return true, nil
	}
	if first && v > 0 && s.upgrading != nil {
		s.upgrading(v, len(migrations)) // an existing store, once
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("schema %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}
