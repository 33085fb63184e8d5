package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"konvo/api"
	"konvo/api/profile"
	"konvo/model"
	"konvo/ui"
)

// Env is the outside world the command line talks to, so tests can give
// their own.
type Env struct {
	Getenv         func(string) string
	Stdin          io.Reader // konvo import - reads it (nil: none)
	Stdout, Stderr io.Writer
	StderrTTY      bool
	Width          func() int // stderr's columns, for progress lines (nil: unknown)
	Now            func() time.Time
	// Tune adjusts the API client's options; tests shrink the rate
	// windows and back-off with it. Nil in the real program.
	Tune func(*api.Options)
	// Look is konvo's keys and themes, filled in at the root (keymap.go,
	// theme.go), where a contributor looks for them first.
	Look Look

	// ctx ends on ctrl+c or SIGTERM: the one signal context every
	// command, purge and expiry included, honours.
	ctx context.Context
}

// Look is the default key map, the config's re-binding of it, and the
// themes by name.
type Look struct {
	Keys   func() ui.KeyMap
	Rebind func(km *ui.KeyMap, rebind map[string][]string) error
	Theme  func(name string, noColor bool) (ui.Theme, error)
}

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the API or the network failed
	ExitUsage = 2 // a bad flag, date or setting

	ExitNoMatch = 1 // konvo search found nothing, like grep
)

// errNoMatch is a search that found nothing: no message, exit 1.
var errNoMatch = errors.New("no session matched")

// spec is one command of konvo: its name ("" for the TUI), what it takes
// and does in a line, examples, and what runs it. The one table of them,
// commands, drives dispatch, the usage text and --help.
type spec struct {
	name, args, what string
	examples         [][2]string // the command line, and what it shows
	run              func([]string, Env) error
	// grepExit makes a failure exit 2, as grep does: 1 means "nothing
	// matched".
	grepExit bool
}

func commands() []spec {
	return []spec{
		{name: "", args: "[flags]", what: "open the TUI", run: runTUI, examples: [][2]string{
			{"konvo --demo", "a built-in demo bot, no account needed"},
			{"konvo --containment dropOff --from today", "today's drop-offs"},
			{"konvo --session 6b03992dc6c25e8490908d0e", "open one session, whatever its age"}}},
		{name: "export", args: "[flags]", what: "write sessions as JSON Lines to stdout", run: runExport, examples: [][2]string{
			{"konvo export --messages --from 3d -o last3days.jsonl", ""}}},
		{name: "sync", args: "[flags]", what: "store a range's sessions and transcripts locally", run: runSync, examples: [][2]string{
			{"konvo sync --from 30d", ""}}},
		{name: "search", args: "[flags] WORDS…", what: "the sessions whose transcripts say WORDS (exit 1: none)", run: runSearch, grepExit: true, examples: [][2]string{
			{"konvo search --from 7d order 4821", ""}}},
		{name: "stats", args: "[flags]", what: "the range's figures: per day, drop-off points, failed tasks, voice turns", run: runStats, examples: [][2]string{
			{"konvo stats --from 7d --json", ""}}},
		{name: "import", args: "FILE… | -", what: "store konvo export --messages files (or stdin) as if synced", run: runImport, examples: [][2]string{
			{"konvo import ticket-4821.jsonl", ""}}},
		{name: "purge", args: "--user ID | --session ID | --all", what: "erase stored data, and say what (a data subject's erasure)", run: runPurge, examples: [][2]string{
			{"konvo purge --user customer@example.com", ""}}},
		{name: "serve", args: "[flags]", what: "konvo for a team over SSH: listed keys only, an audit log, no secret on laptops", run: runServe, examples: [][2]string{
			{"konvo serve --addr :2222 --authorized-keys team.keys --host-key host_ed25519 --audit-log audit.jsonl", ""}}},
		{name: "demo-server", args: "[--addr A]", what: "serve the demo corpus; print the env lines to use it", run: runDemoServer, examples: [][2]string{
			{"konvo demo-server --addr 127.0.0.1:8765 > demo.env", ""}}},
	}
}

// usage is the command table as --help shows it.
func usage() string {
	var b strings.Builder
	b.WriteString("konvo — read Kore.ai bot conversations in the terminal\n\nCommands, each with an example:\n")
	for _, c := range commands() {
		left := strings.TrimSpace("konvo " + c.name + " " + c.args)
		left = strings.Join(strings.Fields(left), " ")
		if len([]rune(left)) <= 28 {
			fmt.Fprintf(&b, "  %-29s%s\n", left, c.what)
		} else {
			fmt.Fprintf(&b, "  %s\n%31s%s\n", left, "", c.what)
		}
		for _, ex := range c.examples {
			if ex[1] == "" {
				fmt.Fprintf(&b, "      %s\n", ex[0])
			} else {
				fmt.Fprintf(&b, "      %-42s%s\n", ex[0], ex[1])
			}
		}
	}
	b.WriteString("  konvo --version              the version and the commit it was built from\n\n")
	b.WriteString("\"konvo COMMAND -h\" lists a command's flags.\n")
	return b.String()
}

// Run runs konvo with its arguments and returns the exit code.
func Run(args []string, e Env) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e.ctx = ctx
	table := commands()
	cmd := table[0] // no command: the TUI
	if len(args) > 0 {
		switch args[0] {
		case "help":
			fmt.Fprint(e.Stdout, usage())
			return ExitOK
		case "--version", "-version", "version":
			fmt.Fprintln(e.Stdout, version())
			return ExitOK
		}
		for _, c := range table[1:] {
			if c.name == args[0] {
				cmd, args = c, args[1:]
				break
			}
		}
	}
	err := cmd.run(args, e)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, errNoMatch):
		return ExitNoMatch
	case profile.IsUsage(err):
		fmt.Fprintln(e.Stderr, "konvo: "+model.Line(err.Error()))
		return ExitUsage
	}
	// The same sentence the TUI shows for the same failure.
	fmt.Fprintln(e.Stderr, "konvo: "+api.Explain(err))
	if cmd.grepExit {
		return ExitUsage
	}
	return ExitError
}

// version says which konvo this is: the module version and the commit
// it was built from (Go records both in the binary).
func version() string {
	v, rev, modified := "(devel)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	out := "konvo " + v
	switch {
	case rev == "":
		out += ", commit unknown (built without version control information)"
	case modified:
		out += ", commit " + rev + " with local changes"
	default:
		out += ", commit " + rev
	}
	return out
}
