package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"konvo/api/fsafe"
)

// PartialSuffix names the file an export writes until it is complete.
const PartialSuffix = ".partial"

// File is an export's destination on disk. Lines go to PATH.partial
// (mode 0600, beside PATH, so the rename stays on one file system) and
// reach PATH only by Commit, once whole: a reader of PATH never sees a
// half-written export, and a killed one leaves PATH.partial holding whole
// lines that Resume can continue from.
type File struct {
	path, partial string
	f             *os.File
	// Done lists the sessions already in the partial file (Resume).
	Done map[string]bool
}

// Create starts a new export to path, refusing to overwrite a partial
// export left by an interrupted run (resume it, or delete it).
func Create(path string) (*File, error) {
	partial := path + PartialSuffix
	f, err := fsafe.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%s exists from an interrupted export: add --resume to continue it, or delete it", partial)
	}
	if err != nil {
		return nil, fmt.Errorf("export file: %w", err)
	}
	return &File{path: path, partial: partial, f: f, Done: map[string]bool{}}, nil
}

// Resume continues the partial export of path: a cut last line (from a
// kill in mid-write) is dropped, and the sessions already written are
// listed in Done. With no partial file it starts afresh.
func Resume(path string) (*File, error) {
	partial := path + PartialSuffix
	f, err := fsafe.OpenFile(partial, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return Create(path)
	}
	var link *fsafe.LinkError
	if errors.As(err, &link) {
		return nil, fmt.Errorf("resume export: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("resume export: %w", err)
	}
	done, whole, err := readDone(f)
	if err == nil {
		err = f.Truncate(whole)
	}
	if err == nil {
		_, err = f.Seek(whole, io.SeekStart)
	}
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("resume export %s: %w", partial, err)
	}
	return &File{path: path, partial: partial, f: f, Done: done}, nil
}

// readDone lists the session ids of the whole lines in r and the length
// of those lines.
func readDone(r io.Reader) (map[string]bool, int64, error) {
	done := map[string]bool{}
	var whole int64
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			var rec struct {
				SessionID string `json:"sessionId"`
			}
			if json.Unmarshal(bytes.TrimSpace(line), &rec) == nil && rec.SessionID != "" {
				done[rec.SessionID] = true
			}
			whole += int64(len(line))
		}
		if err == io.EOF {
			return done, whole, nil
		}
		if err != nil {
			return nil, 0, err
		}
	}
}

// Write appends whole lines and flushes them to the disk at once: each
// export page is one Write, so what is in the file survives a crash.
func (x *File) Write(p []byte) (int, error) {
	n, err := x.f.Write(p)
	if err == nil {
		err = x.f.Sync()
	}
	return n, err
}

// Partial is the path being written.
func (x *File) Partial() string { return x.partial }

// Commit moves the finished export into place.
func (x *File) Commit() error {
	if err := x.f.Sync(); err != nil {
		x.f.Close()
		return fmt.Errorf("export file: %w", err)
	}
	if err := x.f.Close(); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	if err := os.Rename(x.partial, x.path); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	if d, err := os.Open(filepath.Dir(x.path)); err == nil {
		_ = d.Sync() // the rename itself survives a crash
		d.Close()
	}
	return nil
}

// Keep closes the partial file, leaving it for Resume.
func (x *File) Keep() error { return x.f.Close() }
