// Command konvo is a terminal browser for Kore.ai bot conversations.
//
//	konvo [flags]                open the TUI
//	konvo export [flags]         write sessions as JSON Lines to stdout
//	konvo demo-server [--addr A] serve the demo corpus; print the env lines to use it
//
// Settings come from flags, over environment variables, over the YAML
// config file's profile; main turns them into an api.Client and hands it
// to the UI or the exporter.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"go.yaml.in/yaml/v3"

	"konvo/api"
	"konvo/api/export"
	"konvo/api/koretest"
	"konvo/model"
	"konvo/ui"
)

func main() {
	e := runEnv{
		getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr,
		stderrTTY: term.IsTerminal(os.Stderr.Fd()), now: time.Now,
	}
	os.Exit(run(os.Args[1:], e))
}

// runEnv is the outside world run talks to, so tests can give their own.
type runEnv struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	stderrTTY      bool
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
)

// usageError marks errors in what the user asked for.
type usageError struct{ error }

func run(args []string, e runEnv) int {
	cmd := "tui"
	if len(args) > 0 {
		switch args[0] {
		case "export", "demo-server":
			cmd, args = args[0], args[1:]
		case "help":
			fmt.Fprint(e.stdout, usageText)
			return exitOK
		}
	}
	var err error
	switch cmd {
	case "export":
		err = runExport(args, e)
	case "demo-server":
		err = runDemoServer(args, e)
	default:
		err = runTUI(args, e)
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintln(e.stderr, "konvo: "+model.Line(err.Error()))
		return exitUsage
	}
	// The same sentence the TUI shows for the same failure.
	fmt.Fprintln(e.stderr, "konvo: "+api.Explain(err))
	return exitError
}

const usageText = `konvo — read Kore.ai bot conversations in the terminal

  konvo [flags]                open the TUI
  konvo --demo                 open the TUI on a built-in demo bot (no account needed)
  konvo export [flags]         write sessions as JSON Lines to stdout
  konvo demo-server [--addr A] serve the demo corpus; print the env lines to use it

Run "konvo -h" or "konvo export -h" for the flags.
`

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// flags are the options the TUI and export share.
type flags struct {
	host, bot, clientID, secretFile, tokenFile string
	from, to, containment, user, stype         string
	config, profile, tz, theme                 string
	tags                                       listFlag
	rate                                       int
	maxWait                                    time.Duration
	demo                                       bool
	set                                        map[string]bool // names given on the command line
}

func newFlagSet(name string, f *flags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints every flag after a mistake; konvo prints one
	// line and a pointer to --help (parseFlags), and the list on -h only.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&f.host, "host", "", "Kore.ai host URL (env KONVO_HOST; default "+api.DefaultHost+")")
	fs.StringVar(&f.bot, "bot", "", "bot id; empty uses the admin-console routes (env KONVO_BOT_ID)")
	fs.StringVar(&f.clientID, "client-id", "", "app client id (env KONVO_CLIENT_ID)")
	fs.StringVar(&f.secretFile, "client-secret-file", "", "file holding the client secret (or env KONVO_CLIENT_SECRET)")
	fs.StringVar(&f.tokenFile, "token-file", "", "file holding a pre-minted JWT, used instead of client id and secret (or env KONVO_TOKEN)")
	fs.StringVar(&f.from, "from", "", "range start: yyyy-mm-dd, RFC 3339, today, yesterday, or an age like 24h, 7d (default: the last 7 days)")
	fs.StringVar(&f.to, "to", "", "range end, same forms (default: now)")
	fs.StringVar(&f.containment, "containment", "all", "all, selfService, dropOff or agent")
	fs.StringVar(&f.user, "user", "", "only this user id")
	fs.StringVar(&f.stype, "session-type", "", "interactive or non-interactive")
	fs.Var(&f.tags, "tag", "name=value (or user:name=value); repeatable, all must match")
	fs.IntVar(&f.rate, "rate", 0, "requests per minute the bot allows (default 60)")
	fs.DurationVar(&f.maxWait, "max-wait", 0, "longest wait the server may ask for before konvo gives up, e.g. 5m (default 2m)")
	fs.StringVar(&f.config, "config", "", "config file (env KONVO_CONFIG; default $XDG_CONFIG_HOME/konvo/config.yaml)")
	fs.StringVar(&f.profile, "profile", "", "profile in the config file (env KONVO_PROFILE)")
	fs.StringVar(&f.tz, "tz", "", "time zone for times shown, e.g. Asia/Tokyo (default: local)")
	fs.StringVar(&f.theme, "theme", "", "dark, light, high-contrast or plain (NO_COLOR forces plain)")
	fs.BoolVar(&f.demo, "demo", false, "use a built-in Kore-compatible demo server")
	return fs
}

