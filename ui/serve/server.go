package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"konvo/api/source"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/logging"
	"charm.land/wish/v2/ratelimiter"
	"charm.land/wish/v2/recover"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"konvo/model"
	"konvo/ui"
)

// Options configure the service.
type Options struct {
	// AuthorizedKeys lists the engineers' public keys, one per line, the
	// comment naming the engineer. It is read on every connection.
	AuthorizedKeys string
	// HostKey is the server's private key; generated (ed25519, 0600) on
	// first start when missing.
	HostKey string
	// Audit receives the audit log's lines.
	Audit io.Writer
	// Idle closes a connection with no traffic for this long (default
	// 30 min); MaxSessions bounds the engineers connected at once
	// (default 20); KeyRate bounds new connections per key a minute
	// (default 10).
	Idle        time.Duration
	MaxSessions int
	KeyRate     int
	// App is one engineer's konvo: the shared source (masked unless the
	// engineer may unmask), keys, theme… The service adds the context,
	// the engineer's name, the audit hook and the remote mode.
	App func(Engineer) ui.Options
	// Mask masks personal data on every engineer's screens, in their
	// copies, exports and search snippets; nil only when the operator
	// turned masking off. An engineer may unmask one transcript at a time
	// (M, audited) when the key's comment carries UnmaskGrant or
	// MayUnmask says so (the config's list).
	Mask      *model.Masker
	MayUnmask func(Engineer) bool
	// Log is where connections are logged for the operator (default
	// stderr).
	Log io.Writer
	Now func() time.Time
	// Handshake bounds the time from connecting to being let in (default
	// 10 s); MaxPending bounds the connections not yet let in, in all
	// (default 64) and per address (default 8): silent or trickling
	// connections cannot use up the server's descriptors.
	Handshake              time.Duration
	MaxPending, MaxPerAddr int
}

// Server is a running konvo serve.
type Server struct {
	o     Options
	ssh   *ssh.Server
	audit *auditLog

	handlers sync.WaitGroup // the connections being served

	mu     sync.Mutex
	active map[*live]struct{}
	// views are the views each engineer saved, by key fingerprint: an
	// engineer's own, never another's.
	views    map[string][]model.View
	slots    int // engineers running konvo, held from admission to its end
	closing  bool
	shutdown string // why the server is stopping, told to each engineer
	// listeners are the ones Serve is accepting on. Shutdown closes them
	// itself: the library only sees that it was closed when Accept fails,
	// so a Shutdown before Serve had taken its listener left it serving.
	listeners map[net.Listener]struct{}

	gate *gate
}

// live is one connected engineer's app.
type live struct {
	cancel context.CancelFunc
}

type ctxKey struct{}

