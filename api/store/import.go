package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"

	"konvo/model"
)

// Entry is one session with, when known, its whole transcript: what an
// import reads from an export and a sync brings (HasMessages: an export
// without a transcript for a session says nothing about one, and an
// empty one says it had none).
type Entry struct {
	Session     model.Session
	Messages    []model.Message
	HasMessages bool
	// Facts are the transcript's (model.FactsOfTranscript), when its
	// reader found them already: an import finds them on the core that
	// reads the export, beside the writer, which is the slower of the two.
	// Nil: the writer finds them.
	Facts *model.TranscriptFacts
}

// facts are the entry's transcript facts, found now if not yet.
func (e Entry) facts() model.TranscriptFacts {
	if e.Facts != nil && len(e.Facts.Texts) == len(e.Messages) {
		return *e.Facts
	}
	return model.FactsOfTranscript(e.Messages)
}

// ImportStats count what an import did.
type ImportStats struct {
	Sessions, Transcripts, Messages int
	// Unchanged were stored already exactly so; Erased are held back by
	// an erasure.
	Unchanged, Erased int
}

// Add sums two counts.
func (a ImportStats) Add(b ImportStats) ImportStats {
	return ImportStats{a.Sessions + b.Sessions, a.Transcripts + b.Transcripts, a.Messages + b.Messages, a.Unchanged + b.Unchanged, a.Erased + b.Erased}
}

// Importer writes the batches of one import on a connection of its own,
// with the import's settings (importPragmas) for the whole of it: set
// and set back for each batch, the page cache began every batch cold.
// It is not safe for concurrent use; Close gives the connection back
// to the pool as it was.
type Importer struct {
	s       *Store
	conn    *sql.Conn
	restore func()
}

// BeginImport takes a connection for an import.
func (s *Store) BeginImport(ctx context.Context) (*Importer, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	restore, err := setPragmas(ctx, conn, importPragmas())
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("import: %w", err)
	}
	return &Importer{s: s, conn: conn, restore: restore}, nil
}

// Close sets the connection back and returns it to the pool.
func (im *Importer) Close() error {
	im.restore()
	return im.conn.Close()
}

// Import is an import of one batch (Importer.Import).
func (s *Store) Import(ctx context.Context, batch []Entry) (ImportStats, error) {
	im, err := s.BeginImport(ctx)
	if err != nil {
		return ImportStats{}, err
	}
	defer im.Close()
	return im.Import(ctx, batch)
}

// Import keeps a batch of exported sessions in one transaction: a
// session stored already with the same record and transcript is left as
// it is (importing twice changes nothing, not even when it was fetched),
// and an erasure wins over an import as over a sync.
//
// Sessions not stored before (most of an import) are written after the
// rest, in bulk: the count triggers stand aside for them and their
// counts are added at the end, a statement a table.
func (im *Importer) Import(ctx context.Context, batch []Entry) (st ImportStats, err error) {
	s := im.s
	defer s.checkDamaged(&err)
	w, err := s.beginWriterOn(ctx, im.conn)
	if err != nil {
		return st, fmt.Errorf("import: %w", err)
	}
	defer w.close()
	var fresh []Entry
	for _, e := range batch {
		stored, same, err := sameAsStored(ctx, w, e)
		switch {
		case err != nil:
			return ImportStats{}, err
		case same:
			st.Unchanged++
		case !stored:
			fresh = append(fresh, e)
		default:
			if err := s.importOne(ctx, w, e, &st); err != nil {
				return ImportStats{}, err
			}
		}
	}
	if err := s.importFresh(ctx, w, fresh, &st); err != nil {
		return ImportStats{}, err
	}
	if err := w.flushIndex(ctx); err != nil {
		return ImportStats{}, err
	}
	if err := w.commit(ctx); err != nil {
		return ImportStats{}, fmt.Errorf("import: %w", err)
	}
	return st, nil
}

// importPragmas are an import's connection's settings, for its time:
//   - the log may gather 32,768 pages (128 MiB of 4 KiB pages) before a
//     commit copies it into the database file itself. At SQLite's
//     default of 1,000 the writer copied it after every batch, a sixth
//     of an import. (Copying it on a connection of its own beside the
//     writer measured slower still: the two fought over the log.)
//   - the page cache holds 64 MiB, a batch's worth, not 2: with less,
//     the pager wrote pages out to the log mid-batch to make room, and
//     again when the batch changed them after.
func importPragmas() []bulkPragma {
	return []bulkPragma{{"wal_autocheckpoint", 32768}, {"cache_size", -65536}}
}

// bulkPragma is a connection's setting and the value a bulk write wants.
type bulkPragma struct {
	name string // a pragma that reads and sets an integer
	want int
}

// setPragmas gives conn the settings; restore sets back what they were,
// and if it cannot, retires the connection, so that no other write on
// it runs with them.
func setPragmas(ctx context.Context, conn *sql.Conn, set []bulkPragma) (restore func(), err error) {
	was := make([]int, len(set))
	for i, p := range set {
		if err := conn.QueryRowContext(ctx, `PRAGMA `+p.name).Scan(&was[i]); err != nil {
			return nil, fmt.Errorf("read %s: %w", p.name, err)
		}
	}
	restore = func() {
		for i, p := range set {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA %s = %d`, p.name, was[i])); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				return
			}
		}
	}
	for _, p := range set {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA %s = %d`, p.name, p.want)); err != nil {
			restore()
			return nil, fmt.Errorf("set %s: %w", p.name, err)
		}
	}
	return restore, nil
}

