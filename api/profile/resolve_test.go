package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// env is a fake environment.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func writeFile(t *testing.T, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func parse(t *testing.T, args ...string) *Flags {
	t.Helper()
	var f Flags
	fs := NewFlagSet("konvo")
	f.Register(fs)
	if err := f.Parse(fs, args, nil); err != nil {
		t.Fatal(err)
	}
	return &f
}

// TestLayering: a flag beats the environment, which beats the profile,
// which beats the config's top level.
func TestLayering(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", `
profile: prod
theme: light
tz: Asia/Tokyo
profiles:
  prod:
    host: https://prod.example
    bot_id: st-prod
    client_id: cs-prod
    client_secret_env: PROD_SECRET
    rate: 30
`, 0o644)
	cases := []struct {
		name string
		args []string
		env  env
		want func(Settings) string // empty when right
	}{
		{"profile", nil, env{"KONVO_CONFIG": cfg, "PROD_SECRET": "s"}, func(s Settings) string {
			if s.Host != "https://prod.example" || s.Bot != "st-prod" || s.Rate != 30 || s.Title != "prod" || s.Location.String() != "Asia/Tokyo" || s.Theme != "light" {
				return "profile values not taken"
			}
			if s.Secret != "s" || s.CredSource != "secret from $PROD_SECRET" {
				return "secret " + s.CredSource
			}
			return ""
		}},
		{"env over profile", nil, env{"KONVO_CONFIG": cfg, "PROD_SECRET": "s", "KONVO_HOST": "https://env.example"}, func(s Settings) string {
			if s.Host != "https://env.example" {
				return "host " + s.Host
			}
			return ""
		}},
		{"flag over env", []string{"--host", "https://flag.example", "--rate", "5", "--tz", "UTC"}, env{"KONVO_CONFIG": cfg, "PROD_SECRET": "s", "KONVO_HOST": "https://env.example"}, func(s Settings) string {
			if s.Host != "https://flag.example" || s.Rate != 5 || s.Location != time.UTC {
				return "flags not taken"
			}
			return ""
		}},
		{"token beats secret", nil, env{"KONVO_CONFIG": cfg, "PROD_SECRET": "s", "KONVO_TOKEN": "tok"}, func(s Settings) string {
			if s.Token != "tok" || s.CredSource != "KONVO_TOKEN" {
				return "token source " + s.CredSource
			}
			return ""
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Resolve(parse(t, c.args...), c.env.get)
			if err != nil {
				t.Fatal(err)
			}
			if why := c.want(s); why != "" {
				t.Error(why)
			}
		})
	}
}

// TestSecretsAreGuarded: a secret in a file others can read, a config
// holding a secret readable by others, a FIFO and an empty file are all
// refused as the user's mistake, with the fix in the message.
func TestSecretsAreGuarded(t *testing.T) {
	dir := t.TempDir()
	open := writeFile(t, dir, "open", "s3cret\n", 0o644)
	empty := writeFile(t, dir, "empty", "\n", 0o600)
	good := writeFile(t, dir, "good", " s3cret \n", 0o600)
	leaky := writeFile(t, dir, "leaky.yaml", "profiles:\n  p:\n    client_secret: x\n", 0o640)
	cases := []struct {
		args []string
		env  env
		want string
	}{
		{[]string{"--client-secret-file", open}, env{}, "chmod 600 " + open},
		{[]string{"--token-file", empty}, env{}, "is empty"},
		{[]string{"--config", leaky}, env{}, "holds a secret"},
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, env{}, "no such file"},
		{[]string{"--profile", "nope"}, env{}, `profile "nope" is not in the config file`},
		{nil, env{"KONVO_CONFIG": writeFile(t, dir, "typo.yaml", "thme: dark\n", 0o600)}, "field thme not found"},
	}
	for _, c := range cases {
		_, err := Resolve(parse(t, c.args...), c.env.get)
		if err == nil || !strings.Contains(err.Error(), c.want) || !IsUsage(err) {
			t.Errorf("%v: got %v, want a usage error saying %q", c.args, err, c.want)
		}
	}
	s, err := Resolve(parse(t, "--client-id", "cs", "--client-secret-file", good), env{}.get)
	if err != nil || s.Secret != "s3cret" {
		t.Errorf("good secret file: %q, %v", s.Secret, err)
	}
	if _, err := s.Client(nil); err != nil {
		t.Errorf("client: %v", err)
	}
}

// TestFilterErrorsNameTheFlags: on the command line, a reversed range
// names the flags the user typed.
func TestFilterErrorsNameTheFlags(t *testing.T) {
	f := parse(t, "--from", "2026-11-20", "--to", "2026-11-10")
	_, err := f.Filter(time.UTC, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	if err == nil || err.Error() != "--to (Nov 10) is before --from (Nov 20)" || !IsUsage(err) {
		t.Errorf("got %v", err)
	}
	f = parse(t, "--containment", "dropOff", "--tag", "topic=cards", "--user", "u1")
	flt, err := f.Filter(time.UTC, time.Now())
	if err != nil || flt.UserID != "u1" || len(flt.Tags) != 1 || flt.Containment.String() == "all" {
		t.Errorf("filter %+v, %v", flt, err)
	}
}
