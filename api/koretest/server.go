// Package koretest is a Kore.ai-compatible server on a real loopback
// listener: getSessions and getMessages as kore-api.md documents them
// (auth, both route scopes, filters, the 7-day rule, paging, the rate
// limit, Kore-shaped errors), a deterministic demo corpus, and knobs that
// inject faults. konvo's demo mode and its tests run against it.
//
// Start one with New, read its URL, Close it:
//
//	srv := koretest.New(koretest.Options{Corpus: koretest.Demo(time.Now())})
//	defer srv.Close()
package koretest

import (
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Default credentials of a server made without any.
const (
	DefaultClientID = "cs-konvo-demo"
	DefaultSecret   = "konvo-demo-secret-not-for-production"
)

// Options configure a Server.
type Options struct {
	Corpus   *Corpus
	ClientID string // the app whose tokens are accepted
	Secret   string // its client secret
	// Algorithm is the app's signing algorithm: HS256 (default), HS512,
	// RS256 or RS512; PublicKey verifies the RS ones.
	Algorithm string
	PublicKey *rsa.PublicKey
	// Limits per bot, like Kore.ai's analytics APIs; zero is unlimited.
	PerMinute, PerHour int
	// Minute is the per-minute window's length (default a minute); tests
	// shrink it with the client's.
	Minute time.Duration
	// MaxSessionPage and MaxMessagePage cap a page (default 1,000 and
	// 100). Kore documents neither: its samples ask for 100 sessions and
	// some clients ask for 1,000, which koretest gives; a page cut short
	// says moreAvailable, as Kore's do. Set 100 to meet a stricter host.
	MaxSessionPage, MaxMessagePage int
	// MaxSessionIDs and MaxV2SessionIDs cap the session ids one
	// getMessages or getMessagesV2 call may name (default 50 and 1,000):
	// Kore documents no cap for either, so a client must find the
	// server's, and meets a 400 past it.
	MaxSessionIDs, MaxV2SessionIDs int
	Faults                         Faults
	// Scopes are the API scopes the app was given (ScopeSessions, …); nil
	// is every scope. A route the app lacks the scope of answers 401
	// "Scope is incorrect", as Kore does.
	Scopes []string
	// Addr to listen on; default a free loopback port.
	Addr string
	Now  func() time.Time
}

// Faults are failures the server injects; change them at run time with
// SetFaults.
type Faults struct {
	Latency time.Duration // added to every response
	// FailEvery makes every Nth request answer 503.
	FailEvery int
	// FailAfter makes every request after the Nth answer 503, for good.
	FailAfter int
	// FailMessagesAfter makes getMessages and getMessagesV2 answer 503
	// for good once that many of them have succeeded: a batch that breaks
	// mid-sync. Switch it while running with SetFaults.
	FailMessagesAfter int
	// Burst429 makes the next N requests answer 429 with RetryAfter.
	Burst429   int
	RetryAfter time.Duration
	// TruncateEvery cuts every Nth successful body in half.
	TruncateEvery int
	// TokenMaxAge rejects tokens issued longer ago than this, as if they
	// had expired early; the client must mint a new one.
	TokenMaxAge time.Duration
	// NoRetryAfter leaves Retry-After out of 429 answers, as Kore.ai does
	// not document sending it.
	NoRetryAfter bool
	// HourlyLimit words 429 answers as the hourly limit.
	HourlyLimit bool
	// RateLimitStatus answers the rate limit with this status instead of
	// 429: Kore documents the messages, not the status they come with.
	RateLimitStatus int
	// RequireJWE refuses every plain JWT as an app that enforces JWE
	// would (the wording of that refusal is not documented).
	RequireJWE bool
	// NeverAnswer holds every request without a byte of answer until the
	// client gives up.
	NeverAnswer bool
	// GzipBomb answers getMessagesV2 with this many bytes of JSON
	// padding, gzipped to almost nothing.
	GzipBomb int

	// The knobs below are hostile servers and hostile data (hostile.go).

	// RedirectTo answers every request with a 307 to this base URL, path
	// and query kept: a client must not follow it with the token.
	RedirectTo string
	// EchoToken answers 401 with the request's token in the error text.
	EchoToken bool
	// Hostile names a payload (HugeWord, DeepNesting, ZeroWidth) that
	// replaces every bot message's text; ZeroWidth also taints user ids.
	Hostile string
	// RepeatPages answers every page after the first with the first
	// page's rows and moreAvailable true, forever.
	RepeatPages bool
	// Unreadable replaces the first entry of every page with a value
	// that is not an object.
	Unreadable bool
	// NoMoreAvailable leaves moreAvailable and total out of getSessions'
	// pages (older hosts, and some clients' reports): a short page is all
	// a client can read the end from, and one cut by the server's own
	// cap looks the same.
	NoMoreAvailable bool
	// MissingField answers 200 without the sessions or messages member.
	MissingField bool
	// OverlapMessages starts every getMessages page after the first this
	// many messages early, so pages overlap.
	OverlapMessages int
	// PrettyJSON indents every response body, records included.
	PrettyJSON bool
	// Oversized answers 200 with a body of this many bytes; with
	// NoContentLength it is streamed without a Content-Length.
	Oversized       int
	NoContentLength bool
}

// StatusClientClosed is logged for a request the client abandoned before
// the answer (nginx's 499).
const StatusClientClosed = 499

// Request is one request the server saw, for tests to inspect; a request
// the client abandoned is logged with StatusClientClosed.
type Request struct {
	Op     string // getSessions or getMessages
	Method string
	Path   string
	Query  string
	Body   json.RawMessage
	Status int
	At     time.Time // when it arrived, by the server's clock
}

// Server is a running Kore-compatible server.
type Server struct {
	opts    Options
	http    *httptest.Server // nil for an in-memory server
	handler http.Handler
	url     string
	now     func() time.Time

	mu     sync.Mutex
	faults Faults
	count  int
	msgOK  int         // message calls answered 200
	sent   []time.Time // accepted requests, for the rate limit
	log    []Request
}

// New starts a server and panics if it cannot listen, like
// httptest.NewServer: the convenient form for tests.
func New(o Options) *Server {
	s, err := Start(o)
	if err != nil {
		panic("koretest: " + err.Error())
	}
	return s
}

// Start starts a server, returning an error if it cannot listen on
// Options.Addr (a free loopback port when empty).
func Start(o Options) (*Server, error) {
	s := build(o)
	addr := o.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("start the Kore.ai test server: %w", err)
	}
	s.http = &httptest.Server{Listener: l, Config: &http.Server{Handler: s.handler}}
	s.http.Start()
	s.url = s.http.URL
	return s, nil
}

