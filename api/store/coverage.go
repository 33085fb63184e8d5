package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"konvo/model"
)

// MarkSynced records that every session starting in r is stored (a
// whole, unfiltered walk of the range finished).
func (s *Store) MarkSynced(ctx context.Context, r model.Range) (err error) {
	defer s.checkDamaged(&err)
	_, err = s.db.ExecContext(ctx, `INSERT INTO coverage(from_ms, to_ms, fetched_ms) VALUES(?,?,?)`, ms(r.From), ms(r.To), ms(s.now()))
	if err != nil {
		return fmt.Errorf("store: note the synced range: %w", err)
	}
	return nil
}

// Missing is what of r the store does not hold in full: the stretches
// never synced, newest first, and their total length.
func (s *Store) Missing(ctx context.Context, r model.Range) (_ []model.Range, _ time.Duration, err error) {
	defer s.checkDamaged(&err)
	return s.missingIn(ctx, "coverage", r)
}

// missingIn is Missing over a table of ranges (coverage, survey_coverage).
func (s *Store) missingIn(ctx context.Context, table string, r model.Range) (_ []model.Range, _ time.Duration, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT from_ms, to_ms FROM `+table+` WHERE to_ms > ? AND from_ms < ?`, ms(r.From), ms(r.To))
	if err != nil {
		return nil, 0, fmt.Errorf("read the synced ranges: %w", err)
	}
	defer rows.Close()
	var have []model.Range
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, 0, err
		}
		have = append(have, model.Range{From: fromMS(a), To: fromMS(b)})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	// The store keeps milliseconds: compare at that grain, or a range
	// would always lack the fraction of a millisecond at its end.
	r = model.Range{From: r.From.Truncate(time.Millisecond), To: r.To.Truncate(time.Millisecond)}
	gaps := subtract(r, have)
	var total time.Duration
	for _, g := range gaps {
		total += g.To.Sub(g.From)
	}
	return gaps, total, nil
}

// subtract is r less the ranges in have, newest first.
func subtract(r model.Range, have []model.Range) []model.Range {
	sort.Slice(have, func(i, j int) bool { return have[i].From.Before(have[j].From) })
	var gaps []model.Range
	at := r.From
	for _, h := range have {
		if h.To.Before(at) || !h.To.After(at) {
			continue
		}
		if h.From.After(at) {
			gaps = append(gaps, model.Range{From: at, To: model.Earlier(h.From, r.To)})
		}
		at = h.To
		if !at.Before(r.To) {
			break
		}
	}
	if at.Before(r.To) {
		gaps = append(gaps, model.Range{From: at, To: r.To})
	}
	for i, j := 0, len(gaps)-1; i < j; i, j = i+1, j-1 {
		gaps[i], gaps[j] = gaps[j], gaps[i]
	}
	return gaps
}
