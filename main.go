// Command konvo is a terminal browser for Kore.ai bot conversations.
//
//	konvo [flags]                open the TUI
//	konvo export [flags]         write sessions as JSON Lines to stdout
//	konvo demo-server [--addr A] serve the demo corpus; print the env lines to use it
//
// Settings come from flags, over environment variables, over the YAML
// config file's profile (package api/profile); main wires each subcommand
// to them: the UI, the exporter, the demo server.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"konvo/api"
	"konvo/api/export"
	"konvo/api/fsafe"
	"konvo/api/koretest"
	"konvo/api/profile"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
	"konvo/ui"
	"konvo/ui/serve"
)

func main() {
	e := runEnv{
		getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr,
		stderrTTY: term.IsTerminal(os.Stderr.Fd()), now: time.Now,
		width: func() int {
			w, _, err := term.GetSize(os.Stderr.Fd())
			if err != nil {
				return 0
			}
			return w
		},
	}
	os.Exit(run(os.Args[1:], e))
}

// runEnv is the outside world run talks to, so tests can give their own.
type runEnv struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	stderrTTY      bool
	width          func() int // stderr's columns, for progress lines (nil: unknown)
	now            func() time.Time
	// tune adjusts the API client's options; tests shrink the rate
	// windows and back-off with it. Nil in the real program.
	tune func(*api.Options)
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the API or the network failed
	exitUsage = 2 // a bad flag, date or setting

	exitNoMatch = 1 // konvo search found nothing, like grep
)

// errNoMatch is a search that found nothing: no message, exit 1.
var errNoMatch = errors.New("no session matched")

func run(args []string, e runEnv) int {
	cmd := "tui"
	if len(args) > 0 {
		switch args[0] {
		case "export", "demo-server", "sync", "search", "purge", "serve":
			cmd, args = args[0], args[1:]
		case "help":
			fmt.Fprint(e.stdout, usageText)
			return exitOK
		case "--version", "-version", "version":
			fmt.Fprintln(e.stdout, version())
			return exitOK
		}
	}
	var err error
	switch cmd {
	case "export":
		err = runExport(args, e)
	case "demo-server":
		err = runDemoServer(args, e)
	case "sync":
		err = runSync(args, e)
	case "search":
		err = runSearch(args, e)
	case "purge":
		err = runPurge(args, e)
	case "serve":
		err = runServe(args, e)
	default:
		err = runTUI(args, e)
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errNoMatch):
		return exitNoMatch
	case profile.IsUsage(err):
		fmt.Fprintln(e.stderr, "konvo: "+model.Line(err.Error()))
		return exitUsage
	}
	// The same sentence the TUI shows for the same failure.
	fmt.Fprintln(e.stderr, "konvo: "+api.Explain(err))
	if cmd == "search" {
		return exitUsage // like grep: 1 means "nothing matched", 2 trouble
	}
	return exitError
}

const usageText = `konvo — read Kore.ai bot conversations in the terminal

Commands, each with an example:
  konvo [flags]                open the TUI
      konvo --demo                              a built-in demo bot, no account needed
      konvo --containment dropOff --from today  today's drop-offs
      konvo --session 6b03992dc6c25e8490908d0e  open one session, whatever its age
  konvo export [flags]         write sessions as JSON Lines to stdout
      konvo export --messages --from 3d -o last3days.jsonl
  konvo sync [flags]           store a range's sessions and transcripts locally
      konvo sync --from 30d
  konvo search [flags] WORDS…  the sessions whose transcripts say WORDS (exit 1: none)
      konvo search --from 7d order 4821
  konvo purge --user ID | --session ID | --all
                               erase stored data, and say what (a data subject's erasure)
      konvo purge --user customer@example.com
  konvo serve [flags]          konvo for a team over SSH: listed keys only, an audit log, no secret on laptops
      konvo serve --addr :2222 --authorized-keys team.keys --host-key host_ed25519 --audit-log audit.jsonl
  konvo demo-server [--addr A] serve the demo corpus; print the env lines to use it
      konvo demo-server --addr 127.0.0.1:8765 > demo.env
  konvo --version              the version and the commit it was built from

"konvo COMMAND -h" lists a command's flags.
`

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