// New makes the service; Serve starts it on a listener.
func New(o Options) (*Server, error) {
	if o.App == nil {
		return nil, errors.New("serve: no app")
	}
	if _, err := os.Stat(o.AuthorizedKeys); err != nil {
		return nil, fmt.Errorf("authorized keys: %w (list the engineers' public keys there, one per line)", err)
	}
	if err := ensureHostKey(o.HostKey); err != nil {
		return nil, err
	}
	if o.Idle <= 0 {
		o.Idle = 30 * time.Minute
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 20
	}
	if o.KeyRate <= 0 {
		o.KeyRate = 10
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	if o.Audit == nil {
		o.Audit = io.Discard
	}
	if o.Handshake <= 0 {
		o.Handshake = 10 * time.Second
	}
	if o.MaxPending <= 0 {
		o.MaxPending = 64
	}
	if o.MaxPerAddr <= 0 {
		o.MaxPerAddr = 8
	}
	logger := log.NewWithOptions(o.Log, log.Options{ReportTimestamp: true, Prefix: "konvo serve"})
	s := &Server{o: o, active: map[*live]struct{}{}, views: map[string][]model.View{}}
	s.audit = &auditLog{w: o.Audit, now: o.Now, loud: func(err error) {
		logger.Error("the audit log cannot be written: new connections are refused until it can", "err", err)
	}}
	s.gate = &gate{max: o.MaxPending, perAddr: o.MaxPerAddr, handshake: o.Handshake, idle: o.Idle, byAddr: map[string]int{}, refusals: rate.NewLimiter(rate.Every(100*time.Millisecond), 20)}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(o.HostKey),
		wish.WithPublicKeyAuth(s.publicKey),
		// Passwords and keyboard-interactive are refused, and the attempt
		// logged: a listed key is the only way in.
		// The login name is the client's to choose: it is recorded as
		// such, cut short, and never as an engineer.
		wish.WithPasswordAuth(func(ctx ssh.Context, _ string) bool {
			s.audit.write(Record{Event: "refused", Remote: addr(ctx.RemoteAddr()), Reason: "password authentication is not accepted", Login: clientText(ctx.User())})
			return false
		}),
		wish.WithKeyboardInteractiveAuth(func(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool {
			s.audit.write(Record{Event: "refused", Remote: addr(ctx.RemoteAddr()), Reason: "keyboard-interactive authentication is not accepted", Login: clientText(ctx.User())})
			return false
		}),
		ssh.WrapConn(s.gate.admit(s)),
		wish.WithMiddleware(
			// Innermost first: a farewell once the app has ended, the app,
			// then the checks a connection passes on its way in.
			s.farewell,
			bm.MiddlewareWithProgramHandler(s.program),
			activeterm.Middleware(),
			s.limitSessions,
			ratelimiter.Middleware(&keyLimiter{per: rate.Every(time.Minute / time.Duration(o.KeyRate)), burst: o.KeyRate, m: map[string]*rate.Limiter{}}),
			s.connections,
			recover.MiddlewareWithLogger(logger),
			logging.MiddlewareWithLogger(logger),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	// The handshake deadline is the gate's (a timer per waiting
	// connection), not the library's HandshakeTimeout: that one races
	// with its own idle deadline (charm.land/ssh v0.4.2, seen under -race).
	s.ssh = srv
	return s, nil
}

// Serve answers connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		l.Close()
		return nil
	}
	if s.listeners == nil {
		s.listeners = map[net.Listener]struct{}{}
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
	}()
	err := s.ssh.Serve(l)
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing || errors.Is(err, ssh.ErrServerClosed) {
		return nil // the listener closed because we were asked to stop
	}
	return err
}

// Shutdown tells every connected engineer why, ends their apps, waits
// for them to be told (or ctx to end), then closes every connection.
func (s *Server) Shutdown(ctx context.Context, why string) error {
	s.mu.Lock()
	s.closing, s.shutdown = true, why
	for l := range s.active {
		l.cancel()
	}
	for l := range s.listeners {
		l.Close() // no new engineers while the connected ones are told
	}
	s.mu.Unlock()
	s.audit.write(Record{Event: "shutdown", Reason: why})
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	// An SSH client keeps its connection after the session ends; close
	// them, or a shutdown would wait on every engineer's ssh.
	if cerr := s.ssh.Close(); err == nil && cerr != nil && !errors.Is(cerr, ssh.ErrServerClosed) {
		err = cerr
	}
	return err
}

// AuditErr is the first failure to write the audit log, if any.
func (s *Server) AuditErr() error {
	s.audit.mu.Lock()
	defer s.audit.mu.Unlock()
	return s.audit.err
}

// publicKey lets in the keys of the authorized keys file, naming the
// engineer from the key's comment, and logs every refusal.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	who, ok, err := lookupKey(s.o.AuthorizedKeys, key)
	if ok {
		err = checkOptions(who.options, ctx.RemoteAddr(), s.o.Now())
		ok = err == nil
	}
	if !ok {
		reason := "key not in the authorized keys"
		if err != nil {
			reason = err.Error()
		}
		s.audit.write(Record{Event: "refused", Engineer: who.name, Fingerprint: who.fingerprint, Remote: addr(ctx.RemoteAddr()), Login: clientText(ctx.User()), Reason: reason})
		return false
	}
	ctx.SetValue(ctxKey{}, who)
	s.gate.authenticated(ctx)
	return true
}

func whoIs(sess ssh.Session) engineer {
	who, _ := sess.Context().Value(ctxKey{}).(engineer)
	return who
}

// connections logs each connection and its end.
func (s *Server) connections(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		// Counted under the lock that Shutdown sets closing under, so no
		// connection slips in while Shutdown waits for the others.
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			wish.Fatalln(sess, "konvo serve is shutting down; try again in a while")
			return
		}
		s.handlers.Add(1)
		s.mu.Unlock()
		defer s.handlers.Done()
		who, start := whoIs(sess), s.o.Now()
		// No audit record, no access: a connection is let in only once
		// its arrival is written down.
		if err := s.audit.write(Record{Event: "connect", Engineer: who.name, Fingerprint: who.fingerprint, Remote: addr(sess.RemoteAddr())}); err != nil {
			wish.Fatalln(sess, "konvo serve cannot write its audit log, so it lets no one in; tell the operator")
			return
		}
		next(sess)
		s.audit.write(Record{Event: "disconnect", Engineer: who.name, Fingerprint: who.fingerprint, Remote: addr(sess.RemoteAddr()),
			Duration: s.o.Now().Sub(start).Round(time.Second).String()})
	}
}