// InMemory makes a server that listens on no socket: its HTTPClient
// hands each request straight to the handler. For tests of everything
// above the wire, which need no real connection.
func InMemory(o Options) *Server {
	s := build(o)
	s.url = "http://127.0.0.1:1" // loopback, so the client allows plain http
	return s
}

// HTTPClient is a client that reaches this server: over loopback for a
// started server, in-process for an in-memory one.
func (s *Server) HTTPClient() *http.Client {
	if s.http != nil {
		return s.http.Client()
	}
	return &http.Client{Transport: inProcess{s.handler}}
}

// inProcess serves a request by calling the handler directly.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}

// build fills in the defaults and makes the routes.
func build(o Options) *Server {
	if o.Corpus == nil {
		o.Corpus = Demo(time.Now())
	}
	if o.ClientID == "" {
		o.ClientID = DefaultClientID
	}
	if o.Secret == "" {
		o.Secret = DefaultSecret
	}
	if o.MaxSessionPage <= 0 {
		o.MaxSessionPage = 1000
	}
	if o.MaxMessagePage <= 0 {
		o.MaxMessagePage = 100
	}
	if o.MaxSessionIDs <= 0 {
		o.MaxSessionIDs = 50
	}
	if o.MaxV2SessionIDs <= 0 {
		o.MaxV2SessionIDs = 1000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Minute <= 0 {
		o.Minute = time.Minute
	}
	s := &Server{opts: o, now: o.Now, faults: o.Faults}
	mux := http.NewServeMux()
	for _, prefix := range []string{"/api/public/bot/{bot}/", "/api/public/stream/{bot}/", "/api/public/"} {
		mux.HandleFunc("POST "+prefix+"getSessions", s.guard("getSessions", s.getSessions))
		mux.HandleFunc("POST "+prefix+"getMessages", s.guard("getMessages", s.getMessages))
		mux.HandleFunc("GET "+prefix+"getMessages", s.guard("getMessages", s.getMessages))
		if prefix != "/api/public/" {
			// Kore documents getMessagesV2 per bot only: the admin
			// console's route is unknown, a 404 like any other.
			mux.HandleFunc("POST "+prefix+"getMessagesV2", s.guard("getMessagesV2", s.getMessagesV2))
			mux.HandleFunc("POST "+prefix+"getFeedbackSurveyResponses", s.guard("getFeedbackSurveyResponses", s.getFeedbackSurveyResponses))
			mux.HandleFunc("POST "+prefix+"conversationDetails", s.guard("conversationDetails", s.conversationDetails))
		}
	}
	mux.HandleFunc("GET /agentassist/api/v1/public/{bot}/conversations/sessions/{session}", s.guard("agentSession", s.agentSession))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "No such API: "+r.Method+" "+r.URL.Path, 404)
	})
	s.handler = mux
	return s
}

