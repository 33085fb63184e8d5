package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/model"
	"konvo/ui"
)

// cli runs konvo's run() with the given env and args.
func cli(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	// Retries back off in milliseconds, not seconds: a refused connection
	// is retried as in real use, without the wait.
	fast := func(o *api.Options) { o.BackoffBase, o.BackoffMax = time.Millisecond, 5*time.Millisecond }
	e := runEnv{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &errb, now: time.Now, tune: fast}
	code = run(args, e)
	return code, out.String(), errb.String()
}

// liveServer serves a corpus ending now, on the real clock, since the
// CLI mints tokens with it: the showcase without its 2,000- and
// 5,000-message sessions, which cost these small corpora most of their
// time (liveServerLong keeps them).
func liveServer(t *testing.T, sessions int) (*koretest.Server, map[string]string) {
	return serveLive(t, koretest.CorpusOptions{Seed: 5, End: time.Now(), Sessions: sessions, Days: 35, Showcase: true, ShortShowcase: true})
}

// liveServerLong is liveServer with the whole showcase.
func liveServerLong(t *testing.T, sessions int) (*koretest.Server, map[string]string) {
	return serveLive(t, koretest.CorpusOptions{Seed: 5, End: time.Now(), Sessions: sessions, Days: 35, Showcase: true})
}

func serveLive(t *testing.T, o koretest.CorpusOptions) (*koretest.Server, map[string]string) {
	srv := koretest.New(koretest.Options{Corpus: koretest.Generate(o)})
	t.Cleanup(srv.Close)
	return srv, map[string]string{
		"KONVO_HOST": srv.URL(), "KONVO_BOT_ID": srv.Corpus().BotID,
		"KONVO_CLIENT_ID": srv.ClientID(), "KONVO_CLIENT_SECRET": srv.Secret(), "HOME": t.TempDir(),
	}
}