// limitSessions turns away the engineer who does not fit, saying why. A
// slot is taken under the lock as the engineer is admitted (parallel
// connects cannot pass the limit) and given back when their konvo ends,
// not when the SSH connection closes: one ControlMaster connection
// carries many sessions.
func (s *Server) limitSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.mu.Lock()
		full := s.slots >= s.o.MaxSessions
		closing := s.closing
		if !full && !closing {
			s.slots++
		}
		s.mu.Unlock()
		if full || closing {
			why := fmt.Sprintf("konvo serve has %d engineers connected, its limit; try again in a while", s.o.MaxSessions)
			if closing {
				why = "konvo serve is shutting down; try again in a while"
			}
			who := whoIs(sess)
			s.audit.write(Record{Event: "refused", Engineer: who.name, Fingerprint: who.fingerprint, Remote: addr(sess.RemoteAddr()), Reason: why})
			wish.Fatalln(sess, why)
			return
		}
		defer func() {
			s.mu.Lock()
			s.slots--
			s.mu.Unlock()
		}()
		next(sess)
	}
}

// Slots is how many engineers are running konvo now.
func (s *Server) Slots() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.slots
}

// program makes one engineer's konvo over the connection.
func (s *Server) program(sess ssh.Session) *tea.Program {
	who := whoIs(sess)
	ctx, cancel := context.WithCancel(sess.Context())
	l := &live{cancel: cancel}
	s.mu.Lock()
	s.active[l] = struct{}{}
	s.mu.Unlock()
	go func() {
		<-ctx.Done()
		s.mu.Lock()
		delete(s.active, l)
		s.mu.Unlock()
	}()
	e := Engineer{Name: who.name, Fingerprint: who.fingerprint, Unmask: who.unmask}
	o := s.o.App(e)
	o.MayUnmask = false
	if s.o.Mask != nil && o.Source != nil {
		o.Source = source.Masked(o.Source, s.o.Mask)
		o.MayUnmask = e.Unmask || s.o.MayUnmask != nil && s.o.MayUnmask(e)
	}
	o.Context, o.Remote = ctx, true
	// What konvo remembers (transcripts read, stars) is each engineer's.
	o.Owner = who.fingerprint
	// The configured views are shared read-only; what this engineer
	// saves is kept for their key alone, for as long as the server runs.
	views := slices.Clone(o.Views)
	if views == nil {
		views = model.BuiltinViews()
	}
	s.mu.Lock()
	for _, v := range s.views[who.fingerprint] {
		views = model.PutView(views, v)
	}
	s.mu.Unlock()
	o.Views = views
	o.SaveView = func(v model.View) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.views[who.fingerprint] = model.PutView(s.views[who.fingerprint], v)
		return nil
	}
	o.DeleteView = func(name string) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.views[who.fingerprint] = slices.DeleteFunc(s.views[who.fingerprint], func(v model.View) bool { return strings.EqualFold(v.Name, name) })
		return nil
	}
	o.Title = who.name + " · " + o.Title
	o.Audit = func(e ui.Event) {
		s.audit.write(Record{Event: e.Action, Engineer: who.name, Fingerprint: who.fingerprint, Session: e.Session, Query: e.Query, What: e.What, Bytes: e.Bytes})
	}
	opts := bm.MakeOptions(sess)
	if pty, _, ok := sess.Pty(); ok {
		w, h := clampSize(pty.Window.Width, pty.Window.Height)
		opts = append(opts, tea.WithWindowSize(w, h))
	}
	// This filter replaces MakeOptions' own, so it keeps what that one
	// does (a suspend resumes at once: there is no shell to suspend to).
	opts = append(opts, tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch m := msg.(type) {
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		case tea.WindowSizeMsg:
			m.Width, m.Height = clampSize(m.Width, m.Height)
			return m
		}
		return msg
	}))
	opts = append(opts, tea.WithFPS(ui.FrameRate))
	return tea.NewProgram(ui.New(o), opts...)
}

// The largest screen an engineer's konvo draws: the renderer keeps a cell
// buffer of the terminal's size, so a client asking for 10000x10000 would
// take gigabytes of the shared server. A larger terminal shows konvo at
// this size, top left.
const maxWidth, maxHeight = 500, 200

func clampSize(w, h int) (int, int) {
	return min(max(w, 1), maxWidth), min(max(h, 1), maxHeight)
}

// farewell tells an engineer whose app the server ended why.
func (s *Server) farewell(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.mu.Lock()
		why := s.shutdown
		s.mu.Unlock()
		if why != "" {
			wish.Println(sess, "konvo serve is shutting down ("+why+"); your session has ended.")
		}
		next(sess)
	}
}

// keyLimiter bounds new connections per key (not per address: a team
// behind one NAT shares an address).
type keyLimiter struct {
	mu    sync.Mutex
	per   rate.Limit
	burst int
	m     map[string]*rate.Limiter
}

func (k *keyLimiter) Allow(sess ssh.Session) error {
	who := whoIs(sess)
	k.mu.Lock()
	l, ok := k.m[who.fingerprint]
	if !ok {
		l = rate.NewLimiter(k.per, k.burst)
		k.m[who.fingerprint] = l
	}
	k.mu.Unlock()
	if !l.Allow() {
		return fmt.Errorf("too many connections with this key (%s); try again in a minute", who.fingerprint)
	}
	return nil
}

func addr(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
