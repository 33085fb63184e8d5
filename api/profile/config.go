package profile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"konvo/model"

	"go.yaml.in/yaml/v3"
)

// Config is the YAML config file.
type Config struct {
	Profile  string              `yaml:"profile"` // the default profile
	Theme    string              `yaml:"theme"`
	TZ       string              `yaml:"tz"`
	Rate     int                 `yaml:"rate"`
	MaxWait  string              `yaml:"max_wait"`  // e.g. "5m"
	SlowTurn string              `yaml:"slow_turn"` // a voice turn slower than this is marked, e.g. "1.5s"
	Keep     string              `yaml:"keep"`      // how long the local store keeps data, e.g. "30d" (the default)
	Keys     map[string][]string `yaml:"keys"`
	Views    []ViewConfig        `yaml:"views"`
	Mouse    *bool               `yaml:"mouse"` // false leaves the mouse to the terminal
	Mask     MaskConfig          `yaml:"mask"`
	Profiles map[string]Profile  `yaml:"profiles"`
}

// MaskConfig is the config's mask: either true or false, or a mapping:
//
//	mask:
//	  on: true            # locally; konvo serve masks unless on: false
//	  char: "#"           # Kore's redaction character (default *)
//	  patterns:
//	    - {name: account, regex: 'ACC-\d{8}'}
//	  unmask: [alice, "SHA256:…"]   # serve: engineers who may unmask
type MaskConfig struct {
	On       *bool               `yaml:"on"`
	Char     string              `yaml:"char"`
	Patterns []model.MaskPattern `yaml:"patterns"`
	Unmask   []string            `yaml:"unmask"`
}

// UnmarshalYAML takes mask: true|false as well as the mapping; a mapping
// without on: leaves it unset.
func (m *MaskConfig) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var on bool
		if err := n.Decode(&on); err != nil {
			return fmt.Errorf("mask: true, false or a mapping: %w", err)
		}
		m.On = &on
		return nil
	}
	type plain MaskConfig
	return n.Decode((*plain)(m))
}

// Profile is one named connection.
type Profile struct {
	Host             string `yaml:"host"`
	BotID            string `yaml:"bot_id"`
	AccountID        string `yaml:"account_id"` // the contact center's APIs name it
	ClientID         string `yaml:"client_id"`
	ClientSecret     string `yaml:"client_secret"`      // allowed only in a file only its owner can read
	ClientSecretEnv  string `yaml:"client_secret_env"`  // the name of an env var holding it
	ClientSecretFile string `yaml:"client_secret_file"` // a file holding it
	Token            string `yaml:"token"`              // allowed only in a file only its owner can read
	TokenFile        string `yaml:"token_file"`         // a file holding a pre-minted token
	JWTAlgorithm     string `yaml:"jwt_algorithm"`      // HS256 (default), HS512, RS256 or RS512
	PrivateKeyFile   string `yaml:"private_key_file"`   // the app's RSA private key (PEM), for RS256/RS512
	TZ               string `yaml:"tz"`
	Theme            string `yaml:"theme"`
	Rate             int    `yaml:"rate"`
}

// ConfigPath is the config file to read: --config, KONVO_CONFIG, or
// $XDG_CONFIG_HOME/konvo/config.yaml (~/.config when unset).
func ConfigPath(flagValue string, getenv func(string) string) string {
	if p := first(flagValue, getenv("KONVO_CONFIG")); p != "" {
		return expandHome(p, getenv)
	}
	base := getenv("XDG_CONFIG_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "konvo", "config.yaml")
}

func expandHome(p string, getenv func(string) string) string {
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(getenv("HOME"), p[2:])
	}
	return p
}

// LoadConfig reads the config file. A missing default file is no error;
// a missing file the user named is. A file holding a secret must not be
// readable by group or others.
func LoadConfig(path string, named bool) (Config, error) {
	var cfg Config
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
