package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"konvo/model"
)

// PutSurveys keeps the survey answers fetched for r, as sent, and notes
// r as fetched whole up to whole (answers still arrive for sessions that
// just ended, so the newest stretch is asked again). An erased user's or
// session's answer is not kept.
func (s *Store) PutSurveys(ctx context.Context, r model.Range, whole time.Time, surveys []model.Survey) (err error) {
	defer s.checkDamaged(&err)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store surveys: %w", err)
	}
	defer tx.Rollback()
	now := ms(s.now())
	for _, v := range surveys {
		if gone, err := erasedEither(ctx, tx, v.SessionID, v.UserID); err != nil || gone {
			if err != nil {
				return err
			}
			continue
		}
		id := v.ID
		if id == "" {
			id = v.SessionID + "@" + fmt.Sprint(ms(v.At))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO surveys(id, session_id, user_id, at_ms, raw, fetched_ms) VALUES(?,?,?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET session_id=excluded.session_id, user_id=excluded.user_id, at_ms=excluded.at_ms, raw=excluded.raw, fetched_ms=excluded.fetched_ms`,
			id, v.SessionID, v.UserID, ms(v.At), []byte(v.Raw), now); err != nil {
			return fmt.Errorf("store survey %s: %w", id, err)
		}
	}
	if to := model.Earlier(r.To, whole); to.After(r.From) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_coverage(from_ms, to_ms, fetched_ms) VALUES(?,?,?)`, ms(r.From), ms(to), now); err != nil {
			return fmt.Errorf("store surveys: %w", err)
		}
	}
	return tx.Commit()
}

// SurveysMissing are the stretches of r the stored survey answers do
// not cover, newest first.
func (s *Store) SurveysMissing(ctx context.Context, r model.Range) (_ []model.Range, err error) {
	defer s.checkDamaged(&err)
	gaps, _, err := s.missingIn(ctx, "survey_coverage", r)
	return gaps, err
}

// Surveys are the stored survey answers given in r, by session: the
// latest answer of each.
func (s *Store) Surveys(ctx context.Context, r model.Range) (_ map[string]model.Survey, err error) {
	defer s.checkDamaged(&err)
	rows, err := s.db.QueryContext(ctx, `SELECT raw FROM surveys WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms`, ms(r.From), ms(r.To))
	if err != nil {
		return nil, fmt.Errorf("read surveys: %w", err)
	}
	defer rows.Close()
	out := map[string]model.Survey{}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("read surveys: %w", err)
		}
		if v, ok := model.DecodeSurvey(raw); ok {
			out[v.SessionID] = v
		}
	}
	return out, rows.Err()
}

// PutDetails keeps a session's conversationDetails as sent; summary says
// whether the summary was asked for (a later answer without one does not
// replace one with it).
func (s *Store) PutDetails(ctx context.Context, sessionID string, d model.Details, summary bool) (err error) {
	defer s.checkDamaged(&err)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store details: %w", err)
	}
	defer tx.Rollback()
	if gone, err := buried(ctx, tx, erasedSession, sessionID); err != nil || gone {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO details(session_id, raw, summary, fetched_ms) VALUES(?,?,?,?)
		ON CONFLICT(session_id) DO UPDATE SET raw=excluded.raw, summary=excluded.summary, fetched_ms=excluded.fetched_ms
		WHERE excluded.summary >= details.summary`, sessionID, []byte(d.Raw), summary, ms(s.now())); err != nil {
		return fmt.Errorf("store details of %s: %w", sessionID, err)
	}
	return tx.Commit()
}

// Details are a session's stored conversationDetails; summary says
// whether they hold the summary's answer; ok is false when none are
// stored.
func (s *Store) Details(ctx context.Context, sessionID string) (d model.Details, summary, ok bool, err error) {
	defer s.checkDamaged(&err)
	var raw []byte
	err = s.db.QueryRowContext(ctx, `SELECT raw, summary FROM details WHERE session_id = ?`, sessionID).Scan(&raw, &summary)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, false, nil
	}
	if err != nil {
		return d, false, false, fmt.Errorf("read details: %w", err)
	}
	d, err = model.DecodeDetails(raw)
	return d, summary, err == nil, err
}

// PutAgentRecord keeps the contact center's record of a session as sent.
func (s *Store) PutAgentRecord(ctx context.Context, sessionID string, r model.AgentRecord) (err error) {
	defer s.checkDamaged(&err)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store agent record: %w", err)
	}
	defer tx.Rollback()
	if gone, err := buried(ctx, tx, erasedSession, sessionID); err != nil || gone {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO agent_records(session_id, raw, fetched_ms) VALUES(?,?,?)
		ON CONFLICT(session_id) DO UPDATE SET raw=excluded.raw, fetched_ms=excluded.fetched_ms`, sessionID, []byte(r.Raw), ms(s.now())); err != nil {
		return fmt.Errorf("store agent record of %s: %w", sessionID, err)
	}
	return tx.Commit()
}

// AgentRecord is a session's stored contact center record; ok is false
// when none is stored.
func (s *Store) AgentRecord(ctx context.Context, sessionID string) (r model.AgentRecord, ok bool, err error) {
	defer s.checkDamaged(&err)
	var raw []byte
	err = s.db.QueryRowContext(ctx, `SELECT raw FROM agent_records WHERE session_id = ?`, sessionID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("read agent record: %w", err)
	}
	r, err = model.DecodeAgentRecord(raw)
	return r, err == nil, err
}