// startDemo runs the demo server in-process, with about the latency and
// the rate limit of the real service, and points the settings at it.
func startDemo(s *profile.Settings, e runEnv) *koretest.Server {
	srv := koretest.New(koretest.Options{
		Corpus: koretest.Demo(e.now()), PerMinute: 60, PerHour: 1800,
		Faults: koretest.Faults{Latency: 100 * time.Millisecond},
	})
	s.Host, s.Bot, s.ClientID, s.Secret, s.Token = srv.URL(), srv.Corpus().BotID, srv.ClientID(), srv.Secret(), ""
	s.CredSource = "the demo server's built-in secret"
	s.Title = "demo · " + srv.Corpus().BotName
	return srv
}

// command is what every subcommand starts from: the shared flags, the
// settings they resolve to, the client and the filter.
type command struct {
	flags    profile.Flags
	fs       *flag.FlagSet
	settings profile.Settings
	client   *api.Client
	filter   model.Filter
	demo     *koretest.Server // running for --demo; closed by done
	// demoStore is --demo's store directory, removed by done.
	demoStore string
	// offline commands make no request, so they need no client.
	offline bool
	// via is the API transcripts are synced through (--messages-api);
	// viaAsked is set when the flag was given.
	via      api.MessagesAPI
	viaAsked bool
}

// withMessagesAPI adds --messages-api to a command that syncs.
func (c *command) withMessagesAPI() {
	c.via = api.MessagesV2
	c.fs.Func("messages-api", "v2 (default with a bot id: 10,000 messages a call; leaves out alert and action task messages) or v1 (every message, 100 a call; the only one without a bot id)", func(v string) error {
		c.viaAsked = true
		switch v {
		case "v1", "1":
			c.via = api.MessagesV1
		case "v2", "2":
			c.via = api.MessagesV2
		default:
			return errors.New("want v1 or v2")
		}
		return nil
	})
}

func newCommand(name string) *command {
	c := &command{fs: profile.NewFlagSet(name)}
	c.flags.Register(c.fs)
	return c
}

// prepare parses args and builds settings, client and filter.
func (c *command) prepare(args []string, e runEnv) error {
	if err := c.flags.Parse(c.fs, args, e.stdout); err != nil {
		return err
	}
	return c.resolve(e)
}

// resolve builds settings, client and filter from the parsed flags.
func (c *command) resolve(e runEnv) error {
	var err error
	if c.settings, err = profile.Resolve(&c.flags, e.getenv); err != nil {
		return err
	}
	if c.flags.Demo {
		c.demo = startDemo(&c.settings, e)
		if c.settings.StoreDir != "" {
			// The demo server's data is made up afresh each run: keep its
			// store for the run only, not beside real bots' stores.
			if c.demoStore, err = os.MkdirTemp("", "konvo-demo-store-"); err != nil {
				return fmt.Errorf("demo store: %w", err)
			}
			c.settings.StoreDir = c.demoStore
		}
	}
	if c.filter, err = c.flags.Filter(c.settings.Location, e.now()); err != nil {
		return err
	}
	if c.flags.Offline {
		if c.demo != nil || c.settings.StoreDir == "" {
			return profile.Usage(errors.New("--offline answers from the local store, which --demo and --no-store do not have"))
		}
		c.offline = true
	}
	if c.offline {
		return nil // the store is found by host and bot; no credentials needed
	}
	c.client, err = c.settings.Client(e.tune)
	if err != nil {
		return err
	}
	return c.checkVia(e)
}

// checkVia keeps sync off a route Kore does not document: getMessagesV2
// exists per bot only. Asked for by name without a bot id, it is refused;
// as the default, getMessages is used and the user told.
func (c *command) checkVia(e runEnv) error {
	if c.via != api.MessagesV2 || c.client.BulkVia(c.via) == c.via {
		return nil
	}
	if c.viaAsked {
		return profile.Usage(api.ErrV2NeedsBot)
	}
	c.via = api.MessagesV1
	fmt.Fprintln(e.stderr, "note: getMessagesV2 needs a bot id (--bot); transcripts come through getMessages, 100 messages a call")
	return nil
}

// done stops what prepare started.
func (c *command) done() {
	if c.demo != nil {
		c.demo.Close()
	}
	if c.demoStore != "" {
		os.RemoveAll(c.demoStore)
	}
}

