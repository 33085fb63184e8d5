package profile

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"konvo/api"
)

// ListFlag is a repeatable string flag.
type ListFlag []string

func (l *ListFlag) String() string     { return strings.Join(*l, ",") }
func (l *ListFlag) Set(v string) error { *l = append(*l, v); return nil }

// Flags are the options the TUI and the subcommands share.
type Flags struct {
	Host, Bot, ClientID, SecretFile, TokenFile string
	// JWTAlg and PrivateKeyFile sign tokens as the app chose: HS512 with
	// the secret, RS256 or RS512 with a private key.
	JWTAlg, PrivateKeyFile                   string
	From, To, Containment, User, SessionType string
	Channel, Language                        string
	Config, Profile, TZ, Theme               string
	Tags                                     ListFlag
	Rate                                     int
	MaxWait                                  time.Duration
	Demo                                     bool
	// StoreDir moves the local store; NoStore runs without one.
	StoreDir string
	NoStore  bool
	// Offline answers from the store alone, making no request.
	Offline bool
	// Mask masks personal data wherever konvo shows or writes it.
	Mask bool
	// NoMouse leaves the mouse to the terminal.
	NoMouse bool
	set     map[string]bool // names given on the command line
}

// Given reports whether any of the named flags was on the command line.
func (f *Flags) Given(names ...string) bool {
	for _, n := range names {
		if f.set[n] {
			return true
		}
	}
	return false
}

// NewFlagSet is a flag set that prints nothing by itself: a mistake is
// one line pointing to --help (Parse), and the list shows on -h only.
func NewFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// Register adds the shared flags to fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.Host, "host", "", "Kore.ai host URL (env KONVO_HOST; default "+api.DefaultHost+")")
	fs.StringVar(&f.Bot, "bot", "", "bot id; empty uses the admin-console routes (env KONVO_BOT_ID)")
	fs.StringVar(&f.ClientID, "client-id", "", "app client id (env KONVO_CLIENT_ID)")
	fs.StringVar(&f.SecretFile, "client-secret-file", "", "file holding the client secret (or env KONVO_CLIENT_SECRET)")
	fs.StringVar(&f.JWTAlg, "jwt-alg", "", "the app's JWT signing algorithm: HS256 (default), HS512, RS256 or RS512")
	fs.StringVar(&f.PrivateKeyFile, "private-key-file", "", "PEM file holding the app's RSA private key, for RS256/RS512 apps")
	fs.StringVar(&f.TokenFile, "token-file", "", "file holding a pre-minted JWT, used instead of client id and secret (or env KONVO_TOKEN)")
	fs.StringVar(&f.From, "from", "", "range start: yyyy-mm-dd, RFC 3339, today, yesterday, or an age like 24h, 7d (default: the last 7 days)")
	fs.StringVar(&f.To, "to", "", "range end, same forms (default: now)")
	fs.StringVar(&f.Containment, "containment", "all", "all, selfService, dropOff or agent")
	fs.StringVar(&f.User, "user", "", "only this user id")
	fs.StringVar(&f.SessionType, "session-type", "", "interactive or non-interactive")
	fs.StringVar(&f.Channel, "channel", "", "only this channel (rtm, msteams…; voice for every voice channel), applied by konvo")
	fs.StringVar(&f.Language, "lang", "", "only sessions in this language (en, ja…), applied by konvo")
	fs.Var(&f.Tags, "tag", "name=value (or user:name=value); repeatable, all must match")
	fs.IntVar(&f.Rate, "rate", 0, "requests per minute the bot allows (default 60)")
	fs.DurationVar(&f.MaxWait, "max-wait", 0, "longest wait the server may ask for before konvo gives up, e.g. 5m (default 2m)")
	fs.StringVar(&f.Config, "config", "", "config file (env KONVO_CONFIG; default $XDG_CONFIG_HOME/konvo/config.yaml)")
	fs.StringVar(&f.Profile, "profile", "", "profile in the config file (env KONVO_PROFILE)")
	fs.StringVar(&f.TZ, "tz", "", "time zone for times shown, e.g. Asia/Tokyo (default: local)")
	fs.BoolVar(&f.Demo, "demo", false, "use a built-in Kore-compatible demo server")
	fs.StringVar(&f.StoreDir, "store", "", "directory of the local store (env KONVO_STORE; default $XDG_DATA_HOME/konvo)")
	fs.BoolVar(&f.NoStore, "no-store", false, "keep nothing on disk: no local store")
	fs.BoolVar(&f.Offline, "offline", false, "answer from the local store alone; make no request")
	fs.BoolVar(&f.Mask, "mask", false, "mask personal data (e-mail, phone and card numbers, the config's mask: patterns) on screen, in copies and exports (mask: true)")
}

// RegisterScreen adds the flags of the commands that draw konvo's screens
// (the TUI and serve): its look and the mouse. The others do not list
// them, so their -h says only what they take.
func (f *Flags) RegisterScreen(fs *flag.FlagSet) {
	fs.StringVar(&f.Theme, "theme", "", "dark, light, high-contrast or plain (NO_COLOR forces plain)")
	fs.BoolVar(&f.NoMouse, "no-mouse", false, "leave the mouse to the terminal (its own drag-to-select; mouse: false in the config)")
}

// Parse parses args into fs (on which f is registered) and notes which
// flags were given, so a flag set to its default still wins over the
// config file.
func (f *Flags) Parse(fs *flag.FlagSet, args []string, help io.Writer) error {
	if _, err := f.ParseWords(fs, args, help); err != nil {
		return err
	}
	return noWords(fs)
}

// ParseWords is Parse for a command that takes words after its flags
// (konvo search QUERY…): it returns them instead of refusing them.
func (f *Flags) ParseWords(fs *flag.FlagSet, args []string, help io.Writer) ([]string, error) {
	if err := parseFlags(fs, args, help); err != nil {
		return nil, err
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	return fs.Args(), nil
}

// Parse parses flags, wording a mistake as one line that points to
// --help; -h prints the flags to help (stdout: it was asked for).
func Parse(fs *flag.FlagSet, args []string, help io.Writer) error {
	if err := parseFlags(fs, args, help); err != nil {
		return err
	}
	return noWords(fs)
}

func parseFlags(fs *flag.FlagSet, args []string, help io.Writer) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		// help may print what comes first (the commands, for konvo -h).
		fmt.Fprintf(help, "Flags of %s:\n", fs.Name())
		fs.SetOutput(help)
		fs.PrintDefaults()
		return err
	}
	return Usage(fmt.Errorf("%w (%s --help lists the flags)", err, fs.Name()))
}

// noWords refuses words after the flags of a command that takes none.
func noWords(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return Usage(fmt.Errorf("unexpected argument %q (%s --help lists the flags)", fs.Arg(0), fs.Name()))
	}
	return nil
}
