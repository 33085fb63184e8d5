package serve

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/charmbracelet/x/ansi"

	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"konvo/model"
	"konvo/ui"

	gossh "golang.org/x/crypto/ssh"
)

// TestAuthorizedKeysOptions: options on a key were parsed and dropped,
// so from=, no-pty, command=, restrict and expiry-time= all got the full
// TUI. Each is now honoured or refuses the key, with the reason logged.
func TestAuthorizedKeysOptions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		options string
		in      bool
		reason  string
	}{
		{`from="10.9.9.9"`, false, "does not allow 127.0.0.1"},
		{`from="127.0.0.0/8"`, true, ""},
		{`from="127.0.0.*,!127.0.0.1"`, false, "does not allow"},
		{`from="127.0.0.?"`, true, ""},
		{`command="/bin/sh"`, false, "forces a command"},
		{`no-pty`, false, "terminal"},
		{`restrict`, false, "terminal"},
		{`restrict,pty`, true, ""},
		{`expiry-time="20200101"`, false, "expired"},
		{`expiry-time="29991231Z"`, true, ""},
		{`no-port-forwarding,no-agent-forwarding,no-X11-forwarding,permitopen="host:22"`, true, ""},
		{`environment="PATH=/tmp"`, false, "cannot honour"},
		{`cert-authority`, false, "cannot honour"},
	}
	r := startRig(t, nil)
	for _, tc := range cases {
		r.lines["alice@support"] = tc.options + " " + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(r.keys["alice@support"].PublicKey()))) + " alice@support"
		r.writeKeys("alice@support")
		c, err := r.dial(gossh.PublicKeys(r.keys["alice@support"]))
		if c != nil {
			c.Close()
		}
		if (err == nil) != tc.in {
			t.Errorf("%s: let in %v (%v), want %v", tc.options, err == nil, err, tc.in)
			continue
		}
		if !tc.in {
			r.waitRecord("the refusal of "+tc.options, func(rec Record) bool {
				return rec.Event == "refused" && rec.Engineer == "alice@support" && strings.Contains(rec.Reason, tc.reason) && rec.Remote != ""
			})
		}
	}
}

