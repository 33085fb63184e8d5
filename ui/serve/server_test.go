package serve

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/model"
	"konvo/ui"
)

var anchor = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// syncBuffer is a buffer written by the server and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rig is a konvo serve on loopback with generated keys.
type rig struct {
	t        *testing.T
	addr     string
	srv      *Server
	api      *koretest.Server
	client   *api.Client // the one client every engineer's konvo shares
	audit    *syncBuffer
	keysPath string
	keys     map[string]gossh.Signer // by engineer
	lines    map[string]string       // authorized_keys lines
}

func newKey(t *testing.T) gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func startRig(t *testing.T, mod func(*Options)) *rig {
	t.Helper()
	dir := t.TempDir()
	r := &rig{t: t, audit: &syncBuffer{}, keys: map[string]gossh.Signer{}, lines: map[string]string{}, keysPath: filepath.Join(dir, "authorized_keys")}
	for _, name := range []string{"alice@support", "bob@support", "eve@nowhere"} {
		r.keys[name] = newKey(t)
		r.lines[name] = strings.TrimSpace(string(gossh.MarshalAuthorizedKey(r.keys[name].PublicKey()))) + " " + name
	}
	r.writeKeys("alice@support", "bob@support")
	r.api = koretest.InMemory(koretest.Options{Corpus: koretest.Demo(anchor), Now: koretest.ClockFrom(anchor)})
	minter, _ := api.NewMinter(r.api.ClientID(), r.api.Secret(), 0)
	client, err := api.New(api.Options{Host: r.api.URL(), HTTPClient: r.api.HTTPClient(), BotID: r.api.Corpus().BotID,
		Credentials: minter, Limits: api.Limits{PerMinute: 100000}, Now: koretest.ClockFrom(anchor)})
	if err != nil {
		t.Fatal(err)
	}
	r.client = client
	keys, err := ui.NewKeyMap(ui.DefaultActions())
	if err != nil {
		t.Fatal(err)
	}
	src := source.FromClient(client) // one client, one rate budget, for everyone
	o := Options{
		AuthorizedKeys: r.keysPath, HostKey: filepath.Join(dir, "host_ed25519"), Audit: r.audit, Log: io.Discard,
		App: func(Engineer) ui.Options {
			return ui.Options{Source: src, Keys: keys, Theme: ui.PlainTheme(), Location: time.UTC, Title: "test",
				Filter: model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}}, Now: func() time.Time { return anchor }}
		},
	}
	if mod != nil {
		mod(&o)
	}
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.srv, r.addr = srv, l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx, "the test is over")
	})
	return r
}

func (r *rig) writeKeys(names ...string) {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(r.lines[n] + "\n")
	}
	if err := os.WriteFile(r.keysPath, []byte(b.String()), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) dial(auth gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", r.addr, &gossh.ClientConfig{User: "support", Auth: []gossh.AuthMethod{auth},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
}

// term is an SSH session with a PTY, as an engineer's terminal.
type term struct {
	t    *testing.T
	sess *gossh.Session
	in   io.Writer
	out  *syncBuffer
	done chan error
}

func (r *rig) connect(name string, w, h int) *term {
	r.t.Helper()
	c, err := r.dial(gossh.PublicKeys(r.keys[name]))
	if err != nil {
		r.t.Fatalf("%s: %v", name, err)
	}
	r.t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		r.t.Fatal(err)
	}
	tm := &term{t: r.t, sess: sess, out: &syncBuffer{}, done: make(chan error, 1)}
	tm.in, _ = sess.StdinPipe()
	sess.Stdout, sess.Stderr = tm.out, tm.out
	if err := sess.Shell(); err != nil {
		r.t.Fatal(err)
	}
	go func() { tm.done <- sess.Wait() }()
	return tm
}

// waitFor waits until the terminal has shown text.
func (tm *term) waitFor(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(ansi.Strip(tm.out.String()), text) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %q; the terminal got:\n%s", text, ansi.Strip(tm.out.String()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitRaw waits until the terminal has been sent bytes (an escape
// sequence, which waitFor's stripping would hide).
func (tm *term) waitRaw(seq string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(tm.out.String(), seq) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %q", seq)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatal(err)
	}
}