// URL is the server's base URL, e.g. http://127.0.0.1:40123.
func (s *Server) URL() string { return s.url }

// ClientID and Secret are the credentials the server accepts.
func (s *Server) ClientID() string { return s.opts.ClientID }

// Secret is the client secret the server verifies tokens with.
func (s *Server) Secret() string { return s.opts.Secret }

// Corpus is the data the server serves.
func (s *Server) Corpus() *Corpus { return s.opts.Corpus }

// Close stops the server.
func (s *Server) Close() {
	if s.http != nil {
		s.http.Close()
	}
}

// SetFaults replaces the fault knobs.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// InFlight is how many requests have arrived and are not answered yet
// (nor abandoned): a test waits for 0 before it judges what the client
// made of every answer.
func (s *Server) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count - len(s.log)
}

// CountOp counts logged requests for one operation with the given status
// (0: any status).
func (s *Server) CountOp(op string, status int) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Op == op && (status == 0 || r.Status == status) {
			n++
		}
	}
	return n
}

// ResetLog forgets the requests seen so far.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

const maxLog = 100000

// guard wraps a handler with what every route shares: latency, the
// request log, auth, the rate limit and the injected faults.
func (s *Server) guard(op string, h func(http.ResponseWriter, *http.Request, []byte) int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body := readBody(r)
		s.mu.Lock()
		s.count++
		n, f := s.count, s.faults
		s.mu.Unlock()
		// The request is logged as its status line is written, before any
		// byte reaches the client: a test that has seen a response can
		// count on finding it in the log.
		lw := &loggingWriter{ResponseWriter: w, log: func(status int) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if len(s.log) < maxLog {
				s.log = append(s.log, Request{Op: op, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body, Status: status, At: s.now()})
			}
		}}
		if f.NeverAnswer {
			<-r.Context().Done()
			lw.log(StatusClientClosed)
			return
		}
		if f.Latency > 0 {
			select {
			case <-time.After(f.Latency):
			case <-r.Context().Done():
				// The client gave up; log it as nginx does, 499.
				lw.log(StatusClientClosed)
				return
			}
		}
		var w2 http.ResponseWriter = lw
		if op == "getMessagesV2" && f.GzipBomb > 0 {
			writeGzipBomb(lw, f.GzipBomb)
			return
		}
		if op == "getMessagesV2" {
			var done func()
			w2, done = gzipped(lw, r)
			defer done()
		}
		if status := s.serve(op, n, f, w2, r, body, h); status == http.StatusOK && isMessagesOp(op) {
			s.mu.Lock()
			s.msgOK++
			s.mu.Unlock()
		}
	}
}

func isMessagesOp(op string) bool { return op == "getMessages" || op == "getMessagesV2" }

// loggingWriter calls log once, with the status, when the header is
// written.
type loggingWriter struct {
	http.ResponseWriter
	log    func(status int)
	logged bool
}

func (w *loggingWriter) WriteHeader(status int) {
	if !w.logged {
		w.logged = true
		w.log(status)
	}
	w.ResponseWriter.WriteHeader(status)
}