func runTUI(args []string, e runEnv) error {
	c := newCommand("konvo")
	defer c.done()
	session := c.fs.String("session", "", "open this session's transcript first, whatever its age; esc shows its day")
	view := c.fs.String("view", "", `start with a saved view, e.g. "drop-offs today" (v lists them)`)
	c.fs.Usage = func() { fmt.Fprint(e.stdout, usageText+"\n") }
	if err := c.prepare(args, e); err != nil {
		return err
	}
	s := c.settings
	if _, ok := model.FindView(s.Views, *view); *view != "" && !ok {
		names := make([]string, len(s.Views))
		for i, v := range s.Views {
			names[i] = strconv.Quote(v.Name)
		}
		return profile.Usage(fmt.Errorf("no view %q; there are %s", *view, strings.Join(names, ", ")))
	}
	var storeErr firstError
	o, closeStore, err := c.appOptions(e, e.getenv("NO_COLOR") != "", storeErr.keep)
	if err != nil {
		return err
	}
	defer closeStore()
	o.Session, o.View, o.Getenv = strings.TrimSpace(*session), *view, e.getenv
	o.SaveView = func(v model.View) error { return profile.SaveView(s.ViewsPath, v) }
	app := ui.New(o)
	_, err = tea.NewProgram(app).Run()
	if serr := storeErr.get(); serr != nil {
		// Reading went on from the server; say what was not kept.
		fmt.Fprintln(e.stderr, "konvo: the local store did not keep everything read: "+model.Line(serr.Error()))
	}
	return err
}

// appOptions are the UI options the settings give, over the source they
// name: the client, the client through the store, or (--offline) the
// store alone. closeStore closes the store.
func (c *command) appOptions(e runEnv, noColor bool, storeErrs func(error)) (o ui.Options, closeStore func(), err error) {
	s := c.settings
	closeStore = func() {}
	theme, err := themeFor(s.Theme, noColor)
	if err != nil {
		return o, closeStore, profile.Usage(err)
	}
	keys := defaultKeyMap()
	if err := applyKeyBindings(&keys, s.Keys); err != nil {
		return o, closeStore, profile.Usage(fmt.Errorf("config keys: %w", err))
	}
	o = ui.Options{Source: source.FromClient(c.client), Filter: c.filter, From: c.flags.From, To: c.flags.To, Keys: keys, Theme: theme,
		Location: s.Location, Title: s.Title, Now: e.now, SlowTurn: s.SlowTurn, Views: s.Views, NoMouse: s.NoMouse}
	if s.StoreDir == "" {
		return o, closeStore, nil
	}
	st, err := c.openStoreOnly(e)
	if err != nil {
		return o, closeStore, err
	}
	// Expiry runs beside the TUI, at once and then hourly, not before its
	// first frame: a TUI or serve that runs for days keeps nothing past
	// keep:, and a start next to a writing sync does not wait on it.
	ctx, stop := context.WithCancel(context.Background())
	st.ExpireEvery(ctx, s.Keep, expiryEvery, storeErrs)
	closeStore = func() { stop(); st.Close() }
	if c.offline {
		o.Source, o.Badge = source.FromOffline(&source.Offline{St: st, Bot: s.Bot}), offlineAge(st, e.now())
	} else {
		o.Source = source.FromStore(&source.Cached{Client: c.client, St: st, Errs: storeErrs})
	}
	return o, closeStore, nil
}

// offlineAge says that konvo is offline and how old the data is.
func offlineAge(st *store.Store, now time.Time) string {
	last, err := st.LastFetched(context.Background())
	switch {
	case err != nil:
		return "offline"
	case last.IsZero():
		return "offline, nothing stored yet"
	case now.Sub(last) < time.Minute:
		return "offline, data from just now"
	}
	return "offline, data from " + api.Humanize(now.Sub(last)) + " ago"
}

// firstError keeps the first of errors reported from any goroutine.
type firstError struct {
	mu  sync.Mutex
	err error
}

