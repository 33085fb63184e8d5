package profile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// Settings are the resolved connection and display settings.
type Settings struct {
	Host, Bot, ClientID, Secret, Token string
	// Account is the Kore account id the contact center's APIs need
	// (account_id, KONVO_ACCOUNT_ID); empty, agent records are not asked.
	Account string
	// JWTAlg is the app's signing algorithm; PrivateKey its RSA key (PEM)
	// for RS256/RS512.
	JWTAlg, PrivateKey string
	// CredSource says where the credentials came from, for error hints
	// ("KONVO_TOKEN", "secret from --client-secret-file /x").
	CredSource string
	Rate       int
	MaxWait    time.Duration
	SlowTurn   time.Duration
	Location   *time.Location
	Theme      string
	Keys       map[string][]string // the config's re-bindings, by action
	// Title names where konvo looks: the profile, or the host.
	Title string
	// StoreDir is the local store's directory; empty with --no-store.
	StoreDir string
	// Keep is how long stored data is kept (config keep, default 30 days).
	Keep time.Duration
	// Views are konvo's views, the config's and those saved from the
	// TUI; ViewsPath is where S saves.
	Views     []model.View
	ViewsPath string
	// NoMouse leaves the mouse to the terminal (--no-mouse, mouse: false).
	NoMouse bool
	// Mask says whether personal data is masked here (--mask, mask: true);
	// konvo serve masks unless MaskOff (mask: false). MaskOptions are
	// the character and patterns; Unmask the engineers serve lets unmask.
	Mask, MaskOff bool
	MaskOptions   model.MaskOptions
	Unmask        []string
}

// Masker is the masker these settings ask for, keyed at random (the
// pseudonyms last as long as the process).
func (s Settings) Masker() (*model.Masker, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("mask: %w", err)
	}
	return model.NewMasker(s.MaskOptions, key)
}

// DefaultKeep is how long the local store keeps what it read.
const DefaultKeep = 30 * 24 * time.Hour

// Resolve layers flags over the environment over the config file's
// profile. Every error is the user's to fix (a UsageError).
func Resolve(f *Flags, getenv func(string) string) (Settings, error) {
	s, err := resolve(f, getenv)
	return s, Usage(err)
}