func parseFlags(fs *flag.FlagSet, f *flags, args []string, help io.Writer) error {
	if err := parseArgs(fs, args, help); err != nil {
		return err
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	return nil
}

// parseArgs parses flags, wording a mistake as one line that points to
// --help.
func parseArgs(fs *flag.FlagSet, args []string, help io.Writer) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(help, "Usage of %s:\n", fs.Name())
			fs.SetOutput(help)
			fs.PrintDefaults()
			return err
		}
		return usageError{fmt.Errorf("%w (%s --help lists the flags)", err, fs.Name())}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q (%s --help lists the flags)", fs.Arg(0), fs.Name())}
	}
	return nil
}

// settings are the resolved connection and display settings.
type settings struct {
	host, bot, clientID, secret, token string
	// credSource says where the credentials came from, for error hints.
	credSource string
	rate       int
	maxWait    time.Duration
	slowTurn   time.Duration
	loc        *time.Location
	theme      string
	keys       map[string][]string
	title      string
	demo       *koretest.Server
}

// resolve layers flags over env over the config file's profile.
func resolve(f *flags, e runEnv) (settings, error) {
	cfg, err := loadConfig(configPath(f, e), f.set["config"] || e.getenv("KONVO_CONFIG") != "")
	if err != nil {
		return settings{}, usageError{err}
	}
	name := first(f.profile, e.getenv("KONVO_PROFILE"), cfg.Profile)
	var p profile
	if name != "" {
		var ok bool
		if p, ok = cfg.Profiles[name]; !ok {
			return settings{}, usageError{fmt.Errorf("profile %q is not in the config file", name)}
		}
	}
	s := settings{
		host:     first(f.host, e.getenv("KONVO_HOST"), p.Host, api.DefaultHost),
		bot:      first(f.bot, e.getenv("KONVO_BOT_ID"), p.BotID),
		clientID: first(f.clientID, e.getenv("KONVO_CLIENT_ID"), p.ClientID),
		theme:    first(f.theme, p.Theme, cfg.Theme),
		keys:     cfg.Keys,
		title:    name,
	}
	s.rate = f.rate
	if s.rate == 0 {
		s.rate = firstInt(p.Rate, cfg.Rate, 60)
	}
	if s.rate < 1 {
		return settings{}, usageError{fmt.Errorf("--rate must be at least 1")}
	}
	s.maxWait = f.maxWait
	if s.maxWait == 0 && cfg.MaxWait != "" {
		if s.maxWait, err = time.ParseDuration(cfg.MaxWait); err != nil || s.maxWait <= 0 {
			return settings{}, usageError{fmt.Errorf("config max_wait %q: want a duration like 2m", cfg.MaxWait)}
		}
	}
	if cfg.SlowTurn != "" {
		if s.slowTurn, err = time.ParseDuration(cfg.SlowTurn); err != nil || s.slowTurn <= 0 {
			return settings{}, usageError{fmt.Errorf("config slow_turn %q: want a duration like 2s", cfg.SlowTurn)}
		}
	}
	tz := first(f.tz, p.TZ, cfg.TZ)
	s.loc = time.Local
	if tz != "" {
		if s.loc, err = time.LoadLocation(tz); err != nil {
			return settings{}, usageError{fmt.Errorf("time zone %q: %w", tz, err)}
		}
	}
	if err := resolveToken(&s, f, p, name, e); err != nil {
		return settings{}, usageError{err}
	}
	var secretFrom string
	switch {
	case f.secretFile != "":
		s.secret, err = readSecretFile(f.secretFile)
		secretFrom = "--client-secret-file " + f.secretFile
	case e.getenv("KONVO_CLIENT_SECRET") != "":
		s.secret, secretFrom = e.getenv("KONVO_CLIENT_SECRET"), "KONVO_CLIENT_SECRET"
	case p.ClientSecretEnv != "":
		s.secret, secretFrom = e.getenv(p.ClientSecretEnv), "$"+p.ClientSecretEnv
		if s.secret == "" {
			err = fmt.Errorf("profile %q takes the secret from $%s, which is empty", name, p.ClientSecretEnv)
		}
	case p.ClientSecretFile != "":
		s.secret, err = readSecretFile(expandHome(p.ClientSecretFile, e))
		secretFrom = fmt.Sprintf("profile %q client_secret_file", name)
	default:
		s.secret, secretFrom = p.ClientSecret, fmt.Sprintf("profile %q client_secret", name)
	}
	if err != nil {
		return settings{}, usageError{err}
	}
	if s.token == "" && s.secret != "" {
		s.credSource = "secret from " + secretFrom
	}
	if s.title == "" {
		s.title = s.host
	}
	return s, nil
}