// TestHandshakeDeadlineAndPendingCap: silent TCP connections stayed open
// for the idle limit (or forever), and 200 of them locked a real engineer
// out. They are now closed after the handshake deadline, and past a cap
// per address new ones are closed at once, while a listed key still gets
// in from another address.
func TestHandshakeDeadlineAndPendingCap(t *testing.T) {
	t.Parallel()
	r := startRig(t, func(o *Options) { o.Handshake = 300 * time.Millisecond; o.MaxPerAddr = 4; o.MaxPending = 8 })
	var silent []net.Conn
	for range 12 {
		c, err := net.Dial("tcp", r.addr)
		if err != nil {
			t.Fatal(err)
		}
		silent = append(silent, c)
	}
	// Past the cap, a connection is closed at once, before the server's
	// version line; within it, the server greets.
	closedAtOnce, greeted := 0, -1
	for i, c := range silent {
		_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		n, err := c.Read(make([]byte, 1))
		switch {
		case n > 0:
			greeted = i
		case err != nil && !isTimeout(err):
			closedAtOnce++
		}
	}
	if closedAtOnce != 8 || greeted < 0 {
		t.Errorf("%d of 12 connections closed at once, want the 8 past the cap", closedAtOnce)
	}
	// Within the cap, a silent one is closed at the handshake deadline.
	c := silent[max(greeted, 0)]
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	buf := make([]byte, 512)
	var err error
	for err == nil {
		_, err = c.Read(buf) // the server's version line, then the close
	}
	if isTimeout(err) || time.Since(start) > 2*time.Second {
		t.Errorf("a silent connection stayed past the handshake deadline: %v after %v", err, time.Since(start))
	}
	for _, c := range silent {
		c.Close()
	}
	deadline := time.Now().Add(3 * time.Second)
	for r.srv.gate.Pending() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := r.srv.gate.Pending(); n != 0 {
		t.Errorf("%d places still held at the gate after the connections closed", n)
	}
	tm := r.connect("bob@support", 80, 24)
	tm.waitFor("of")
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestRefusalsRecordNoClientTextAsAnEngineer: a refused password attempt
// was recorded with the login name it offered as the engineer, at any
// size. It is now a login, cut short and made safe.
func TestRefusalsRecordNoClientTextAsAnEngineer(t *testing.T) {
	t.Parallel()
	r := startRig(t, nil)
	login := strings.Repeat("x", 120<<10) + "\x1b[31m"
	_, _ = gossh.Dial("tcp", r.addr, &gossh.ClientConfig{User: login, Auth: []gossh.AuthMethod{gossh.Password("hunter2")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	rec := r.waitRecord("the password refusal", func(rec Record) bool { return rec.Event == "refused" && strings.Contains(rec.Reason, "password") })
	if rec.Engineer != "" {
		t.Errorf("a client's login name was recorded as an engineer: %.40q", rec.Engineer)
	}
	if len(rec.Login) > maxClientText+4 || strings.Contains(rec.Login, "\x1b") || !strings.HasPrefix(rec.Login, "xxx") {
		t.Errorf("login recorded as %d bytes: %.80q", len(rec.Login), rec.Login)
	}
	if len(r.audit.String()) > 8<<10 {
		t.Errorf("one refusal took %d bytes of the audit log", len(r.audit.String()))
	}
}

// failingWriter is an audit log on a full disk.
type failingWriter struct{ fail func() bool }

func (f failingWriter) Write(p []byte) (int, error) {
	if f.fail() {
		return 0, errors.New("no space left on device")
	}
	return len(p), nil
}

// TestAuditFailureRefusesNewConnections: with the disk full, serve kept
// serving with no audit records and said so only at shutdown. A new
// connection is now refused, and the operator told at once.
func TestAuditFailureRefusesNewConnections(t *testing.T) {
	t.Parallel()
	full := make(chan struct{})
	var opLog syncBuffer
	r := startRig(t, func(o *Options) {
		o.Audit = failingWriter{fail: func() bool {
			select {
			case <-full:
				return true
			default:
				return false
			}
		}}
		o.Log = &opLog
	})
	close(full)
	tm := r.connect("alice@support", 80, 24)
	tm.waitFor("cannot write its audit log")
	tm.ended(5 * time.Second)
	if !strings.Contains(opLog.String(), "audit log cannot be written") {
		t.Errorf("the operator was not told: %q", opLog.String())
	}
	if r.srv.AuditErr() == nil {
		t.Error("AuditErr is nil")
	}
}

// TestSlotsAreFreedWhenKonvoEnds: a session that quit konvo kept its
// --max-sessions slot until the SSH connection closed, so sessions on one
// ControlMaster connection locked the next engineer out.
func TestSlotsAreFreedWhenKonvoEnds(t *testing.T) {
	t.Parallel()
	r := startRig(t, func(o *Options) { o.MaxSessions = 2 })
	c, err := r.dial(gossh.PublicKeys(r.keys["alice@support"]))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 5 { // five sessions, one after another, on one connection
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		tm := &term{t: t, sess: sess, out: &syncBuffer{}, done: make(chan error, 1)}
		tm.in, _ = sess.StdinPipe()
		sess.Stdout, sess.Stderr = tm.out, tm.out
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		go func() { tm.done <- sess.Wait() }()
		tm.waitFor("of ")
		if strings.Contains(tm.out.String(), "its limit") {
			t.Fatalf("session %d was refused: slots leaked", i)
		}
		tm.send("q")
		tm.ended(5 * time.Second)
	}
	deadline := time.Now().Add(2 * time.Second)
	for r.srv.Slots() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := r.srv.Slots(); n != 0 {
		t.Errorf("%d slots held after every konvo ended", n)
	}
}

// TestHugeTerminalIsClamped: asking for a 10000x10000 terminal took 3.95
// GB of the shared server. The screen is drawn at most 500x200.
func TestHugeTerminalIsClamped(t *testing.T) {
	r := startRig(t, nil)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tm := r.connect("alice@support", 10000, 10000)
	tm.waitFor("of ")
	tm.send("j")
	time.Sleep(200 * time.Millisecond) // a frame after the key; the heap is what is measured
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 400<<20 {
		t.Errorf("one engineer's 10000x10000 terminal took %d MB", grew>>20)
	}
	if w, h := clampSize(10000, 10000); w != maxWidth || h != maxHeight {
		t.Errorf("clamped to %dx%d", w, h)
	}
	tm.send("q")
	tm.ended(5 * time.Second)
}

// TestEngineersShareNoViews: every connection got the same views slice
// and saving one wrote into it in place, so engineer B saw engineer A's
// view, written from A's goroutine while B's read it. A view saved over
// serve is its engineer's own (kept per key, there on reconnecting), and
// saving under a built-in's name changes no one else's. Run with -race.
func TestEngineersShareNoViews(t *testing.T) {
	// The configured views, one slice handed to every connection, with
	// room to grow, as konvo serve's settings hold them.
	shared := append(make([]model.View, 0, 16), model.BuiltinViews()...)
	r := startRig(t, func(o *Options) {
		app := o.App
		o.App = func(who Engineer) ui.Options {
			u := app(who)
			u.Views = shared
			return u
		}
	})
	alice := r.connect("alice@support", 100, 30)
	bob := r.connect("bob@support", 100, 30)
	alice.waitFor("of ")
	bob.waitFor("of ")
	save := func(tm *term, name string) {
		tm.send("S")
		tm.waitFor("view name:")
		tm.send(strings.Repeat("\x7f", 30) + name + "\r")
		tm.waitFor("saved the view")
	}
	save(alice, "alice only")
	save(alice, "drop-offs today") // over the built-in, for alice
	bob.send("v")
	bob.waitFor("drop-offs today")
	if strings.Contains(bob.out.String(), "alice only") {
		t.Error("bob sees alice's view")
	}
	if strings.Contains(ansi.Strip(bob.out.String()), "all sessions, from the last 7 days") {
		t.Error("bob sees alice's drop-offs today (all sessions), saved over the built-in")
	}
	if shared[0].Name != "drop-offs today" || shared[0].Containment != model.DropOff {
		t.Errorf("the shared configured views were written: %+v", shared[0])
	}
	bob.send("\x1b")
	alice.send("q")
	alice.ended(5 * time.Second)
	again := r.connect("alice@support", 100, 30)
	again.waitFor("of ")
	again.send("v")
	again.waitFor("alice only")
}

// TestRunOwnsListenShutdownAndTheAuditFile: konvo serve's lifecycle is
// the package's: Run opens the audit file (0600, never through a link),
// listens, and on the context's end tells, closes and returns.
func TestRunOwnsListenShutdownAndTheAuditFile(t *testing.T) {
	r := startRig(t, nil) // for its keys and app
	dir := t.TempDir()
	o := r.srv.o
	o.HostKey = filepath.Join(dir, "host")
	audit := filepath.Join(dir, "audit.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// The fingerprint announced is the key an ssh client is shown.
	announced, seen := make(chan string, 1), make(chan string, 1)
	go func() {
		done <- Run(ctx, Config{Addr: "127.0.0.1:0", AuditPath: audit, Options: o, Announce: func(at net.Addr, fp string) {
			announced <- fp
			go func() {
				defer cancel()
				cfg := &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(r.keys["alice@support"])}, Timeout: 5 * time.Second,
					HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
						seen <- gossh.FingerprintSHA256(k)
						return errors.New("enough")
					}}
				if c, err := gossh.Dial("tcp", at.String(), cfg); err == nil {
					c.Close()
				}
			}()
		}})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
	if fp, client := <-announced, <-seen; !strings.HasPrefix(fp, "SHA256:") || fp != client {
		t.Errorf("announced host key %q, the client was shown %q", fp, client)
	}
	if fi, err := os.Stat(audit); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("audit file: %v %v", fi, err)
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(audit, link); err != nil {
		t.Fatal(err)
	}
	var setup *SetupError
	if err := Run(context.Background(), Config{Addr: "127.0.0.1:0", AuditPath: link, Options: o}); !errors.As(err, &setup) {
		t.Errorf("an audit log through a link: %v", err)
	}
}

// TestShutdownBeforeServe: a stop asked for before Serve has taken the
// listener still ends Serve (the library only notices a closed server
// when Accept fails, so a Shutdown first left Serve accepting forever).
func TestShutdownBeforeServe(t *testing.T) {
	r := startRig(t, nil)
	o := r.srv.o
	o.HostKey = filepath.Join(t.TempDir(), "host")
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Shutdown(context.Background(), "stop"); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		l.Close()
		t.Fatal("Serve after Shutdown is still accepting")
	}
}