func TestExportWritesTheCorpusOnceEach(t *testing.T) {
	t.Parallel() // independent: its own server
	srv, env := liveServer(t, 1500)
	to := time.Now().UTC().Truncate(time.Second)
	from := to.AddDate(0, 0, -33)
	code, stdout, stderr := cli(t, env, "export", "--from", from.Format(time.RFC3339), "--to", to.Format(time.RFC3339), "--rate", "100000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := map[string]string{}
	var order []string
	for _, s := range srv.Corpus().Sessions() {
		if !s.Start.Before(from) && s.Start.Before(to) {
			want[s.ID] = string(s.JSON(srv.Corpus().BotID))
			order = append(order, s.ID)
		}
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	seen := map[string]bool{}
	for i, l := range lines {
		var s model.Session
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if seen[s.ID] {
			t.Fatalf("%s exported twice", s.ID)
		}
		seen[s.ID] = true
		if l != want[s.ID] {
			t.Fatalf("line %d is not the server's object as sent:\n%s\n%s", i, l, want[s.ID])
		}
		if order[i] != s.ID {
			t.Fatalf("line %d: %s, want %s (newest first)", i, s.ID, order[i])
		}
	}
	if !strings.Contains(stderr, "exported ") || strings.Contains(stdout, "exported ") {
		t.Errorf("progress belongs on stderr: %q", stderr)
	}
}

func TestExportWithMessagesIsBatched(t *testing.T) {
	t.Parallel()                       // independent: its own server
	srv, env := liveServerLong(t, 400) // a transcript of 5,000 messages pages through v1
	code, stdout, stderr := cli(t, env, "export", "--messages", "--from", "10d", "--rate", "100000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	sessions, messages := 0, 0
	for sc.Scan() {
		var line struct {
			ID       string            `json:"sessionId"`
			Messages []json.RawMessage `json:"messages"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		// Each transcript is the server's, byte for byte and in order, not
		// just as long.
		sess, ok := srv.Corpus().Lookup(line.ID)
		if !ok {
			t.Fatalf("exported an unknown session %s", line.ID)
		}
		want := srv.Corpus().Transcript(sess)
		if len(line.Messages) != len(want) {
			t.Fatalf("%s: %d messages, want %d", line.ID, len(line.Messages), len(want))
		}
		for i, m := range line.Messages {
			raw := want[i].Raw
			if want[i].WithLatency != nil { // konvo asks for latency
				raw = want[i].WithLatency
			}
			if !bytes.Equal(m, raw) {
				t.Fatalf("%s: message %d differs from the server's:\n%s\nwant\n%s", line.ID, i, m, raw)
			}
		}
		sessions++
		messages += len(line.Messages)
	}
	// One call per 100 messages is the floor (the corpus holds 2,000- and
	// 5,000-message sessions); batching by channel adds a few part pages.
	calls := srv.CountOp("getMessages", 0)
	if limit := messages/100 + 2*(sessions/50+1) + 10; calls > limit || calls >= sessions {
		t.Errorf("%d getMessages calls for %d sessions, %d messages: not batched (limit %d)", calls, sessions, messages, limit)
	}
	t.Logf("%d sessions, %d messages, %d getMessages calls", sessions, messages, calls)
}

func TestExportSessionIDs(t *testing.T) {
	t.Parallel() // independent: its own server
	_, env := liveServer(t, 100)
	code, stdout, stderr := cli(t, env, "export", "--session", "showcase-voice", "--session", "showcase-media,nope")
	if code != exitError || !strings.Contains(stderr, "not found: [nope]") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 2 {
		t.Fatalf("%d lines:\n%s", n, stdout)
	}
}

func TestCLIErrorsAreOneClearLine(t *testing.T) {
	t.Parallel() // independent: its own server
	_, env := liveServer(t, 50)
	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["KONVO_CLIENT_SECRET"] = "wrong"
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"bad flag", env, []string{"export", "--nope"}, exitUsage, "flag provided but not defined: -nope (konvo export --help lists the flags)"},
		{"bad date", env, []string{"export", "--from", "last tuesday"}, exitUsage, "cannot read date"},
		{"bad containment", env, []string{"export", "--containment", "sideways"}, exitUsage, "unknown containment"},
		{"bad tag", env, []string{"export", "--tag", "novalue"}, exitUsage, "want name=value"},
		{"no credentials", map[string]string{"HOME": t.TempDir()}, []string{"export"}, exitUsage, "no credentials"},
		{"insecure host", map[string]string{"KONVO_HOST": "http://bots.example.com", "KONVO_TOKEN": "t"}, []string{"export"}, exitUsage, "plain http"},
		{"wrong secret", bad, []string{"export"}, exitError, "refused the credentials (401 Invalid SDK credentials): check the client id and secret (the secret from KONVO_CLIENT_SECRET)"},
		{"unknown profile", env, []string{"export", "--profile", "prod"}, exitUsage, `profile "prod"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, tc.env, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %q", stdout)
			}
			if lines := strings.Count(strings.TrimSpace(stderr), "\n"); lines > 0 {
				t.Errorf("more than one line: %q", stderr)
			}
			if strings.Contains(stderr, "wrong") && tc.name == "wrong secret" {
				t.Errorf("the secret leaked: %q", stderr)
			}
		})
	}
}

func writeFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func TestConfigProfilesAndPrecedence(t *testing.T) {
	t.Parallel() // independent: its own server
	srv, live := liveServer(t, 50)
	home := t.TempDir()
	secretFile := filepath.Join(home, "demo.secret")
	writeFile(t, secretFile, srv.Secret()+"\n", 0o600)
	cfg := filepath.Join(home, ".config", "konvo", "config.yaml")
	writeFile(t, cfg, `profile: demo
theme: light
keys:
  quit: [q, ctrl+q]
profiles:
  demo:
    host: `+srv.URL()+`
    bot_id: `+srv.Corpus().BotID+`
    client_id: `+srv.ClientID()+`
    client_secret_file: `+secretFile+`
  other:
    host: http://127.0.0.1:1
    client_id: x
    client_secret_env: OTHER_SECRET
`, 0o644)
	env := map[string]string{"HOME": home}
	code, stdout, stderr := cli(t, env, "export", "--session", "showcase-text")
	if code != 0 || !strings.Contains(stdout, `"sessionId":"showcase-text"`) {
		t.Fatalf("profile from the config file: exit %d %s", code, stderr)
	}
	// env over file: KONVO_HOST points elsewhere and wins.
	env["KONVO_HOST"] = "http://127.0.0.1:1"
	if code, _, stderr := cli(t, env, "export", "--session", "showcase-text"); code != exitError || !strings.Contains(stderr, "connection refused") {
		t.Fatalf("env did not override the file: exit %d %s", code, stderr)
	}
	// flag over env.
	if code, _, stderr := cli(t, env, "export", "--host", live["KONVO_HOST"], "--session", "showcase-text"); code != 0 {
		t.Fatalf("flag did not override env: %s", stderr)
	}
	// A profile naming an empty env var says so.
	if code, _, stderr := cli(t, map[string]string{"HOME": home}, "export", "--profile", "other"); code != exitUsage || !strings.Contains(stderr, "$OTHER_SECRET") {
		t.Fatalf("exit %d %s", code, stderr)
	}
}

func TestSecretsMustNotBeReadableByOthers(t *testing.T) {
	t.Parallel() // independent: its own server
	home := t.TempDir()
	cfg := filepath.Join(home, "konvo.yaml")
	writeFile(t, cfg, "profiles:\n  p:\n    client_id: a\n    client_secret: s3cret\n", 0o644)
	code, _, stderr := cli(t, map[string]string{"HOME": home, "KONVO_CONFIG": cfg}, "export", "--profile", "p")
	if code != exitUsage || !strings.Contains(stderr, "chmod 600") || strings.Contains(stderr, "s3cret") {
		t.Fatalf("exit %d %q", code, stderr)
	}
	secret := filepath.Join(home, "secret")
	writeFile(t, secret, "s3cret", 0o640)
	code, _, stderr = cli(t, map[string]string{"HOME": home, "KONVO_CLIENT_ID": "a"}, "export", "--client-secret-file", secret)
	if code != exitUsage || !strings.Contains(stderr, "readable by others") {
		t.Fatalf("exit %d %q", code, stderr)
	}
	// A typo in the config is an error, not a silent default.
	writeFile(t, cfg, "profiles:\n  p:\n    clientid: a\n", 0o600)
	if code, _, stderr := cli(t, map[string]string{"HOME": home, "KONVO_CONFIG": cfg}, "export"); code != exitUsage || !strings.Contains(stderr, "clientid") {
		t.Fatalf("exit %d %q", code, stderr)
	}
}

func TestKeyRebinding(t *testing.T) {
	km := defaultKeyMap()
	if err := applyKeyBindings(&km, map[string][]string{"quit": {"x"}, "help": {}}); err != nil {
		t.Fatal(err)
	}
	if q, h := km.Binding(ui.Quit), km.Binding(ui.Help); q.Keys()[0] != "x" || h.Enabled() || km.Key(ui.Quit) != "x" {
		t.Errorf("rebinding not applied: %v %v", q.Keys(), h.Enabled())
	}
	if err := applyKeyBindings(&km, map[string][]string{"qiut": {"x"}}); err == nil || !strings.Contains(err.Error(), "qiut") {
		t.Errorf("unknown action accepted: %v", err)
	}
	// Every action in the table is re-bindable by its name.
	for _, spec := range ui.DefaultActions() {
		if err := applyKeyBindings(&km, map[string][]string{spec.Name: {"f12"}}); err != nil {
			t.Errorf("%s: %v", spec.Name, err)
		}
	}
}

func TestThemes(t *testing.T) {
	for _, name := range []string{"", "dark", "light", "high-contrast", "plain"} {
		if _, err := themeFor(name, false); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	if th, _ := themeFor("dark", true); !th.Plain {
		t.Error("NO_COLOR did not give the plain theme")
	}
	if _, err := themeFor("neon", false); err == nil {
		t.Error("unknown theme accepted")
	}
}

// TestHelpAndVersion: --help lists every command with an example, on
// stdout, exit 0; --version names the build.
func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := cli(t, nil, "--help")
	for _, want := range []string{"konvo export", "konvo sync", "konvo search", "konvo purge", "konvo demo-server", "--session", "Flags of konvo:", "-offline"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("--help: exit %d", code)
	}
	// A mistyped flag is one line on stderr, nothing on stdout (the whole
	// usage went to stdout).
	for _, args := range [][]string{{"--bogus"}, {"export", "--bogus"}, {"serve", "--bogus"}} {
		code, out, errs := cli(t, nil, args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "--help lists the flags") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	// Each command says what it does before its flags, in lines a
	// terminal of 80 columns shows whole.
	for _, cmd := range []string{"export", "sync", "search", "stats", "import", "purge", "serve"} {
		code, out, _ := cli(t, nil, cmd, "-h")
		lead, _, _ := strings.Cut(out, "Flags of ")
		if code != 0 || !strings.HasPrefix(out, "konvo "+cmd) || strings.Count(lead, "\n") < 3 {
			t.Errorf("konvo %s -h: exit %d, no lead before its flags:\n%s", cmd, code, out)
		}
		for _, l := range strings.Split(lead, "\n") {
			if utf8.RuneCountInString(l) > 79 {
				t.Errorf("konvo %s -h: a line of %d columns: %q", cmd, utf8.RuneCountInString(l), l)
			}
		}
	}
	// Each command lists its own flags: the TUI's look is not export's.
	_, out, _ = cli(t, nil, "export", "-h")
	for _, tuiOnly := range []string{"-theme", "-no-mouse", "-view"} {
		if strings.Contains(out, tuiOnly+" ") || strings.Contains(out, tuiOnly+"\n") {
			t.Errorf("export -h lists %s:\n%s", tuiOnly, out)
		}
	}
	if !strings.Contains(out, "-messages") {
		t.Errorf("export -h lacks -messages:\n%s", out)
	}
	if _, out, _ := cli(t, nil, "-h"); !strings.Contains(out, "-theme") || !strings.Contains(out, "-no-mouse") {
		t.Errorf("konvo -h lacks the TUI's flags")
	}
	if code, out, _ := cli(t, nil, "--version"); code != 0 || !strings.HasPrefix(out, "konvo ") || !strings.Contains(out, "commit") {
		t.Errorf("--version: %d %q", code, out)
	}
}

// TestExportThroughV2: export --messages --messages-api v2 brings the
// transcripts through getMessagesV2 (10,000 messages a call, many
// sessions each), never getMessages, and every message it writes is
// one of the session's; without the flag an export stays on getMessages,
// which alone brings every kind of message.
func TestExportThroughV2(t *testing.T) {
	t.Parallel() // independent: its own server
	srv, env := liveServer(t, 300)
	code, stdout, stderr := cli(t, env, "export", "--messages", "--messages-api", "v2", "--from", "10d", "--rate", "100000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sessions, messages := 0, 0
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var line struct {
			ID       string `json:"sessionId"`
			Messages []struct {
				ID string `json:"_id"`
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatal(err)
		}
		sess, ok := srv.Corpus().Lookup(line.ID)
		if !ok {
			t.Fatalf("exported an unknown session %s", line.ID)
		}
		ids := map[string]bool{}
		for _, m := range srv.Corpus().Transcript(sess) {
			var id struct {
				ID string `json:"_id"`
			}
			_ = json.Unmarshal(m.Raw, &id)
			ids[id.ID] = true
		}
		for _, m := range line.Messages {
			if !ids[m.ID] {
				t.Fatalf("%s: message %q is not the session's", line.ID, m.ID)
			}
		}
		sessions++
		messages += len(line.Messages)
	}
	v1, v2 := srv.CountOp("getMessages", 0), srv.CountOp("getMessagesV2", 0)
	if v1 != 0 || v2 == 0 || v2 > sessions/10 || messages == 0 {
		t.Errorf("%d sessions, %d messages through %d getMessagesV2 and %d getMessages calls", sessions, messages, v2, v1)
	}
	if _, help, _ := cli(t, env, "export", "-h"); !strings.Contains(help, "v1 (the default: every message") {
		t.Errorf("export -h does not say v1 is its default:\n%s", help)
	}
}
