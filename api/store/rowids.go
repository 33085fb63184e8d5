package store

import (
	"context"
	"fmt"
)

// A message's rowid (and its text's in the index) says when its session
// started: the start second shifted left by rowidShift, plus its place
// among the messages of the sessions that started in that second, a
// session's messages one block in order. So the text index, read in
// rowid order from the top, meets the newest sessions first, each whole
// before the next: a search stops once its page is full, however much
// the store holds, and a range is a rowid range the index reads alone.
//
// 22 bits leave 4 million messages a second and starts until far past
// the year 10,000 in an int64.
const rowidShift = 22

// rowidBase is the first rowid of the sessions that started at startMS.
func rowidBase(startMS int64) int64 {
	sec := startMS / 1000
	if startMS < 0 {
		sec = 0 // before 1970: an unreadable start
	}
	return sec << rowidShift
}

// rowidBound is the rowid bound of a range's end (exclusive), its
// second rounded up: the index's range is a little wide and the
// sessions' own starts decide.
func rowidBound(toMS int64) int64 {
	return rowidBase(toMS + 999)
}

// firstRowid is where a session's n messages go: after those of the
// sessions that started in the same second. The session's start comes
// from the store; a transcript stored before its session takes the time
// it was fetched (and search orders it by that).
func (s *Store) firstRowid(ctx context.Context, tx *writer, sessionID string, n int) (int64, error) {
	var start int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT start_ms FROM sessions WHERE id = ?), ?)`, sessionID, ms(s.now())).Scan(&start); err != nil {
		return 0, fmt.Errorf("store transcript: %w", err)
	}
	base := rowidBase(start)
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(rowid) + 1, ?) FROM messages WHERE rowid >= ? AND rowid < ?`, base, base, base+1<<rowidShift).Scan(&next); err != nil {
		return 0, fmt.Errorf("store transcript: %w", err)
	}
	if next+int64(n) > base+1<<rowidShift {
		// Four million messages in one second: put them after everything
		// (search still finds them; it may order them late).
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) + 1 FROM messages`).Scan(&next); err != nil {
			return 0, fmt.Errorf("store transcript: %w", err)
		}
	}
	return next, nil
}

// renumberMigration gives the messages already stored their rowids by
// start (13): the index's rows move with them. It reads each message's
// session start, or its transcript's fetch time when the session is not
// stored. The rows pass through negative rowids, so that no new number
// meets an old one not yet moved (a session with no readable start is
// numbered from 0, where the old numbers are).
const renumberMigration = `
	CREATE TEMP TABLE renumber(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
	INSERT INTO renumber(old, new)
		SELECT old, (sec << 22) + row_number() OVER (PARTITION BY sec ORDER BY session_id, seq) - 1 FROM (
			SELECT m.rowid AS old, m.session_id, m.seq,
				max(coalesce(s.start_ms, t.fetched_ms, 0), 0) / 1000 AS sec
			FROM messages m LEFT JOIN sessions s ON s.id = m.session_id LEFT JOIN transcripts t ON t.session_id = m.session_id);
	UPDATE message_text SET rowid = -rowid WHERE rowid IN (SELECT old FROM renumber);
	UPDATE message_text SET rowid = (SELECT new FROM renumber WHERE old = -message_text.rowid) WHERE rowid < 0;
	UPDATE messages SET rowid = -rowid;
	UPDATE messages SET rowid = (SELECT new FROM renumber WHERE old = -messages.rowid);
	DROP TABLE renumber;`

// placeMessages moves a session's stored messages to the rowids of its
// start when they are elsewhere: their transcript was stored before the
// session (numbered by when it was fetched), or the session's start
// changed. The index's rows move with them.
func (s *Store) placeMessages(ctx context.Context, tx *writer, sessionID string, startMS int64) error {
	var old, n int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(min(rowid), -1), count(*) FROM messages WHERE session_id = ?`, sessionID).Scan(&old, &n); err != nil {
		return fmt.Errorf("place messages: %w", err)
	}
	if n == 0 || old>>rowidShift == rowidBase(startMS)>>rowidShift {
		return nil
	}
	first, err := s.firstRowid(ctx, tx, sessionID, int(n))
	if err != nil {
		return err
	}
	delta := first - old
	if _, err := tx.ExecContext(ctx, `UPDATE message_text SET rowid = rowid + ? WHERE rowid IN (SELECT rowid FROM messages WHERE session_id = ?)`, delta, sessionID); err != nil {
		return fmt.Errorf("place messages: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE messages SET rowid = rowid + ? WHERE session_id = ?`, delta, sessionID); err != nil {
		return fmt.Errorf("place messages: %w", err)
	}
	for i := range tx.pending[sessionID] {
		tx.pending[sessionID][i].id += delta
	}
	return nil
}
