package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"konvo/model"
)

// Transcript is a stored transcript and where it came from.
type Transcript struct {
	Messages []model.Message
	Fetched  time.Time
	API      string // APIMessages or APIMessagesV2 (which leaves some kinds out)
}

// PutTranscript keeps a session's whole transcript, replacing what was
// stored, and indexes what a reader sees of each message. The transcript
// of an erased session or user is not written: the erasure wins.
func (s *Store) PutTranscript(ctx context.Context, sessionID, api string, msgs []model.Message) (err error) {
	defer s.checkDamaged(&err)
	w, err := s.beginWriter(ctx)
	if err != nil {
		return fmt.Errorf("store transcript: %w", err)
	}
	defer w.close()
	if _, err := s.putTranscript(ctx, w, sessionID, api, msgs, model.FactsOfTranscript(msgs)); err != nil {
		return err
	}
	if err := w.flushIndex(ctx); err != nil {
		return err
	}
	return w.commit(ctx)
}

// PutTranscripts keeps many whole transcripts as PutTranscript does, a
// transaction per about 10,000 messages rather than one each: a sync of
// a month writes in seconds, not minutes.
func (s *Store) PutTranscripts(ctx context.Context, api string, ts []Entry) (err error) {
	defer s.checkDamaged(&err)
	ts = inRowidOrder(ts)
	for len(ts) > 0 {
		n, msgs := 0, 0
		for n < len(ts) && (n == 0 || msgs+len(ts[n].Messages) <= 10_000) {
			msgs += len(ts[n].Messages)
			n++
		}
		if err := s.putTranscripts(ctx, api, ts[:n]); err != nil {
			return err
		}
		ts = ts[n:]
	}
	return nil
}

func (s *Store) putTranscripts(ctx context.Context, api string, ts []Entry) error {
	w, err := s.beginWriter(ctx)
	if err != nil {
		return fmt.Errorf("store transcripts: %w", err)
	}
	defer w.close()
	for _, t := range ts {
		if _, err := s.putTranscript(ctx, w, t.Session.ID, api, t.Messages, t.facts()); err != nil {
			return err
		}
	}
	if err := w.flushIndex(ctx); err != nil {
		return err
	}
	return w.commit(ctx)
}

// putTranscript writes a transcript, with its facts, in tx; written is
// false when an erasure holds it back.
func (s *Store) putTranscript(ctx context.Context, tx *writer, sessionID, api string, msgs []model.Message, facts model.TranscriptFacts) (written bool, err error) {
	users := make([]string, 0, 1)
	for _, m := range msgs {
		if m.UserID != "" && (len(users) == 0 || users[len(users)-1] != m.UserID) {
			users = append(users, m.UserID)
		}
	}
	if gone, err := buried(ctx, tx, erasedSession, sessionID); err != nil || gone {
		return false, err
	}
	if gone, err := buried(ctx, tx, erasedUser, users...); err != nil || gone {
		return false, err
	}
	if !tx.bare[sessionID] {
		tx.forgetIndex(sessionID)
		if err := deleteMessages(ctx, tx, `session_id = ?`, sessionID); err != nil {
			return false, err
		}
	}
	failure, failed, last, unclear := facts.Failure, facts.Failed, facts.Last, facts.Unclear
	first, err := s.firstRowid(ctx, tx, sessionID, len(msgs))
	if err != nil {
		return false, err
	}
	const width = 7 // the values of a message's row
	rows := make([]any, 0, width*len(msgs))
	for i, m := range msgs {
		id := first + int64(i)
		rows = append(rows, id, sessionID, i, []byte(m.Raw), int(m.Speaker()), m.TurnMillis(), m.TaskName)
		if text := facts.Texts[i]; text != "" {
			tx.indexLater(sessionID, id, text)
		}
	}
	if err := tx.insertMany(ctx, `INSERT INTO messages(rowid, session_id, seq, raw, speaker, latency_ms, task)`, width, rows); err != nil {
		return false, fmt.Errorf("store the messages of %s: %w", sessionID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO transcripts(session_id, messages, fetched_ms, api, failed, failed_seq, failed_task, failed_text,
		last_bot_seq, last_bot_text, last_bot_task, unclear_seq, unclear_text) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(session_id) DO UPDATE SET messages=excluded.messages, fetched_ms=excluded.fetched_ms, api=excluded.api,
		failed=excluded.failed, failed_seq=excluded.failed_seq, failed_task=excluded.failed_task, failed_text=excluded.failed_text,
		last_bot_seq=excluded.last_bot_seq, last_bot_text=excluded.last_bot_text, last_bot_task=excluded.last_bot_task,
		unclear_seq=excluded.unclear_seq, unclear_text=excluded.unclear_text`,
		sessionID, len(msgs), ms(s.now()), api, failed, failure.Seq, failure.Task, failure.Text, last.Seq, last.Text, last.Task, unclear.Seq, unclear.Said); err != nil {
		return false, fmt.Errorf("store transcript: %w", err)
	}
	return true, nil
}

// deleteMessages removes messages, and their index entries, by a
// condition on the messages table.
func deleteMessages(ctx context.Context, tx execer, where string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM message_text WHERE rowid IN (SELECT rowid FROM messages WHERE `+where+`)`, args...); err != nil {
		return fmt.Errorf("drop stored messages: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE `+where, args...); err != nil {
		return fmt.Errorf("drop stored messages: %w", err)
	}
	return nil
}

// Transcript is a session's stored transcript; ok is false when none is.
func (s *Store) Transcript(ctx context.Context, sessionID string) (t Transcript, ok bool, err error) {
	defer s.checkDamaged(&err)
	var fetched int64
	err = s.db.QueryRowContext(ctx, `SELECT fetched_ms, api FROM transcripts WHERE session_id = ?`, sessionID).Scan(&fetched, &t.API)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("read stored transcript: %w", err)
	}
	t.Fetched = fromMS(fetched)
	rows, err := s.db.QueryContext(ctx, `SELECT raw FROM messages WHERE session_id = ? ORDER BY seq`, sessionID)
	if err != nil {
		return t, false, fmt.Errorf("read stored transcript: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return t, false, fmt.Errorf("read stored transcript: %w", err)
		}
		var m model.Message
		if err := json.Unmarshal(raw, &m); err != nil {
			return t, false, fmt.Errorf("a stored message of %s cannot be read: %w", sessionID, err)
		}
		t.Messages = append(t.Messages, m)
	}
	return t, true, rows.Err()
}

// HasTranscript reports which of the sessions have a stored transcript.
func (s *Store) HasTranscript(ctx context.Context, ids []string) (_ map[string]bool, err error) {
	defer s.checkDamaged(&err)
	out := make(map[string]bool, len(ids))
	// One query a few hundred ids, not one a session: a sync asks this
	// of every session in its range.
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT session_id FROM transcripts WHERE session_id IN (?`+strings.Repeat(",?", n-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read stored transcripts: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read stored transcripts: %w", err)
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read stored transcripts: %w", err)
		}
		ids = ids[n:]
	}
	return out, nil
}

// FailedSessions are the stored sessions of f whose transcript shows a
// failed task, newest first.
func (s *Store) FailedSessions(ctx context.Context, f model.Filter) (_ []model.Session, err error) {
	defer s.checkDamaged(&err)
	return s.sessionsWhere(ctx, f, `SELECT s.raw, s.containment FROM sessions s JOIN transcripts t ON t.session_id = s.id
		WHERE t.failed = 1 AND s.start_ms >= ? AND s.start_ms < ? ORDER BY s.start_ms DESC, s.id`, ms(f.Range.From), ms(f.Range.To))
}