// Flush lets a handler stream a body without a Content-Length.
func (w *loggingWriter) Flush() {
	if fl, ok := w.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

func (w *loggingWriter) Write(b []byte) (int, error) {
	if !w.logged {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) serve(op string, n int, f Faults, w http.ResponseWriter, r *http.Request, body []byte, h func(http.ResponseWriter, *http.Request, []byte) int) int {
	if f.RedirectTo != "" {
		target := strings.TrimRight(f.RedirectTo, "/") + r.URL.RequestURI()
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
		return http.StatusTemporaryRedirect
	}
	if status, msg, code := s.authorize(r, f); status != 0 {
		if f.EchoToken {
			msg += ": token " + r.Header.Get("auth") + " is not valid for this bot"
		}
		writeError(w, status, msg, code)
		return status
	}
	if !s.hasScope(op) {
		writeError(w, http.StatusUnauthorized, "Scope is incorrect", 401)
		return http.StatusUnauthorized
	}
	if bot := r.PathValue("bot"); bot != "" && bot != s.opts.Corpus.BotID {
		writeError(w, http.StatusNotFound, "Bot not found", 404)
		return http.StatusNotFound
	}
	if wait, limited := s.takeRate(f); limited {
		if !f.NoRetryAfter {
			w.Header().Set("Retry-After", retrySeconds(wait))
		}
		msg := "Rate limit for this API has been reached. Please try again after some time."
		if f.HourlyLimit {
			msg = "Hourly rate limit for this API has been reached. Please try again after some time."
		}
		status := http.StatusTooManyRequests
		if f.RateLimitStatus != 0 {
			status = f.RateLimitStatus
		}
		writeError(w, status, msg, 429)
		return status
	}
	s.mu.Lock()
	msgOK := s.msgOK
	s.mu.Unlock()
	if f.FailEvery > 0 && n%f.FailEvery == 0 || f.FailAfter > 0 && n > f.FailAfter ||
		f.FailMessagesAfter > 0 && isMessagesOp(op) && msgOK >= f.FailMessagesAfter {
		writeError(w, http.StatusServiceUnavailable, "Service temporarily unavailable", 503)
		return http.StatusServiceUnavailable
	}
	if f.Oversized > 0 {
		return writeOversized(w, f.Oversized, !f.NoContentLength)
	}
	if !f.shapes() && (f.TruncateEvery <= 0 || n%f.TruncateEvery != 0) {
		return h(w, r, body)
	}
	if f.RepeatPages {
		body = withSkip(body, 0)
	}
	if f.OverlapMessages > 0 && op == "getMessages" {
		body = overlapped(body, f.OverlapMessages)
	}
	rec := httptest.NewRecorder()
	status := h(rec, r, body)
	out := rec.Body.Bytes()
	if status == http.StatusOK {
		out = f.reshape(op, out)
	}
	if f.TruncateEvery > 0 && n%f.TruncateEvery == 0 {
		out = out[:len(out)/2]
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(out)
	return status
}

// takeRate applies the 429 burst knob and the per-minute and per-hour
// limits, returning how long the client should wait.
func (s *Server) takeRate(f Faults) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.Burst429 > 0 {
		s.faults.Burst429--
		return max(f.RetryAfter, time.Second), true
	}
	now := s.now()
	keep := s.sent[:0]
	for _, t := range s.sent {
		if now.Sub(t) < time.Hour {
			keep = append(keep, t)
		}
	}
	s.sent = keep
	if n := s.opts.PerHour; n > 0 && len(s.sent) >= n {
		return s.sent[len(s.sent)-n].Add(time.Hour).Sub(now), true
	}
	if n := s.opts.PerMinute; n > 0 {
		inMinute := 0
		for _, t := range s.sent {
			if now.Sub(t) < s.opts.Minute {
				inMinute++
			}
		}
		if inMinute >= n {
			return s.sent[len(s.sent)-n].Add(s.opts.Minute).Sub(now), true
		}
	}
	s.sent = append(s.sent, now)
	return 0, false
}

// SpendBudget records n requests as just made by another client of the
// same bot, so konvo meets a budget already used up.
func (s *Server) SpendBudget(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for range n {
		s.sent = append(s.sent, now)
	}
}

func retrySeconds(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	return itoa(max(secs, 1))
}

// ClockFrom is a clock that reads t0 now and moves on in real time: tests
// pin "now" for a corpus while back-off, pacing and token lifetimes still
// see time pass.
func ClockFrom(t0 time.Time) func() time.Time {
	start := time.Now()
	return func() time.Time { return t0.Add(time.Since(start)) }
}