// importOne writes one session and, when the import has it, its
// transcript.
func (s *Store) importOne(ctx context.Context, w *writer, im Entry, st *ImportStats) error {
	n, err := s.putSessions(ctx, w, []model.Session{im.Session})
	if err != nil {
		return err
	}
	if n == 0 {
		st.Erased++
		return nil
	}
	st.Sessions++
	if !im.HasMessages {
		return nil
	}
	written, err := s.putTranscript(ctx, w, im.Session.ID, APIImport, im.Messages, im.facts())
	if err != nil {
		return err
	}
	if written {
		st.Transcripts++
		st.Messages += len(im.Messages)
	}
	return nil
}

// importFresh writes sessions none of which was stored, marked in
// bulk_write so that the count triggers stand aside (counts_schema.go),
// then adds their counts and drops the marks. A session with no row
// contributes nothing to any count (each joins the session), whatever
// else was stored for it, so what they add then is all they add.
func (s *Store) importFresh(ctx context.Context, w *writer, fresh []Entry, st *ImportStats) error {
	if len(fresh) == 0 {
		return nil
	}
	mark, err := w.stmt(ctx, `INSERT OR IGNORE INTO bulk_write(id) VALUES(?)`)
	if err != nil {
		return wrapImport(err)
	}
	for _, im := range fresh {
		if _, err := mark.ExecContext(ctx, im.Session.ID); err != nil {
			return wrapImport(err)
		}
	}
	fresh = inRowidOrder(fresh)
	held, err := heldMessages(ctx, w)
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(fresh))
	for _, im := range fresh {
		// The first of a session with no messages stored either is
		// written with nothing to look up or replace (writer.bare).
		id := im.Session.ID
		if !held[id] && !seen[id] {
			w.bare[id] = true
		}
		seen[id] = true
		err := s.importOne(ctx, w, im, st)
		delete(w.bare, id)
		if err != nil {
			return err
		}
	}
	for _, q := range bulkCounts() {
		if _, err := w.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("import: count what arrived: %w", err)
		}
	}
	_, err = w.ExecContext(ctx, `DELETE FROM bulk_write`)
	return wrapImport(err)
}

// inRowidOrder is the sessions in the order of their messages' rowids
// (rowids.go), each session's copies together and in the order given
// (the last wins). An export and a sync list sessions newest first, and
// rows written in falling rowid order left each page of the messages
// table half full: half the store's bytes were free space, written once
// to the log and again to the file.
func inRowidOrder(entries []Entry) []Entry {
	last := make(map[string]int, len(entries))
	for i, e := range entries {
		last[e.Session.ID] = i
	}
	key := func(e Entry) int64 { return rowidBase(ms(entries[last[e.Session.ID]].Session.Start)) }
	sorted := slices.Clone(entries)
	slices.SortStableFunc(sorted, func(a, b Entry) int { return cmp.Compare(key(a), key(b)) })
	return sorted
}

// heldMessages are the sessions marked in bulk_write that have messages
// stored (a transcript stored before its session): most have none.
func heldMessages(ctx context.Context, w *writer) (map[string]bool, error) {
	rows, err := w.QueryContext(ctx, `SELECT DISTINCT session_id FROM messages WHERE session_id IN (SELECT id FROM bulk_write)`)
	if err != nil {
		return nil, wrapImport(err)
	}
	defer rows.Close()
	held := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrapImport(err)
		}
		held[id] = true
	}
	return held, wrapImport(rows.Err())
}

// sameAsStored reports whether the session is stored and, if so,
// whether with the same record and, when the import has one, the same
// transcript.
func sameAsStored(ctx context.Context, tx *writer, im Entry) (stored, same bool, err error) {
	var raw []byte
	err = tx.QueryRowContext(ctx, `SELECT raw FROM sessions WHERE id = ?`, im.Session.ID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	if err != nil || !bytes.Equal(raw, im.Session.Raw) {
		return true, false, wrapImport(err)
	}
	if !im.HasMessages {
		return true, true, nil
	}
	var n int
	switch err := tx.QueryRowContext(ctx, `SELECT messages FROM transcripts WHERE session_id = ?`, im.Session.ID).Scan(&n); {
	case errors.Is(err, sql.ErrNoRows):
		return true, false, nil
	case err != nil:
		return true, false, wrapImport(err)
	case n != len(im.Messages):
		return true, false, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT raw FROM messages WHERE session_id = ? ORDER BY seq`, im.Session.ID)
	if err != nil {
		return true, false, wrapImport(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		if err := rows.Scan(&raw); err != nil {
			return true, false, wrapImport(err)
		}
		if i >= len(im.Messages) || !bytes.Equal(raw, im.Messages[i].Raw) {
			return true, false, nil
		}
	}
	return true, i == len(im.Messages), wrapImport(rows.Err())
}

func wrapImport(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("import: %w", err)
}