// ended waits for the session to end.
func (tm *term) ended(within time.Duration) {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(within):
		tm.t.Fatalf("the session did not end within %v", within)
	}
}

// records are the audit log's lines.
func (r *rig) records() []Record {
	var out []Record
	sc := bufio.NewScanner(strings.NewReader(r.audit.String()))
	for sc.Scan() {
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			r.t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		out = append(out, rec)
	}
	return out
}

func (r *rig) waitRecord(what string, ok func(Record) bool) Record {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, rec := range r.records() {
			if ok(rec) {
				return rec
			}
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("no audit record of %s in:\n%s", what, r.audit.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestAnEngineerReadsAndQuits: a listed key gets konvo, named in the
// header; opening a transcript and quitting are in the audit log, with
// the key's fingerprint.
func TestAnEngineerReadsAndQuits(t *testing.T) {
	r := startRig(t, nil)
	tm := r.connect("alice@support", 100, 30)
	tm.waitFor("1/100")
	tm.waitFor("alice@support")
	tm.send(":showcase-everything\r")
	tm.waitFor("session showcase-everything")
	tm.send("q")
	tm.ended(5 * time.Second)
	fp := gossh.FingerprintSHA256(r.keys["alice@support"].PublicKey())
	r.waitRecord("alice's connect", func(rec Record) bool {
		return rec.Event == "connect" && rec.Engineer == "alice@support" && rec.Fingerprint == fp && strings.HasPrefix(rec.Fingerprint, "SHA256:") && rec.Remote != ""
	})
	r.waitRecord("the transcript opened", func(rec Record) bool {
		return rec.Event == "open" && rec.Engineer == "alice@support" && rec.Session == "showcase-everything"
	})
	r.waitRecord("alice's disconnect", func(rec Record) bool { return rec.Event == "disconnect" && rec.Engineer == "alice@support" })
	if s := r.audit.String(); strings.Contains(s, r.api.Secret()) {
		t.Error("the audit log holds the secret")
	}
}

// TestOnlyListedKeysGetIn: an unlisted key and a password are refused
// and logged; a key removed from the file is refused next time.
func TestOnlyListedKeysGetIn(t *testing.T) {
	r := startRig(t, nil)
	if _, err := r.dial(gossh.PublicKeys(r.keys["eve@nowhere"])); err == nil {
		t.Fatal("an unlisted key got in")
	}
	eve := gossh.FingerprintSHA256(r.keys["eve@nowhere"].PublicKey())
	r.waitRecord("eve refused", func(rec Record) bool { return rec.Event == "refused" && rec.Fingerprint == eve })
	if _, err := r.dial(gossh.Password("hunter2")); err == nil {
		t.Fatal("a password got in")
	}
	r.waitRecord("the password refused", func(rec Record) bool {
		return rec.Event == "refused" && strings.Contains(rec.Reason, "password")
	})
	if strings.Contains(r.audit.String(), "hunter2") {
		t.Error("the audit log holds the password")
	}
	// bob is in; then his key leaves the file, and he is not.
	c, err := r.dial(gossh.PublicKeys(r.keys["bob@support"]))
	if err != nil {
		t.Fatalf("bob: %v", err)
	}
	c.Close()
	r.writeKeys("alice@support")
	if _, err := r.dial(gossh.PublicKeys(r.keys["bob@support"])); err == nil {
		t.Error("a removed key got in")
	}
}

// TestTwoEngineersAtOnce: two sessions are independent screens over one
// client (one rate budget), and a server shutdown tells both.
func TestTwoEngineersAtOnce(t *testing.T) {
	r := startRig(t, nil)
	alice := r.connect("alice@support", 100, 30)
	bob := r.connect("bob@support", 80, 24)
	alice.waitFor("1/100")
	bob.waitFor("1/100")
	// One budget: every request of both went through the one client. A
	// request may be on its way (the survey scores asked once the list
	// shows): the two counts meet once it is answered.
	deadline := time.Now().Add(5 * time.Second)
	for {
		sent, seen := r.client.Requests(), len(r.api.Requests())
		if sent == seen && seen >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("the shared client sent %d requests, the server saw %d", sent, seen)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	alice.send(":showcase-voice\r")
	alice.waitFor("session showcase-voice")
	bob.send("?")
	bob.waitFor("(? or esc closes)")
	if strings.Contains(ansi.Strip(bob.out.String()), "session showcase-voice") {
		t.Error("alice's transcript showed on bob's screen")
	}
	if strings.Contains(ansi.Strip(alice.out.String()), "(? or esc closes)") {
		t.Error("bob's help showed on alice's screen")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.srv.Shutdown(ctx, "maintenance"); err != nil {
		t.Fatal(err)
	}
	for _, tm := range []*term{alice, bob} {
		tm.ended(5 * time.Second)
		tm.waitFor("konvo serve is shutting down (maintenance)")
	}
}

// TestIdleSessionsAreClosed: a connection with no traffic is closed
// after the idle limit.
func TestIdleSessionsAreClosed(t *testing.T) {
	r := startRig(t, func(o *Options) { o.Idle = 700 * time.Millisecond })
	tm := r.connect("alice@support", 100, 30)
	tm.waitFor("1/100")
	tm.ended(5 * time.Second)
}

// TestHostKeyIsPrivate: the host key made on first start is 0600, and
// the directory it is in is left as it was.
func TestHostKeyIsPrivate(t *testing.T) {
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	keys := filepath.Join(dir, "authorized_keys")
	_ = os.WriteFile(keys, nil, 0o600)
	_, err := New(Options{AuthorizedKeys: keys, HostKey: filepath.Join(dir, "host"), App: func(Engineer) ui.Options { return ui.Options{} }})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "host"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key: %v %v", fi, err)
	}
	if d, _ := os.Stat(dir); d.Mode().Perm() != 0o755 {
		t.Errorf("the key's directory became %v", d.Mode().Perm())
	}
}

// TestLimitsAndNothingOnTheServersDisk: the engineer who does not fit
// under --max-sessions is told so; e in a transcript copies the export
// to the engineer's clipboard (OSC 52) and writes no file; searches,
// copies and exports are in the audit log.
func TestLimitsAndNothingOnTheServersDisk(t *testing.T) {
	r := startRig(t, func(o *Options) { o.MaxSessions = 1 })
	alice := r.connect("alice@support", 100, 30)
	alice.waitFor("1/100")
	bob := r.connect("bob@support", 100, 30)
	bob.waitFor("its limit")
	bob.ended(5 * time.Second)
	r.waitRecord("bob turned away", func(rec Record) bool {
		return rec.Event == "refused" && rec.Engineer == "bob@support" && strings.Contains(rec.Reason, "limit")
	})
	alice.send(":showcase-text\r")
	alice.waitFor("session showcase-text")
	alice.send("e")
	alice.waitRaw("\x1b]52;c;") // OSC 52: to the engineer's clipboard
	if _, err := os.Stat("konvo-showcase-text.md"); err == nil {
		t.Error("an export was written on the server")
	}
	r.waitRecord("the export", func(rec Record) bool {
		return rec.Event == "export" && rec.Engineer == "alice@support" && rec.Session == "showcase-text" && rec.Bytes > 0
	})
	alice.send("u")
	alice.waitFor("user showcase@example.com")
	r.waitRecord("the user looked up", func(rec Record) bool {
		return rec.Event == "history" && rec.Engineer == "alice@support" && strings.Contains(rec.What, "showcase@example.com")
	})
}

// TestConnectionsPerKeyAreLimited: a key that connects too often is
// turned away with the reason.
func TestConnectionsPerKeyAreLimited(t *testing.T) {
	r := startRig(t, func(o *Options) { o.KeyRate = 1 })
	first := r.connect("alice@support", 100, 30)
	first.waitFor("1/100")
	second := r.connect("alice@support", 100, 30)
	second.waitFor("too many connections with this key")
	second.ended(5 * time.Second)
}
