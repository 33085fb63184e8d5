package export

import (
	"context"
	"io"

	"konvo/api/store"
)

// Import reads an export into st as Read does, writing each batch while
// the next is read and decoded: the two take about as long, and on two
// cores the import takes the longer of them, not their sum. progress is
// told after each batch is stored.
func Import(ctx context.Context, st *store.Store, r io.Reader, batchMessages int, progress func(ReadStats, store.ImportStats)) (ReadStats, store.ImportStats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		batch []store.Entry
		read  ReadStats
	}
	imp, err := st.BeginImport(ctx)
	if err != nil {
		return ReadStats{}, store.ImportStats{}, err
	}
	jobs := make(chan job, 1)
	var total store.ImportStats
	written := make(chan error, 1)
	go func() {
		defer imp.Close()
		var err error
		for j := range jobs {
			if err != nil {
				continue // drain: the reader stops at the next batch
			}
			var got store.ImportStats
			got, err = imp.Import(ctx, j.batch)
			total = total.Add(got)
			if err != nil {
				cancel()
				continue
			}
			if progress != nil {
				progress(j.read, got)
			}
		}
		written <- err
	}()
	read, rerr := Read(ctx, r, batchMessages, func(batch []store.Entry, rs ReadStats) error {
		select {
		case jobs <- job{batch, rs}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(jobs)
	if werr := <-written; werr != nil {
		return read, total, werr
	}
	return read, total, rerr
}
