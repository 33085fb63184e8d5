package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"konvo/api/export"
	"konvo/api/profile"
	"konvo/api/store"
	"konvo/model"
)

// importBatch is about how many messages one import transaction holds:
// large enough that a commit is rare, small enough that ctrl+c loses
// little and a reader waits little.
const importBatch = 10_000

func runImport(args []string, e Env) error {
	c := newCommand("konvo import")
	c.lead = "konvo import FILE… | -\n\n" +
		"Store the sessions and transcripts of konvo export --messages files\n" +
		"(or of stdin, with -) in the store of the profile's host and bot, as if\n" +
		"synced: search, --offline and insights read them. Importing a file\n" +
		"twice changes nothing. The filter flags below do not apply.\n\n"
	defer c.done()
	files, err := c.flags.ParseWords(c.fs, args, c.help(e))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return profile.Usage(errors.New("konvo import needs a file to read (or - for stdin)"))
	}
	if c.flags.Demo {
		return profile.Usage(errors.New("--demo has its own store, filled from the demo server: import into a profile's store"))
	}
	c.offline = true
	if err := c.resolve(e); err != nil {
		return err
	}
	st, err := c.openStoreOnly(e)
	if err != nil {
		return err
	}
	defer st.Close()
	start := e.Now()
	var mu sync.Mutex
	var read export.ReadStats
	var done store.ImportStats
	var name string
	var size int64 // of the file being read; 0 for stdin
	line := NewLine(e.Stderr, e.StderrTTY, e.Width, func() (float64, string) {
		mu.Lock()
		defer mu.Unlock()
		done := 0.0
		if size > 0 {
			done = min(float64(read.Bytes)/float64(size), 1)
		}
		return done, fmt.Sprintf("%s · %s, %s · %s", model.Line(name), model.Quantity(read.Sessions, "session", "sessions"),
			model.Quantity(read.Messages, "message", "messages"), rate(read.Messages, e.Now().Sub(start)))
	})
	var total export.ReadStats
	for _, f := range files {
		mu.Lock()
		name, size, read = f, 0, export.ReadStats{}
		if fi, err := os.Stat(f); err == nil && f != "-" {
			size = fi.Size()
		}
		mu.Unlock()
		got, err := importOne(e, st, f, func(rs export.ReadStats, is store.ImportStats) {
			mu.Lock()
			read, done = rs, done.Add(is)
			mu.Unlock()
		})
		total.Lines += got.Lines
		total.Sessions += got.Sessions
		total.Messages += got.Messages
		total.Bad += got.Bad
		if got.Bad > 0 {
			fmt.Fprintf(e.Stderr, "konvo import: %s: %d lines are no session record (the first is line %d); the rest was imported\n", model.Line(f), got.Bad, got.FirstBad)
		}
		if err != nil {
			line.Close()
			return fmt.Errorf("import %s: %w", model.Line(f), err)
		}
	}
	line.Close()
	took := e.Now().Sub(start)
	fmt.Fprintf(e.Stdout, "imported %s and %s (%s stored already, unchanged) from %s in %s, %s, into %s\n",
		model.Quantity(done.Sessions, "session", "sessions"), model.Quantity(done.Messages, "message", "messages"),
		model.Quantity(done.Unchanged, "session", "sessions"), model.Quantity(len(files), "file", "files"),
		took.Round(time.Millisecond), rate(total.Messages, took), st.Path())
	if done.Erased > 0 {
		fmt.Fprintf(e.Stdout, "%s not imported: erased here before (konvo purge), and the erasure stands\n", model.Quantity(done.Erased, "session was", "sessions were"))
	}
	return nil
}

// importOne reads one file (or stdin) into the store, a batch a
// transaction; progress is told after each.
func importOne(e Env, st *store.Store, name string, progress func(export.ReadStats, store.ImportStats)) (export.ReadStats, error) {
	var r io.Reader
	if name == "-" {
		if e.Stdin == nil {
			return export.ReadStats{}, errors.New("no stdin")
		}
		r = e.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return export.ReadStats{}, err
		}
		defer f.Close()
		r = f
	}
	read, _, err := export.Import(e.ctx, st, r, importBatch, progress)
	return read, err
}

// rate says how many messages a second.
func rate(messages int, took time.Duration) string {
	if took <= 0 {
		return "…"
	}
	return model.Thousands(int(float64(messages)/took.Seconds())) + " messages/s"
}
