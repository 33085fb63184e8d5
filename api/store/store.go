// Package store is konvo's memory: the sessions and transcripts it has
// read, kept in one SQLite database per host and bot, exactly as the
// server sent them, with a full-text index of what was said. It never
// holds a secret or a token. Transcripts are personal data: the
// directory is 0700, the files 0600, and purge erases on request.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // the pure-Go driver: no cgo, one static binary
	sqlite3 "modernc.org/sqlite/lib"

	"konvo/api/fsafe"
)

// Store is one host's and bot's database.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// upgrading is told once when Open brings an existing store to a
	// newer schema (OpenNoting): on millions of messages that takes
	// seconds, which a user should not take for a hang.
	upgrading func(from, to int)
	// stmts are the writers' statements, prepared once (writer.go).
	stmts struct {
		mu sync.Mutex
		m  map[string]*sql.Stmt
	}
	// bg is the work running beside the store's users (expiry): Close
	// ends it and waits.
	bg struct {
		once   sync.Once
		ctx    context.Context
		cancel context.CancelFunc
		wg     sync.WaitGroup
	}
}

// background runs f beside the store's users until Close.
func (s *Store) background(f func(ctx context.Context)) {
	s.bg.once.Do(func() { s.bg.ctx, s.bg.cancel = context.WithCancel(context.Background()) })
	s.bg.wg.Add(1)
	go func() {
		defer s.bg.wg.Done()
		f(s.bg.ctx)
	}()
}

// Dir is where stores live: KONVO_STORE, or $XDG_DATA_HOME/konvo
// (~/.local/share/konvo when unset).
func Dir(getenv func(string) string) string {
	if d := getenv("KONVO_STORE"); d != "" {
		return d
	}
	base := getenv("XDG_DATA_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "konvo")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// FileName is the database of a host and bot: readable, and safe on any
// file system ("bots.kore.ai_st-7a1c….db").
func FileName(host, bot string) string {
	h := host
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	h = strings.Trim(unsafeName.ReplaceAllString(h, "_"), "_")
	if bot == "" {
		bot = "all-bots"
	}
	return h + "_" + strings.Trim(unsafeName.ReplaceAllString(bot, "_"), "_") + ".db"
}

// DamagedError is a database konvo cannot read. Moving the file aside is
// always safe: it holds only copies of what the server has.
type DamagedError struct {
	Path string
	Err  error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the local store %s is damaged (%v); move it aside (mv %s %s.bad) and konvo rebuilds it from the server, or run with --no-store",
		e.Path, e.Err, e.Path, e.Path)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// checkDamaged turns an error that says the file is damaged (SQLite's
// CORRUPT or NOTADB, met in the middle of the file long after it opened)
// into a DamagedError naming the file and the fix.
func (s *Store) checkDamaged(err *error) {
	var se *sqlite.Error
	var de *DamagedError
	if *err == nil || errors.As(*err, &de) {
		return
	}
	if errors.Is(*err, errUnreadableRecord) {
		// A record that was JSON when it was written and is not now:
		// the file, not the server, changed.
		*err = &DamagedError{Path: s.path, Err: *err}
		return
	}
	if !errors.As(*err, &se) {
		return
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		*err = &DamagedError{Path: s.path, Err: *err}
	}
}

// Open opens (creating when missing) the store of host and bot in dir.
func Open(dir, host, bot string, now func() time.Time) (*Store, error) {
	return OpenNoting(dir, host, bot, now, nil)
}

// OpenNoting is Open that tells upgrading, before it starts, when an
// existing store is brought from schema from to schema to.
func OpenNoting(dir, host, bot string, now func() time.Time, upgrading func(from, to int)) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if dir == "" {
		return nil, errors.New("no directory for the local store: set KONVO_STORE or HOME, or run with --no-store")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("local store: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("local store: %w", err)
	}
	path := filepath.Join(dir, FileName(host, bot))
	// Created 0600 before SQLite touches it: its -wal and -shm files take
	// the database's mode.
	f, err := fsafe.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("local store: %w", err)
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, fmt.Errorf("local store: %w", err)
	}
	// SQLite opens its log and index files by name: none may be a link.
	for _, side := range []string{path + "-wal", path + "-shm", path + "-journal"} {
		if err := fsafe.CheckPath(side); err != nil {
			return nil, fmt.Errorf("local store: %w", err)
		}
	}
	// Every transaction takes the write lock when it begins (immediate):
	// a deferred one that reads and then writes cannot wait for another
	// writer and fails at once with "database is locked"; an immediate
	// one waits its turn, up to the busy timeout. Reads go through a
	// mapping of the file's first GiB rather than a read call a page: a
	// command starts with an empty page cache, and a search's first
	// pages cost a fifth less. Statement journals stay in memory: a
	// write that fires triggers keeps the pages it changes in one, and
	// in a temporary file those writes were a twentieth of an import
	// (and left what was said on disk outside the store).
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=secure_delete(ON)&_pragma=mmap_size(1073741824)&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return nil, &DamagedError{Path: path, Err: err}
	}
	// A connection new to the pool parses the whole schema (about a
	// millisecond); database/sql keeps two idle and closes the rest, so a
	// TUI whose prefetch writes while screens read opened another now and
	// then (5 opens in a minute of browsing the demo; 4 with four idle).
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: now, upgrading: upgrading}
	if err := s.migrateWaiting(context.Background(), 10*time.Second); err != nil {
		db.Close()
		if busy(err) {
			return nil, fmt.Errorf("local store %s: another konvo has held it for over 10 s: %w", path, err)
		}
		return nil, &DamagedError{Path: path, Err: err}
	}
	return s, nil
}

// migrateWaiting is migrate, tried again while the store is busy. The
// first connection to a new file turns it to WAL, which takes the file
// for itself and answers BUSY at once rather than waiting the busy
// timeout; konvos opening a new store together then meet it.
func (s *Store) migrateWaiting(ctx context.Context, patience time.Duration) error {
	deadline := time.Now().Add(patience)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.migrate(ctx)
		if !busy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// busy says the database is held by another connection (SQLite's BUSY
// or LOCKED): a wait, not damage.
func busy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.bg.once.Do(func() { s.bg.ctx, s.bg.cancel = context.WithCancel(context.Background()) })
	s.bg.cancel()
	s.bg.wg.Wait()
	s.stmts.mu.Lock()
	for _, st := range s.stmts.m {
		st.Close()
	}
	s.stmts.m = nil
	s.stmts.mu.Unlock()
	return s.db.Close()
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n).UTC()
}

// Now is the store's clock: what "active" and "fetched" are measured by.
func (s *Store) Now() time.Time { return s.now() }