func resolve(f *Flags, getenv func(string) string) (Settings, error) {
	cfgPath := ConfigPath(f.Config, getenv)
	cfg, err := LoadConfig(cfgPath, f.set["config"] || getenv("KONVO_CONFIG") != "")
	if err != nil {
		return Settings{}, err
	}
	name := first(f.Profile, getenv("KONVO_PROFILE"), cfg.Profile)
	var p Profile
	if name != "" {
		var ok bool
		if p, ok = cfg.Profiles[name]; !ok {
			return Settings{}, fmt.Errorf("profile %q is not in the config file", name)
		}
	}
	s := Settings{
		Host:     first(f.Host, getenv("KONVO_HOST"), p.Host, api.DefaultHost),
		Bot:      first(f.Bot, getenv("KONVO_BOT_ID"), p.BotID),
		Account:  first(getenv("KONVO_ACCOUNT_ID"), p.AccountID),
		ClientID: first(f.ClientID, getenv("KONVO_CLIENT_ID"), p.ClientID),
		Theme:    first(f.Theme, p.Theme, cfg.Theme),
		Keys:     cfg.Keys,
		Title:    name,
	}
	s.Rate = f.Rate
	if s.Rate == 0 {
		s.Rate = firstInt(p.Rate, cfg.Rate, 60)
	}
	if s.Rate < 1 {
		return Settings{}, errors.New("--rate must be at least 1")
	}
	s.MaxWait = f.MaxWait
	if s.MaxWait == 0 && cfg.MaxWait != "" {
		if s.MaxWait, err = time.ParseDuration(cfg.MaxWait); err != nil || s.MaxWait <= 0 {
			return Settings{}, fmt.Errorf("config max_wait %q: want a duration like 2m", cfg.MaxWait)
		}
	}
	if cfg.SlowTurn != "" {
		if s.SlowTurn, err = time.ParseDuration(cfg.SlowTurn); err != nil || s.SlowTurn <= 0 {
			return Settings{}, fmt.Errorf("config slow_turn %q: want a duration like 2s", cfg.SlowTurn)
		}
	}
	if !f.NoStore {
		s.StoreDir = first(expandHome(f.StoreDir, getenv), store.Dir(getenv))
	}
	s.Keep = DefaultKeep
	if cfg.Keep != "" {
		if s.Keep, err = parseKeep(cfg.Keep); err != nil {
			return Settings{}, err
		}
	}
	tz := first(f.TZ, p.TZ, cfg.TZ)
	s.Location = time.Local
	if tz != "" {
		if s.Location, err = time.LoadLocation(tz); err != nil {
			return Settings{}, fmt.Errorf("time zone %q: %w", tz, err)
		}
	}
	if err := s.resolveToken(f, p, name, getenv); err != nil {
		return Settings{}, err
	}
	if err := s.resolveSecret(f, p, name, getenv); err != nil {
		return Settings{}, err
	}
	s.JWTAlg = first(f.JWTAlg, getenv("KONVO_JWT_ALG"), p.JWTAlgorithm)
	switch {
	case f.PrivateKeyFile != "":
		s.PrivateKey, err = ReadSecretFile(f.PrivateKeyFile)
		if s.Token == "" {
			s.CredSource = "private key from --private-key-file " + f.PrivateKeyFile
		}
	case p.PrivateKeyFile != "":
		s.PrivateKey, err = ReadSecretFile(expandHome(p.PrivateKeyFile, getenv))
		if s.Token == "" {
			s.CredSource = fmt.Sprintf("private key from profile %q private_key_file", name)
		}
	}
	if err != nil {
		return Settings{}, err
	}
	if s.Title == "" {
		s.Title = s.Host
	}
	s.NoMouse = f.NoMouse || cfg.Mouse != nil && !*cfg.Mouse
	s.Mask = f.Mask || cfg.Mask.On != nil && *cfg.Mask.On
	s.MaskOff = !f.Mask && cfg.Mask.On != nil && !*cfg.Mask.On
	s.MaskOptions.Patterns, s.Unmask = cfg.Mask.Patterns, cfg.Mask.Unmask
	if c := []rune(cfg.Mask.Char); len(c) == 1 {
		s.MaskOptions.Char = c[0]
	} else if len(c) > 1 {
		return Settings{}, fmt.Errorf("mask: char %q: one character", cfg.Mask.Char)
	}
	if _, err := model.NewMasker(s.MaskOptions, nil); err != nil {
		return Settings{}, err
	}
	s.ViewsPath = ViewsPath(cfgPath)
	if s.Views, err = views(cfg.Views, s.ViewsPath); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// resolveToken finds a pre-minted token: --token-file, KONVO_TOKEN, or
// the profile's token or token_file. Never a flag holding the token
// itself: the process list shows arguments to every user of the machine.
func (s *Settings) resolveToken(f *Flags, p Profile, profileName string, getenv func(string) string) error {
	var err error
	switch {
	case f.TokenFile != "":
		s.Token, err = ReadSecretFile(f.TokenFile)
		s.CredSource = "--token-file " + f.TokenFile
	case getenv("KONVO_TOKEN") != "":
		s.Token, s.CredSource = getenv("KONVO_TOKEN"), "KONVO_TOKEN"
	case p.TokenFile != "":
		s.Token, err = ReadSecretFile(expandHome(p.TokenFile, getenv))
		s.CredSource = fmt.Sprintf("profile %q token_file", profileName)
	case p.Token != "":
		s.Token, s.CredSource = p.Token, fmt.Sprintf("profile %q token", profileName)
	}
	return err
}

// resolveSecret finds the client secret: --client-secret-file,
// KONVO_CLIENT_SECRET, or the profile's env var, file or value.
func (s *Settings) resolveSecret(f *Flags, p Profile, profileName string, getenv func(string) string) error {
	var from string
	var err error
	switch {
	case f.SecretFile != "":
		s.Secret, err = ReadSecretFile(f.SecretFile)
		from = "--client-secret-file " + f.SecretFile
	case getenv("KONVO_CLIENT_SECRET") != "":
		s.Secret, from = getenv("KONVO_CLIENT_SECRET"), "KONVO_CLIENT_SECRET"
	case p.ClientSecretEnv != "":
		s.Secret, from = getenv(p.ClientSecretEnv), "$"+p.ClientSecretEnv
		if s.Secret == "" {
			err = fmt.Errorf("profile %q takes the secret from $%s, which is empty", profileName, p.ClientSecretEnv)
		}
	case p.ClientSecretFile != "":
		s.Secret, err = ReadSecretFile(expandHome(p.ClientSecretFile, getenv))
		from = fmt.Sprintf("profile %q client_secret_file", profileName)
	default:
		s.Secret, from = p.ClientSecret, fmt.Sprintf("profile %q client_secret", profileName)
	}
	if err != nil {
		return err
	}
	if s.Token == "" && s.Secret != "" {
		s.CredSource = "secret from " + from
	}
	return nil
}

// Client makes the API client the settings describe; tune, when not nil,
// adjusts its options last (tests shrink the rate windows with it).
func (s Settings) Client(tune func(*api.Options)) (*api.Client, error) {
	var creds api.Credentials
	switch {
	case s.Token != "":
		creds = api.StaticToken(s.Token)
	case s.ClientID != "" && (s.Secret != "" || s.PrivateKey != ""):
		key := api.SigningKey{Algorithm: s.JWTAlg, Secret: s.Secret}
		if s.PrivateKey != "" && !strings.HasPrefix(strings.ToUpper(s.JWTAlg), "HS") {
			pk, err := api.ParsePrivateKey([]byte(s.PrivateKey))
			if err != nil {
				return nil, Usage(err)
			}
			key.Private = pk
		}
		m, err := api.NewMinterKey(s.ClientID, key, 0)
		if err != nil {
			return nil, Usage(err)
		}
		creds = m
	case s.ClientID != "":
		return nil, Usage(errors.New("no client secret: set KONVO_CLIENT_SECRET or --client-secret-file (or a token: KONVO_TOKEN or --token-file)"))
	default:
		return nil, Usage(errors.New("no credentials: set KONVO_CLIENT_ID and KONVO_CLIENT_SECRET, or KONVO_TOKEN (try konvo --demo)"))
	}
	o := api.Options{
		Host: s.Host, BotID: s.Bot, AccountID: s.Account, Credentials: creds, CredentialSource: s.CredSource,
		Limits: api.Limits{PerMinute: s.Rate, PerHour: s.Rate * 30}, MaxRetryWait: s.MaxWait,
	}
	if tune != nil {
		tune(&o)
	}
	c, err := api.New(o)
	return c, Usage(err)
}

// Filter is the server-side filter the flags describe, with the range
// read in loc as of now. Errors name the flags, where the user typed.
func (f *Flags) Filter(loc *time.Location, now time.Time) (model.Filter, error) {
	out, err := f.filter(loc, now)
	return out, Usage(err)
}

func (f *Flags) filter(loc *time.Location, now time.Time) (model.Filter, error) {
	var out model.Filter
	var err error
	if out.Containment, err = model.ParseContainment(f.Containment); err != nil {
		return out, err
	}
	if out.Type, err = model.ParseSessionType(f.SessionType); err != nil {
		return out, err
	}
	if out.Range, err = model.ParseRange(f.From, f.To, now, loc); err != nil {
		var re *model.RangeError
		if errors.As(err, &re) {
			return out, errors.New(re.Words("--from", "--to"))
		}
		return out, err
	}
	out.UserID = f.User
	out.Channel, out.Language = strings.TrimSpace(f.Channel), strings.TrimSpace(f.Language)
	for _, t := range f.Tags {
		tf, err := model.ParseTagFilter(t)
		if err != nil {
			return out, err
		}
		out.Tags = append(out.Tags, tf)
	}
	return out, nil
}

// parseKeep reads a retention: days ("30d") or a Go duration ("720h").
func parseKeep(v string) (time.Duration, error) {
	var d time.Duration
	var err error
	if n, ok := strings.CutSuffix(v, "d"); ok {
		var days int
		if days, err = strconv.Atoi(n); err == nil {
			d = time.Duration(days) * 24 * time.Hour
		}
	} else {
		d, err = time.ParseDuration(v)
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("config keep %q: want a duration like 30d or 72h", v)
	}
	return d, nil
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