// resolveToken finds a pre-minted token: --token-file, KONVO_TOKEN, or
// the profile's token or token_file. Never a flag holding the token
// itself: the process list shows arguments to every user of the machine.
func resolveToken(s *settings, f *flags, p profile, profileName string, e runEnv) error {
	var err error
	switch {
	case f.tokenFile != "":
		s.token, err = readSecretFile(f.tokenFile)
		s.credSource = "--token-file " + f.tokenFile
	case e.getenv("KONVO_TOKEN") != "":
		s.token, s.credSource = e.getenv("KONVO_TOKEN"), "KONVO_TOKEN"
	case p.TokenFile != "":
		s.token, err = readSecretFile(expandHome(p.TokenFile, e))
		s.credSource = fmt.Sprintf("profile %q token_file", profileName)
	case p.Token != "":
		s.token, s.credSource = p.Token, fmt.Sprintf("profile %q token", profileName)
	}
	return err
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstInt(vals ...int) int {
	for _, v := range vals {
		if v != 0 {
			return v
		}
	}
	return 0
}

// config is the YAML config file.
type config struct {
	Profile  string              `yaml:"profile"` // the default profile
	Theme    string              `yaml:"theme"`
	TZ       string              `yaml:"tz"`
	Rate     int                 `yaml:"rate"`
	MaxWait  string              `yaml:"max_wait"`  // e.g. "5m"
	SlowTurn string              `yaml:"slow_turn"` // a voice turn slower than this is marked, e.g. "1.5s"
	Keys     map[string][]string `yaml:"keys"`
	Profiles map[string]profile  `yaml:"profiles"`
}

// profile is one named connection.
type profile struct {
	Host             string `yaml:"host"`
	BotID            string `yaml:"bot_id"`
	ClientID         string `yaml:"client_id"`
	ClientSecret     string `yaml:"client_secret"`      // allowed only in a file only its owner can read
	ClientSecretEnv  string `yaml:"client_secret_env"`  // the name of an env var holding it
	ClientSecretFile string `yaml:"client_secret_file"` // a file holding it
	Token            string `yaml:"token"`              // allowed only in a file only its owner can read
	TokenFile        string `yaml:"token_file"`         // a file holding a pre-minted token
	TZ               string `yaml:"tz"`
	Theme            string `yaml:"theme"`
	Rate             int    `yaml:"rate"`
}

func configPath(f *flags, e runEnv) string {
	if p := first(f.config, e.getenv("KONVO_CONFIG")); p != "" {
		return expandHome(p, e)
	}
	base := e.getenv("XDG_CONFIG_HOME")
	if base == "" {
		home := e.getenv("HOME")
		if home == "" {
			return ""
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "konvo", "config.yaml")
}

func expandHome(p string, e runEnv) string {
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(e.getenv("HOME"), p[2:])
	}
	return p
}

// loadConfig reads the config file. A missing default file is no error; a
// missing file the user named is. A file holding a secret must not be
// readable by group or others.
func loadConfig(path string, named bool) (config, error) {
	var cfg config
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !named {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	for name, p := range cfg.Profiles {
		if p.ClientSecret != "" || p.Token != "" {
			if err := ownerOnly(path); err != nil {
				return cfg, fmt.Errorf("config %s holds a secret (profile %q) but %w", path, name, err)
			}
		}
	}
	return cfg, nil
}

// ownerOnly refuses a file that group or others may read.
func ownerOnly(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("is readable by others (mode %04o); run: chmod 600 %s", st.Mode().Perm(), path)
	}
	return nil
}

func readSecretFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	if !st.Mode().IsRegular() {
		// A FIFO or a device would block the read, maybe forever.
		return "", fmt.Errorf("secret file %s is not a regular file (%s); give a plain file", path, st.Mode().Type())
	}
	if err := ownerOnly(path); err != nil {
		return "", fmt.Errorf("secret file %s %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", fmt.Errorf("secret file %s is empty", path)
	}
	return s, nil
}

// startDemo runs the demo server in-process, with about the latency and
// the rate limit of the real service, and points the settings at it.
func startDemo(s *settings, e runEnv) {
	srv := koretest.New(koretest.Options{
		Corpus: koretest.Demo(e.now()), PerMinute: 60, PerHour: 1800,
		Faults: koretest.Faults{Latency: 100 * time.Millisecond},
	})
	s.demo = srv
	s.host, s.bot, s.clientID, s.secret, s.token = srv.URL(), srv.Corpus().BotID, srv.ClientID(), srv.Secret(), ""
	s.credSource = "the demo server's built-in secret"
	s.title = "demo · " + srv.Corpus().BotName
}

func newClient(s settings, tune func(*api.Options)) (*api.Client, error) {
	var creds api.Credentials
	switch {
	case s.token != "":
		creds = api.StaticToken(s.token)
	case s.clientID != "" && s.secret != "":
		m, err := api.NewMinter(s.clientID, s.secret, 0)
		if err != nil {
			return nil, usageError{err}
		}
		creds = m
	case s.clientID != "":
		return nil, usageError{errors.New("no client secret: set KONVO_CLIENT_SECRET or --client-secret-file (or a token: KONVO_TOKEN or --token-file)")}
	default:
		return nil, usageError{errors.New("no credentials: set KONVO_CLIENT_ID and KONVO_CLIENT_SECRET, or KONVO_TOKEN (try konvo --demo)")}
	}
	o := api.Options{
		Host: s.host, BotID: s.bot, Credentials: creds, CredentialSource: s.credSource,
		Limits: api.Limits{PerMinute: s.rate, PerHour: s.rate * 30}, MaxRetryWait: s.maxWait,
	}
	if tune != nil {
		tune(&o)
	}
	c, err := api.New(o)
	if err != nil {
		return nil, usageError{err}
	}
	return c, nil
}

// buildFilter turns the filter flags into a model.Filter.
func buildFilter(f *flags, s settings, now time.Time) (model.Filter, error) {
	var out model.Filter
	var err error
	if out.Containment, err = model.ParseContainment(f.containment); err != nil {
		return out, usageError{err}
	}
	if out.Type, err = model.ParseSessionType(f.stype); err != nil {
		return out, usageError{err}
	}
	if out.Range, err = model.ParseRange(f.from, f.to, now, s.loc); err != nil {
		var re *model.RangeError
		if errors.As(err, &re) {
			return out, usageError{errors.New(re.Words("--from", "--to"))}
		}
		return out, usageError{err}
	}
	out.UserID = f.user
	for _, t := range f.tags {
		tf, err := model.ParseTagFilter(t)
		if err != nil {
			return out, usageError{err}
		}
		out.Tags = append(out.Tags, tf)
	}
	return out, nil
}

// prepare parses the shared flags and builds settings, client and filter.
func prepare(fs *flag.FlagSet, f *flags, args []string, e runEnv) (settings, *api.Client, model.Filter, error) {
	if err := parseFlags(fs, f, args, e.stderr); err != nil {
		return settings{}, nil, model.Filter{}, err
	}
	s, err := resolve(f, e)
	if err != nil {
		return s, nil, model.Filter{}, err
	}
	if f.demo {
		startDemo(&s, e)
	}
	filter, err := buildFilter(f, s, e.now())
	if err != nil {
		return s, nil, filter, err
	}
	c, err := newClient(s, e.tune)
	return s, c, filter, err
}

func runTUI(args []string, e runEnv) error {
	var f flags
	fs := newFlagSet("konvo", &f, e.stderr)
	s, c, filter, err := prepare(fs, &f, args, e)
	if s.demo != nil {
		defer s.demo.Close()
	}
	if err != nil {
		return err
	}
	theme, err := themeFor(s.theme, e.getenv("NO_COLOR") != "")
	if err != nil {
		return usageError{err}
	}
	keys := defaultKeyMap()
	if err := applyKeyBindings(&keys, s.keys); err != nil {
		return usageError{fmt.Errorf("config keys: %w", err)}
	}
	app := ui.New(ui.Options{
		Source: ui.FromClient(c), Filter: filter, From: f.from, To: f.to, Keys: keys, Theme: theme,
		Location: s.loc, Title: s.title, Now: e.now, SlowTurn: s.slowTurn,
	})
	_, err = tea.NewProgram(app).Run()
	return err
}

func runExport(args []string, e runEnv) error {
	var f flags
	var messages, resume bool
	var ids listFlag
	var output string
	fs := newFlagSet("konvo export", &f, e.stderr)
	fs.BoolVar(&messages, "messages", false, `add "messages": [...] to each session, oldest first`)
	fs.Var(&ids, "session", "just this session id (repeatable)")
	fs.StringVar(&output, "output", "", "write to this file (mode 0600, complete or not at all) instead of stdout")
	fs.StringVar(&output, "o", "", "short for --output")
	fs.BoolVar(&resume, "resume", false, "continue an interrupted --output export where its .partial file ends")
	s, c, filter, err := prepare(fs, &f, args, e)
	if s.demo != nil {
		defer s.demo.Close()
	}
	if err != nil {
		return err
	}
	if resume && output == "" {
		return usageError{errors.New("--resume continues an --output file; name it with -o")}
	}
	for _, id := range ids {
		filter.SessionIDs = append(filter.SessionIDs, strings.FieldsFunc(id, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	var w io.Writer = e.stdout
	var file *export.File
	if output != "" {
		if file, err = openExport(output, resume); err != nil {
			return usageError{err}
		}
		w = file
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := e.now()
	line := newProgressLine(e, c, messages)
	opts := export.Options{Messages: messages, Progress: line.update}
	if file != nil {
		opts.Skip = file.Done
	}
	st, err := export.Run(ctx, c, filter, w, opts)
	line.close()
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

// progressLine draws an export's progress on a terminal: a bar, counts,
// and, while requests wait on the rate limit, a countdown that moves
// every second even when no page arrives.
type progressLine struct {
	e        runEnv
	c        *api.Client
	messages bool
	bar      progress.Model
	mu       sync.Mutex
	last     export.Progress
	done     chan struct{}
	stopped  chan struct{}
}

func newProgressLine(e runEnv, c *api.Client, messages bool) *progressLine {
	p := &progressLine{e: e, c: c, messages: messages, done: make(chan struct{}), stopped: make(chan struct{})}
	if !e.stderrTTY {
		close(p.stopped)
		return p
	}
	p.bar = progress.New(progress.WithWidth(30), progress.WithDefaultBlend())
	p.draw()
	go func() {
		defer close(p.stopped)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-tick.C:
				p.draw()
			}
		}
	}()
	return p
}

func (p *progressLine) update(pr export.Progress) {
	if !p.e.stderrTTY {
		return
	}
	p.mu.Lock()
	p.last = pr
	p.mu.Unlock()
	p.draw()
}

func (p *progressLine) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr := p.last
	of := fmt.Sprint(pr.Total)
	if !pr.Exact {
		of = "≥" + of
	}
	line := fmt.Sprintf("%d of %s sessions", pr.Sessions, of)
	if p.messages {
		line += fmt.Sprintf(" · %d messages", pr.Messages)
	}
	if why := waitNote(p.c.Pacing(), p.e.now()); why != "" {
		line += " · " + why
	}
	fmt.Fprintf(p.e.stderr, "\r%s %s \x1b[K", p.bar.ViewAs(float64(pr.Sessions)/float64(max(pr.Total, pr.Sessions, 1))), line)
}

func (p *progressLine) close() {
	if !p.e.stderrTTY {
		return
	}
	close(p.done)
	<-p.stopped
	fmt.Fprint(p.e.stderr, "\r\x1b[K")
}

// waitNote words why requests are held back, with a countdown.
func waitNote(st api.Status, now time.Time) string {
	if st.Waiting == 0 || st.Until.IsZero() || st.Until.Sub(now) < time.Second {
		return ""
	}
	left := api.Humanize(st.Until.Sub(now))
	switch st.Reason {
	case api.RateLimited:
		return "the bot's rate limit is spent (by konvo or another client); waiting " + left
	case api.RetryWait:
		return "retrying after an error in " + left
	}
	return "pacing under the rate limit, next request in " + left
}

func runDemoServer(args []string, e runEnv) error {
	fs := flag.NewFlagSet("konvo demo-server", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	addr := fs.String("addr", "127.0.0.1:8765", "address to listen on")
	latency := fs.Duration("latency", 100*time.Millisecond, "added to every response")
	rate := fs.Int("rate", 60, "the server's per-minute limit (0: none)")
	if err := parseArgs(fs, args, e.stderr); err != nil {
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
