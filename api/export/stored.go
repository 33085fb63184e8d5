package export

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"konvo/api/store"
	"konvo/model"
)

// FromStore writes the filter's stored sessions as Run does, from the
// local store alone: no request. With Messages, a session whose
// transcript is not stored is written without a messages member (an
// empty list would claim it had none) and counted in Stats.NotStored.
func FromStore(ctx context.Context, st *store.Store, f model.Filter, w io.Writer, o Options) (Stats, error) {
	var stats Stats
	sessions, err := st.Sessions(ctx, f)
	if err != nil {
		return stats, err
	}
	stats.Total, stats.TotalExact = len(sessions), true
	var buf bytes.Buffer
	for _, s := range sessions {
		if o.Skip[s.ID] {
			stats.Skipped++
			continue
		}
		buf.Reset()
		if o.Format == "csv" && stats.Sessions == 0 {
			buf.Write(csvHeader())
		}
		var msgs []model.Message
		rec := o
		if o.Messages {
			t, ok, err := st.Transcript(ctx, s.ID)
			if err != nil {
				return stats, err
			}
			if !ok {
				stats.NotStored++
				rec.Messages = false
			}
			msgs = t.Messages
			stats.Messages += len(msgs)
		}
		buf.Write(rec.record(s, msgs))
		if _, err := w.Write(buf.Bytes()); err != nil {
			return stats, fmt.Errorf("write: %w", err)
		}
		stats.Sessions++
		if o.Progress != nil {
			o.Progress(Progress{Sessions: stats.Sessions, Total: stats.Total, Exact: true, Messages: stats.Messages})
		}
	}
	return stats, nil
}