func (f *firstError) keep(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// openStore opens the local store the settings name and drops what is
// older than the retention (a look-up when nothing is).
func (c *command) openStore(e runEnv) (*store.Store, error) {
	st, err := c.openStoreOnly(e)
	if err != nil {
		return nil, err
	}
	if _, err := st.Expire(context.Background(), c.settings.Keep); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func (c *command) openStoreOnly(e runEnv) (*store.Store, error) {
	s := c.settings
	if s.StoreDir == "" {
		return nil, profile.Usage(errors.New(c.fs.Name() + " needs the local store; drop --no-store"))
	}
	return store.Open(s.StoreDir, s.Host, s.Bot, e.now)
}

// expiryEvery is how often a running TUI or konvo serve drops what has
// passed the retention.
const expiryEvery = time.Hour

func runSync(args []string, e runEnv) error {
	c := newCommand("konvo sync")
	defer c.done()
	c.withMessagesAPI()
	if err := c.prepare(args, e); err != nil {
		return err
	}
	if c.offline {
		return profile.Usage(errors.New("konvo sync fetches from the server; drop --offline"))
	}
	st, err := c.openStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stats, err := syncRange(ctx, c, st, e)
	missing := ""
	if stats.Missing > 0 {
		missing = fmt.Sprintf(", %d transcripts missing (not stored; the next sync asks for them again)", stats.Missing)
	}
	if stats.Unreadable > 0 {
		missing += fmt.Sprintf(", %d entries from the server could not be read and were left out", stats.Unreadable)
	}
	fmt.Fprintf(e.stderr, "synced %d sessions, %d transcripts (%d messages)%s in %d requests, %s; store %s\n",
		stats.Sessions, stats.Transcripts, stats.Messages, missing, stats.Requests, stats.Took.Round(time.Second), st.Path())
	return err
}

// syncRange fills the store for the command's range, drawing progress on a
// terminal.
func syncRange(ctx context.Context, c *command, st *store.Store, e runEnv) (source.SyncStats, error) {
	var mu sync.Mutex
	var last source.SyncProgress
	line := export.NewLine(e.stderr, e.stderrTTY, e.width, func() (float64, string) {
		mu.Lock()
		p := last
		mu.Unlock()
		text := fmt.Sprintf("%d sessions", p.Sessions)
		if p.TranscriptsWanted > 0 {
			text += fmt.Sprintf(" · %d of %d transcripts, %d messages", p.Transcripts, p.TranscriptsWanted, p.Messages)
		}
		if why := api.WaitNote(c.client.Pacing(), e.now()); why != "" {
			text += " · " + why
		}
		return float64(p.Transcripts) / float64(max(p.TranscriptsWanted, 1)), text
	})
	defer line.Close()
	return source.Sync(ctx, c.client, st, source.SyncOptions{Range: c.filter.Range, Via: c.via, Progress: func(p source.SyncProgress) {
		mu.Lock()
		last = p
		mu.Unlock()
		line.Draw()
	}})
}

func runSearch(args []string, e runEnv) error {
	c := newCommand("konvo search")
	defer c.done()
	c.withMessagesAPI()
	asJSON := c.fs.Bool("json", false, "one JSON object per line")
	words, err := c.flags.ParseWords(c.fs, args, e.stdout)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return profile.Usage(errors.New("konvo search needs words to look for (flags go first: konvo search --from 7d order 4821)"))
	}
	if err := c.resolve(e); err != nil {
		return err
	}
	st, err := c.openStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if !c.offline {
		stats, err := syncRange(ctx, c, st, e)
		if err != nil {
			return err
		}
		if stats.Unreadable > 0 {
			fmt.Fprintf(e.stderr, "konvo: %d entries from the server could not be read and were left out\n", stats.Unreadable)
		}
	}
	hits, err := st.Search(ctx, c.filter, strings.Join(words, " "), 0)
	if err != nil {
		return err
	}
	for _, h := range hits {
		plain := strings.NewReplacer(store.Mark, "", store.Unmark, "").Replace(h.Snippet)
		start := h.Session.Start.In(c.settings.Location).Format(time.RFC3339)
		if *asJSON {
			b, _ := json.Marshal(map[string]any{"sessionId": h.Session.ID, "start": start, "userId": h.Session.UserID, "message": h.Seq, "snippet": plain})
			fmt.Fprintf(e.stdout, "%s\n", b)
			continue
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", model.Line(h.Session.ID), start, model.Line(h.Session.UserID), model.Line(plain))
	}
	if len(hits) == 0 {
		return errNoMatch
	}
	return nil
}

func runPurge(args []string, e runEnv) error {
	c := newCommand("konvo purge")
	defer c.done()
	user := &c.flags.User // --user, as elsewhere: erase that user's sessions
	session := c.fs.String("session", "", "erase this stored session and its transcript")
	all := c.fs.Bool("all", false, "erase everything stored for this host and bot")
	if err := c.flags.Parse(c.fs, args, e.stdout); err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{*user != "", *session != "", *all} {
		if set {
			n++
		}
	}
	if n != 1 {
		return profile.Usage(errors.New("konvo purge needs exactly one of --user ID, --session ID or --all"))
	}
	c.offline = true
	if err := c.resolve(e); err != nil {
		return err
	}
	st, err := c.openStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	var erased store.Erased
	what := "everything"
	switch {
	case *user != "":
		erased, err = st.PurgeUser(ctx, *user)
		what = "user " + model.Line(*user)
	case *session != "":
		erased, err = st.PurgeSession(ctx, *session)
		what = "session " + model.Line(*session)
	default:
		erased, err = st.PurgeAll(ctx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "erased %d sessions and %d messages of %s from %s\n", erased.Sessions, erased.Messages, what, st.Path())
	return nil
}

func runServe(args []string, e runEnv) error {
	c := newCommand("konvo serve")
	defer c.done()
	addr := c.fs.String("addr", ":2222", "address to listen on")
	authorized := c.fs.String("authorized-keys", "", "the engineers' public keys, one per line; the comment names the engineer (re-read on every connection)")
	hostKey := c.fs.String("host-key", "konvo_host_ed25519", "the server's private key; made (ed25519, mode 0600) when missing")
	auditPath := c.fs.String("audit-log", "", "where to append the audit log (JSON Lines): who connected, opened, searched, copied, exported")
	idle := c.fs.Duration("idle", 30*time.Minute, "close a connection idle this long")
	maxSessions := c.fs.Int("max-sessions", 20, "engineers connected at once")
	keyRate := c.fs.Int("key-rate", 10, "new connections a minute per key")
	if err := c.prepare(args, e); err != nil {
		return err
	}
	if *authorized == "" || *auditPath == "" {
		return profile.Usage(errors.New("konvo serve needs --authorized-keys FILE and --audit-log FILE"))
	}
	s := c.settings
	audit, err := fsafe.OpenFile(*auditPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return profile.Usage(fmt.Errorf("audit log: %w", err))
	}
	defer audit.Close()
	// One client, one rate budget and one store for every engineer; each
	// engineer's terminal gets its own colour depth.
	base, closeStore, err := c.appOptions(e, false, func(err error) {
		fmt.Fprintln(e.stderr, "konvo serve: the local store did not keep a record: "+model.Line(err.Error()))
	})
	if err != nil {
		return err
	}
	defer closeStore()
	srv, err := serve.New(serve.Options{
		AuthorizedKeys: *authorized, HostKey: *hostKey, Audit: audit, Log: e.stderr,
		Idle: *idle, MaxSessions: *maxSessions, KeyRate: *keyRate, Now: e.now,
		App: func(string) ui.Options { return base },
	})
	if err != nil {
		return profile.Usage(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return profile.Usage(fmt.Errorf("listen on %s: %w", *addr, err))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(e.stderr, "konvo serve: %s for %s on %s (audit log %s); ctrl+c or SIGTERM stops\n", s.Title, s.Host, l.Addr(), *auditPath)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err = <-served:
		return err
	case <-ctx.Done():
	}
	down, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(down, "the server was asked to stop")
	<-served
	if aerr := srv.AuditErr(); aerr != nil {
		return aerr
	}
	return err
}

func runExport(args []string, e runEnv) error {
	var messages, resume bool
	var ids profile.ListFlag
	var output string
	c := newCommand("konvo export")
	defer c.done()
	fs := c.fs
	fs.BoolVar(&messages, "messages", false, `add "messages": [...] to each session, oldest first`)
	fs.Var(&ids, "session", "just this session id (repeatable)")
	fs.StringVar(&output, "output", "", "write to this file (mode 0600, complete or not at all) instead of stdout")
	fs.StringVar(&output, "o", "", "short for --output")
	fs.BoolVar(&resume, "resume", false, "continue an interrupted --output export where its .partial file ends")
	format := fs.String("format", "jsonl", "jsonl (each session as the server sent it), csv (one row a session) or md (readable transcripts)")
	if err := c.prepare(args, e); err != nil {
		return err
	}
	if resume && output == "" {
		return profile.Usage(errors.New("--resume continues an --output file; name it with -o"))
	}
	switch *format {
	case "jsonl":
	case "csv":
		if messages {
			return profile.Usage(errors.New("a csv export has a row a session and no place for messages: use --format jsonl or md"))
		}
	case "md":
		messages = true // a readable export is the transcripts
	default:
		return profile.Usage(fmt.Errorf("--format %q: want jsonl, csv or md", *format))
	}
	filter := c.filter
	for _, id := range ids {
		filter.SessionIDs = append(filter.SessionIDs, strings.FieldsFunc(id, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	var w io.Writer = e.stdout
	var file *export.File
	if output != "" {
		var err error
		if file, err = openExport(output, resume); err != nil {
			return profile.Usage(err)
		}
		w = file
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := e.now()
	loc := c.settings.Location
	opts := export.Options{Messages: messages, Format: *format, Location: loc,
		Markdown: func(s model.Session, m []model.Message) []byte { return ui.TranscriptMarkdown(s, m, loc) }}
	if file != nil {
		opts.Skip = file.Done
	}
	var st export.Stats
	var err error
	if c.offline {
		store, serr := c.openStore(e)
		if serr != nil {
			return serr
		}
		defer store.Close()
		st, err = export.FromStore(ctx, store, filter, w, opts)
		if err == nil && st.NotStored > 0 {
			// Said and not passed off as whole: the exit is not 0.
			err = fmt.Errorf("%d of %d sessions have no stored transcript and were written without a messages member (konvo sync fills them)", st.NotStored, st.Sessions)
		}
	} else {
		line, update := export.NewProgressLine(e.stderr, e.stderrTTY, e.width, c.client.Pacing, e.now, messages)
		opts.Progress = update
		st, err = export.Run(ctx, c.client, filter, w, opts)
		line.Close()
	}
	return finishExport(e, st, err, file, messages, e.now().Sub(start))
}

func openExport(path string, resume bool) (*export.File, error) {
	if resume {
		return export.Resume(path)
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s exists; konvo does not overwrite an export (move it, or name another file)", path)
	}
	return export.Create(path)
}

// finishExport puts a file export in place (or keeps what is whole of an
// interrupted one) and says what reached the output.
func finishExport(e runEnv, st export.Stats, err error, file *export.File, messages bool, took time.Duration) error {
	summary := fmt.Sprintf("exported %d sessions", st.Sessions)
	if messages {
		summary += fmt.Sprintf(" with %d messages", st.Messages)
	}
	if st.Skipped > 0 {
		summary += fmt.Sprintf(" (and %d written before, resumed)", st.Skipped)
	}
	var unknown *export.UnknownIDsError
	if file != nil {
		if err == nil || errors.As(err, &unknown) {
			if cerr := file.Commit(); cerr != nil {
				return cerr
			}
		} else {
			_ = file.Keep()
			fmt.Fprintf(e.stderr, "%s to %s before stopping; run the same command with --resume to finish\n", summary, file.Partial())
			summary = ""
		}
	}
	if st.Unreadable > 0 {
		fmt.Fprintf(e.stderr, "konvo: %d entries from the server could not be read and were left out\n", st.Unreadable)
	}
	switch {
	case summary == "":
	case err == nil:
		fmt.Fprintf(e.stderr, "%s in %s\n", summary, took.Round(time.Millisecond))
	case st.Sessions > 0:
		// A partial export is worth knowing about before the error.
		fmt.Fprintf(e.stderr, "%s before stopping\n", summary)
	}
	if err == nil && st.Short() {
		fmt.Fprintf(e.stderr, "konvo: the server counts %d sessions in the range; %d were written\n", st.Total, st.Sessions+st.Skipped)
	}
	return err
}

func runDemoServer(args []string, e runEnv) error {
	fs := profile.NewFlagSet("konvo demo-server")
	addr := fs.String("addr", "127.0.0.1:8765", "address to listen on")
	latency := fs.Duration("latency", 100*time.Millisecond, "added to every response")
	rate := fs.Int("rate", 60, "the server's per-minute limit (0: none)")
	if err := profile.Parse(fs, args, e.stdout); err != nil {
		return err
	}
	srv, err := koretest.Start(koretest.Options{
		Corpus: koretest.Demo(e.now()), Addr: *addr, PerMinute: *rate, PerHour: *rate * 30,
		Faults: koretest.Faults{Latency: *latency},
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(e.stdout, "export KONVO_HOST=%s\nexport KONVO_BOT_ID=%s\nexport KONVO_CLIENT_ID=%s\nexport KONVO_CLIENT_SECRET=%s\n",
		srv.URL(), srv.Corpus().BotID, srv.ClientID(), srv.Secret())
	fmt.Fprintf(e.stderr, "konvo demo-server: %d sessions of %q on %s; ctrl+c stops\n", len(srv.Corpus().Sessions()), srv.Corpus().BotName, srv.URL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
