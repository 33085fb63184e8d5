package store

import (
	"context"

	"konvo/model"
)

// InsightsScanned are f's insights read from the sessions, transcripts
// and messages alone, never from the kept counts: what the counts must
// equal.
func (s *Store) InsightsScanned(ctx context.Context, f model.Filter) (Insights, error) {
	cond, args := where(f)
	return s.insights(ctx, s.db, plan{f: f, cond: cond, args: args})
}
