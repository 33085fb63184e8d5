package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/profile"
	"konvo/api/store"
	"konvo/model"
)

// startDemo runs the demo server in-process, with about the latency and
// the rate limit of the real service, and points the settings at it.
func startDemo(s *profile.Settings, e Env) *koretest.Server {
	srv := koretest.New(koretest.Options{
		Corpus: koretest.DemoOfDay(e.Now()), PerMinute: 60, PerHour: 1800,
		Faults: koretest.Faults{Latency: 100 * time.Millisecond},
	})
	s.Host, s.Bot, s.ClientID, s.Secret, s.Token = srv.URL(), srv.Corpus().BotID, srv.ClientID(), srv.Secret(), ""
	s.Account = koretest.DemoAccountID
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
	// lead is what -h prints before the flags (konvo -h: the commands).
	lead   string
	client *api.Client
	filter model.Filter
	demo   *koretest.Server // running for --demo; closed by done
	// offline commands make no request, so they need no client.
	offline bool
	// via is the API transcripts are synced through (--messages-api);
	// viaAsked is set when the flag was given.
	via      api.MessagesAPI
	viaAsked bool
}

// withMessagesAPI adds --messages-api to a command that fetches
// transcripts in bulk, def when not given.
func (c *command) withMessagesAPI(def api.MessagesAPI) {
	c.via = def
	v2, v1 := "v2 (10,000 messages a call; leaves out alert and action task messages)", "v1 (every message, 100 a call; the only one without a bot id)"
	if def == api.MessagesV2 {
		v2 = "v2 (default with a bot id: 10,000 messages a call; leaves out alert and action task messages)"
	} else {
		v1 = "v1 (the default: every message, 100 a call)"
	}
	c.fs.Func("messages-api", v2+" or "+v1, func(v string) error {
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

// newScreenCommand is a command that draws konvo's screens (the TUI,
// serve): it takes their look flags too.
func newScreenCommand(name string) *command {
	c := newCommand(name)
	c.flags.RegisterScreen(c.fs)
	return c
}

// help is where -h writes: stdout, after the command's lead.
func (c *command) help(e Env) io.Writer {
	if c.lead != "" {
		return &leadWriter{w: e.Stdout, lead: c.lead}
	}
	return e.Stdout
}

// prepare parses args and builds settings, client and filter.
func (c *command) prepare(args []string, e Env) error {
	if err := c.flags.Parse(c.fs, args, c.help(e)); err != nil {
		return err
	}
	return c.resolve(e)
}

// resolve builds settings, client and filter from the parsed flags.
func (c *command) resolve(e Env) error {
	var err error
	if c.settings, err = profile.Resolve(&c.flags, e.Getenv); err != nil {
		return err
	}
	if c.flags.Demo {
		c.demo = startDemo(&c.settings, e)
		if c.settings.StoreDir != "" {
			// The demo's data is the same all day (koretest.DemoOfDay), so
			// its store is kept between runs, apart from real bots'
			// stores: what was read, starred and left open is there when
			// konvo --demo starts again.
			c.settings.StoreDir = filepath.Join(c.settings.StoreDir, "demo")
		}
	}
	if c.filter, err = c.flags.Filter(c.settings.Location, e.Now()); err != nil {
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
	c.client, err = c.settings.Client(e.Tune)
	if err != nil {
		return err
	}
	return c.checkVia(e)
}

// checkVia keeps sync off a route Kore does not document: getMessagesV2
// exists per bot only. Asked for by name without a bot id, it is refused;
// as the default, getMessages is used and the user told.
func (c *command) checkVia(e Env) error {
	if c.via != api.MessagesV2 || c.client.BulkVia(c.via) == c.via {
		return nil
	}
	if c.viaAsked {
		return profile.Usage(api.ErrV2NeedsBot)
	}
	c.via = api.MessagesV1
	fmt.Fprintln(e.Stderr, "note: getMessagesV2 needs a bot id (--bot); transcripts come through getMessages, 100 messages a call")
	return nil
}

// done stops what prepare started.
func (c *command) done() {
	if c.demo != nil {
		c.demo.Close()
	}
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
// older than the retention.
func (c *command) openStore(e Env) (*store.Store, error) {
	st, err := c.openStoreOnly(e)
	if err != nil {
		return nil, err
	}
	// Before a command reads: what it prints or writes must not hold what
	// is past its retention. With nothing to expire this is a few indexed
	// look-ups (0.2 ms at a million messages); else it goes a batch of
	// sessions a transaction. The TUI and serve expire beside the screen.
	if _, err := st.Expire(e.ctx, c.settings.Keep); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// syncedStore opens the store and, unless --offline, first syncs into
// it what it lacks of the range, saying what could not be read: what
// search and stats answer from.
func (c *command) syncedStore(e Env) (*store.Store, error) {
	st, err := c.openStore(e)
	if err != nil || c.offline {
		return st, err
	}
	stats, err := syncRange(e.ctx, c, st, e)
	if err != nil {
		st.Close()
		return nil, err
	}
	if stats.Unreadable > 0 {
		fmt.Fprintln(e.Stderr, "konvo: "+model.Quantity(stats.Unreadable, "entry", "entries")+" from the server could not be read and "+model.Pick(stats.Unreadable, "was", "were")+" left out")
	}
	return st, nil
}

func (c *command) openStoreOnly(e Env) (*store.Store, error) {
	s := c.settings
	if s.StoreDir == "" {
		return nil, profile.Usage(errors.New(c.fs.Name() + " needs the local store; drop --no-store"))
	}
	host := s.Host
	if c.demo != nil {
		host = "demo" // the demo server's port changes every run; its data does not
	}
	return store.OpenNoting(s.StoreDir, host, s.Bot, e.Now, func(from, to int) {
		fmt.Fprintf(e.Stderr, "konvo: upgrading the local store from schema %d to %d, once (a large store takes a while)\n", from, to)
	})
}

// expiryEvery is how often a running TUI or konvo serve drops what has
// passed the retention.
const expiryEvery = time.Hour

// leadWriter writes lead before the first write: -h's text before the
// flags, and nothing at all on a mistyped flag.
type leadWriter struct {
	w    io.Writer
	lead string
	done bool
}

func (l *leadWriter) Write(p []byte) (int, error) {
	if !l.done {
		l.done = true
		if _, err := io.WriteString(l.w, l.lead); err != nil {
			return 0, err
		}
	}
	return l.w.Write(p)
}
