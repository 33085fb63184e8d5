package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// writer is one write transaction with its statements prepared once:
// preparing an INSERT into sessions, transcripts or messages compiles
// the count triggers it fires (counts_schema.go), which costs more than
// running it, so a batch of many sessions prepares each statement once.
//
// It also holds back the text index's rows to the end: FTS5 writes out
// what it has gathered at every statement savepoint, and the triggers
// of a messages INSERT open one, so indexing each message as it is
// written left a segment a message and cost ten times the insert.
type writer struct {
	st      *Store
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	pending map[string][]indexRow // by session
	order   []string              // the sessions in pending, as written
	// none says the store holds no erasure (known once asked): then no
	// write needs a tombstone looked up, two a session. It holds for
	// the whole transaction, which has the write lock; erasures are
	// written by purges, in transactions of their own.
	none *bool
	// bare are sessions this transaction knows to have neither a row nor
	// messages stored, while an import writes them: nothing to look up
	// as moved, to renumber or to delete first (three queries and two
	// deletes a session, a twelfth of an import).
	bare map[string]bool
}

// noneErased reports whether the store holds no erasure at all.
func (w *writer) noneErased(ctx context.Context) (bool, error) {
	if w.none == nil {
		var any bool
		if err := w.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM erased)`).Scan(&any); err != nil {
			return false, fmt.Errorf("read erasures: %w", err)
		}
		none := !any
		w.none = &none
	}
	return *w.none, nil
}

// indexRow is one message's text for the index.
type indexRow struct {
	id   int64
	text string
}

// beginWriter begins a write transaction (its wait for the write lock
// ends when ctx does). Its statements run under a context that is never
// cancelled and each looks at ctx first: the driver starts a goroutine
// to watch every statement's cancellable context, which was a sixth of
// an import; a cancelled write stops at its next statement and rolls
// back.
func (s *Store) beginWriter(ctx context.Context) (*writer, error) {
	return s.beginWriterOn(ctx, s.db)
}

// beginner is the store's pool or one connection of it.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// beginWriterOn is beginWriter on a connection of the caller's.
func (s *Store) beginWriterOn(ctx context.Context, on beginner) (*writer, error) {
	tx, err := on.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &writer{st: s, tx: tx, stmts: map[string]*sql.Stmt{}, pending: map[string][]indexRow{}, bare: map[string]bool{}}, nil
}

// indexLater queues a message's text for the index.
func (w *writer) indexLater(sessionID string, id int64, text string) {
	if _, ok := w.pending[sessionID]; !ok {
		w.order = append(w.order, sessionID)
	}
	w.pending[sessionID] = append(w.pending[sessionID], indexRow{id, text})
}

// forgetIndex drops what is queued for a session whose messages are
// about to be replaced.
func (w *writer) forgetIndex(sessionID string) {
	if _, ok := w.pending[sessionID]; ok {
		w.pending[sessionID] = nil
	}
}

// flushIndex writes the queued text rows, one statement after another
// with nothing between them: FTS5 gathers them in memory and writes its
// index once. Call it before Commit. A row a statement, not many
// (insertMany): a statement of many rows opens a savepoint, and FTS5
// writes out what it has gathered at every savepoint, a segment a
// statement, which it then spent the import merging.
func (w *writer) flushIndex(ctx context.Context) error {
	if len(w.order) == 0 {
		return nil
	}
	st, err := w.stmt(ctx, `INSERT INTO message_text(rowid, body) VALUES(?,?)`)
	if err != nil {
		return err
	}
	var rows []indexRow
	for _, sid := range w.order {
		rows = append(rows, w.pending[sid]...)
	}
	// In rowid order: FTS5 writes out what it has gathered whenever a
	// rowid comes lower than the one before, and a batch's sessions come
	// newest first (lower rowids), so unsorted it wrote a segment a
	// session and spent most of an import merging them.
	slices.SortFunc(rows, func(a, b indexRow) int { return cmp.Compare(a.id, b.id) })
	for _, r := range rows {
		if _, err := st.ExecContext(ctx, r.id, fold(r.text)); err != nil {
			return fmt.Errorf("index the messages of %d sessions: %w", len(w.order), err)
		}
	}
	w.pending, w.order = map[string][]indexRow{}, nil
	return nil
}

// stmt is query prepared in the transaction, once.
func (w *writer) stmt(ctx context.Context, query string) (stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return stmt{st}, nil
	}
	quiet := context.WithoutCancel(ctx)
	shared, err := w.st.prepared(quiet, query)
	if err != nil {
		return stmt{}, err
	}
	st := w.tx.StmtContext(quiet, shared)
	w.stmts[query] = st
	return stmt{st}, nil
}

// stmt is a writer's prepared statement: it checks the context before
// it runs, then runs uninterrupted (beginWriter).
type stmt struct{ st *sql.Stmt }

func (s stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.st.ExecContext(context.WithoutCancel(ctx), args...)
}

func (s stmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.st.QueryContext(context.WithoutCancel(ctx), args...)
}

// ExecContext runs query, prepared the first time.
func (w *writer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs query, prepared the first time.
func (w *writer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query, prepared the first time; a failure to
// prepare or a cancelled context shows in Scan, as with sql.Tx.
func (w *writer) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := w.stmt(ctx, query)
	if err != nil || ctx.Err() != nil {
		return w.tx.QueryRowContext(ctx, query, args...)
	}
	return st.st.QueryRowContext(context.WithoutCancel(ctx), args...)
}

// commit ends the transaction, unless ctx was cancelled meanwhile: a
// cancelled write keeps nothing.
func (w *writer) commit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.tx.Commit()
}

// close rolls back what was not committed and releases the statements.
func (w *writer) close() {
	w.tx.Rollback()
	for _, st := range w.stmts {
		st.Close()
	}
}

// execer is a transaction or a writer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rowQuerier is a transaction or a writer.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// prepared is query prepared on the store's connections, kept until
// Close: database/sql keeps a statement prepared per connection, so a
// transaction's StmtContext of it compiles nothing on a connection that
// ran it before, where a statement of the transaction's own would
// compile the count triggers again for every transcript written.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if st, ok := s.stmts.m[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if s.stmts.m == nil {
		s.stmts.m = map[string]*sql.Stmt{}
	}
	s.stmts.m[query] = st
	return st, nil
}
