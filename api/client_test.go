package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/model"
)

// anchor is "now" when a test starts; the test clock moves on from it in
// real time, so back-off and pacing still pass.
var anchor = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func newServer(t testing.TB, o koretest.Options) *koretest.Server {
	t.Helper()
	if o.Corpus == nil {
		o.Corpus = koretest.Generate(koretest.CorpusOptions{Seed: 7, End: anchor, Sessions: 1200, Days: 35, Showcase: true})
	}
	if o.Now == nil {
		o.Now = koretest.ClockFrom(anchor)
	}
	srv := koretest.InMemory(o)
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t testing.TB, srv *koretest.Server, mod func(*api.Options)) *api.Client {
	t.Helper()
	m, err := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
	if err != nil {
		t.Fatal(err)
	}
	o := api.Options{
		Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: srv.Corpus().BotID, Credentials: m,
		Limits: api.Limits{PerMinute: 100000}, BackoffBase: time.Millisecond, BackoffMax: 20 * time.Millisecond,
		MaxAttempts: 8, Now: koretest.ClockFrom(anchor),
	}
	if mod != nil {
		mod(&o)
	}
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// drain walks a pager to its end.
func drain(t testing.TB, p *api.SessionPager) []model.Session {
	t.Helper()
	var out []model.Session
	for i := 0; ; i++ {
		page, err := p.Next(context.Background())
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		out = append(out, page.Sessions...)
		if page.Done {
			return out
		}
		if i > 10000 {
			t.Fatal("pager does not end")
		}
	}
}

// expected lists the corpus' sessions a filter should return, newest first.
func expected(c *koretest.Corpus, f model.Filter) []string {
	var ids []string
	for _, s := range c.Sessions() {
		if !f.Range.Contains(s.Start) || (f.Containment != model.All && s.Containment != f.Containment) || (f.UserID != "" && s.UserID != f.UserID) {
			continue
		}
		ids = append(ids, s.ID)
	}
	return ids
}

func ids(ss []model.Session) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func sameSet(t *testing.T, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
		if seen[id] == 2 {
			t.Errorf("session %s returned twice", id)
		}
	}
	missing := 0
	for _, id := range want {
		if seen[id] == 0 {
			missing++
			if missing < 5 {
				t.Errorf("session %s missing", id)
			}
		}
	}
	if len(got) != len(want) || missing > 0 {
		t.Fatalf("got %d sessions, want %d (%d missing)", len(got), len(want), missing)
	}
}

func TestSessionsPagerReturnsEachSessionOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	for _, tc := range []struct {
		name string
		f    model.Filter
	}{
		{"31 days, all", model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -31), To: anchor}}},
		{"36 days, drop-off", model.Filter{Containment: model.DropOff, Range: model.Range{From: anchor.AddDate(0, 0, -36), To: anchor.Add(time.Hour)}}},
		{"one day, agent", model.Filter{Containment: model.Agent, Range: model.Range{From: anchor.AddDate(0, 0, -1), To: anchor}}},
		{"empty week", model.Filter{Range: model.Range{From: anchor.AddDate(-1, 0, 0), To: anchor.AddDate(-1, 0, 7)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.Sessions(tc.f)
			perWindow := map[model.Range]int{}
			var got []model.Session
			for {
				page, err := p.Next(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, page.Sessions...)
				if len(page.Sessions) > 0 {
					perWindow[page.Window] = page.WindowTotal
				}
				if page.Done {
					break
				}
			}
			for w, n := range perWindow {
				if want := len(expected(srv.Corpus(), model.Filter{Containment: tc.f.Containment, Range: w})); n != want {
					t.Errorf("window %v: total %d, want %d", w, n, want)
				}
			}
			want := expected(srv.Corpus(), tc.f)
			sameSet(t, ids(got), want)
			if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Start.After(got[j].Start) }) {
				t.Error("not newest first")
			}
			if n, exact := p.Total(); !exact || n != len(want) {
				t.Errorf("total %d (exact %v), want %d", n, exact, len(want))
			}
		})
	}
}

func TestSessionsOnWindowEdges(t *testing.T) {
	t.Parallel()
	corpus := koretest.Generate(koretest.CorpusOptions{Seed: 3, End: anchor, Sessions: 300, Days: 30})
	r := model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}
	windows := r.Windows(model.MaxWindow)
	if len(windows) < 5 {
		t.Fatalf("want several windows, got %d", len(windows))
	}
	var edge []string
	for i, w := range windows {
		for j, at := range []time.Time{w.From, w.To.Add(-time.Millisecond), w.From.Add(time.Millisecond)} {
			if !r.Contains(at) {
				continue
			}
			id := fmt.Sprintf("edge-%d-%d", i, j)
			corpus.Add(koretest.Session{ID: id, UserID: "u-edge", Channel: "rtm", Start: at, End: at.Add(time.Minute), Langs: []string{"en"}, Containment: model.SelfService, Messages: 2})
			edge = append(edge, id)
		}
	}
	srv := newServer(t, koretest.Options{Corpus: corpus})
	c := newClient(t, srv, nil)
	f := model.Filter{Range: r}
	got := ids(drain(t, c.Sessions(f)))
	sameSet(t, got, expected(corpus, f))
	for _, id := range edge {
		found := false
		for _, g := range got {
			found = found || g == id
		}
		if !found {
			t.Errorf("edge session %s lost", id)
		}
	}
}

func TestEveryFaultKnob(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults koretest.Faults
	}{
		{"5xx every 3rd", koretest.Faults{FailEvery: 3}},
		{"429 burst with Retry-After", koretest.Faults{Burst429: 3, RetryAfter: time.Second}},
		{"truncated bodies", koretest.Faults{TruncateEvery: 4}},
		{"latency", koretest.Faults{Latency: 30 * time.Millisecond}},
		{"early token expiry", koretest.Faults{TokenMaxAge: time.Hour}},
		{"all at once", koretest.Faults{FailEvery: 5, TruncateEvery: 7, Burst429: 1, Latency: 5 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, koretest.Options{Faults: tc.faults})
			c := newClient(t, srv, nil)
			if tc.faults.TokenMaxAge > 0 {
				c = clientWithStaleToken(t, srv, tc.faults)
			}
			f := model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -15), To: anchor}}
			start := time.Now()
			got := drain(t, c.Sessions(f))
			sameSet(t, ids(got), expected(srv.Corpus(), f))
			if tc.faults.RetryAfter > 0 && time.Since(start) < tc.faults.RetryAfter {
				t.Errorf("Retry-After not honoured: done in %v", time.Since(start))
			}
			if tc.faults.TokenMaxAge > 0 {
				if n := srv.CountOp("getSessions", http.StatusUnauthorized); n != 1 {
					t.Errorf("%d 401s; want exactly 1 (then a fresh token)", n)
				}
			}
		})
	}
}

// clientWithStaleToken returns a client whose cached token was minted two
// hours ago and has not expired by its own exp claim, then turns on the
// server's early-expiry knob: the server now refuses it, and the client
// must mint a fresh one.
func clientWithStaleToken(t *testing.T, srv *koretest.Server, f koretest.Faults) *api.Client {
	var skew atomic.Int64
	skew.Store(int64(-2 * time.Hour))
	clock := koretest.ClockFrom(anchor)
	m, err := api.NewMinter(srv.ClientID(), srv.Secret(), 3*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: srv.Corpus().BotID, Credentials: m,
		Now: func() time.Time { return clock().Add(time.Duration(skew.Load())) }, BackoffBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(koretest.Faults{})
	if _, err := c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -1), To: anchor}}).Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	skew.Store(0)
	srv.SetFaults(f)
	srv.ResetLog()
	return c
}

func TestExpiredStaticTokenIsAClearError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	tok := srv.Token(anchor.Add(-3*time.Hour), time.Hour)
	c, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: srv.Corpus().BotID, Credentials: api.StaticToken(tok), Now: koretest.ClockFrom(anchor)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -1), To: anchor}}).Next(context.Background())
	var exp *api.ExpiredTokenError
	if !errors.As(err, &exp) || !strings.Contains(err.Error(), "expired at "+anchor.Add(-2*time.Hour).Format("2006-01-02 15:04 UTC")) {
		t.Fatalf("want an expiry error naming the time, got %v", err)
	}
	if strings.Contains(err.Error(), tok) {
		t.Fatal("token leaked into the error")
	}
	// Known to be expired, so never sent.
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests with an expired token, want none", n)
	}
}

func TestAuthFailuresAndSecretsStayOut(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	for _, tc := range []struct{ name, id, secret string }{
		{"wrong secret", srv.ClientID(), "not-the-secret"},
		{"wrong appId", "cs-someone-else", srv.Secret()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := api.NewMinter(tc.id, tc.secret, 0)
			c, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: srv.Corpus().BotID, Credentials: m, Now: koretest.ClockFrom(anchor)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -1), To: anchor}}).Next(context.Background())
			var apiErr *api.APIError
			if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Message != "Invalid SDK credentials" || apiErr.Code != 4002 {
				t.Fatalf("got %v", err)
			}
			tok, _ := m.Token(anchor, false)
			for _, secret := range []string{tc.secret, tok} {
				if strings.Contains(err.Error(), secret) || strings.Contains(fmt.Sprintf("%v %+v %#v", m, m, c), secret) {
					t.Fatal("secret or token leaked")
				}
			}
			// One re-mint, then give up: two requests, not a storm.
			if n := srv.CountOp("getSessions", 401); n != 2 {
				t.Errorf("%d requests for a bad credential, want 2", n)
			}
			srv.ResetLog()
		})
	}
}

func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	t.Parallel()
	for host, ok := range map[string]bool{
		"http://127.0.0.1:8080": true, "http://localhost:1": true, "http://[::1]:9": true, "https://bots.kore.ai": true,
		"http://bots.kore.ai": false, "http://10.0.0.5": false, "ftp://x": false, "bots.kore.ai": false,
		// Short forms a resolver reads as loopback are loopback.
		"http://127.1:8080": true, "http://0x7f.1": true, "http://2130706433": true, "http://localhost.": true,
		"http://127.0.0.1.evil.test": false, "http://128.1": false, "http://0x80.1": false,
	} {
		_, err := api.New(api.Options{Host: host, Credentials: api.StaticToken("t")})
		if (err == nil) != ok {
			t.Errorf("%s: err %v", host, err)
		}
	}
}

func TestAdminScopeAndBotScopeRoutes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	f := model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -2), To: anchor}}
	admin := newClient(t, srv, func(o *api.Options) { o.BotID = "" })
	a := drain(t, admin.Sessions(f))
	bot := newClient(t, srv, nil)
	b := drain(t, bot.Sessions(f))
	sameSet(t, ids(a), ids(b))
	paths := map[string]bool{}
	for _, r := range srv.Requests() {
		paths[r.Path] = true
	}
	if !paths["/api/public/getSessions"] || !paths["/api/public/bot/"+srv.Corpus().BotID+"/getSessions"] {
		t.Errorf("routes used: %v", paths)
	}
	wrong := newClient(t, srv, func(o *api.Options) { o.BotID = "st-nope" })
	if _, err := wrong.Sessions(f).Next(context.Background()); !api.IsStatus(err, 404) {
		t.Errorf("unknown bot: %v", err)
	}
}

func TestFiltersReachTheServer(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	corpus := srv.Corpus()
	user := corpus.Sessions()[len(corpus.Sessions())/2].UserID
	f := model.Filter{UserID: user, Range: model.Range{From: anchor.AddDate(0, 0, -35), To: anchor}}
	sameSet(t, ids(drain(t, c.Sessions(f))), expected(corpus, f))

	tagged := drain(t, c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}, Tags: []model.TagFilter{{Name: "tier", Values: []string{"platinum"}, Type: "user"}}}))
	if len(tagged) == 0 {
		t.Fatal("no platinum sessions")
	}
	for _, s := range tagged {
		if len(s.UserTags) == 0 || s.UserTags[0].Value != "platinum" {
			t.Errorf("%s: tags %v", s.ID, s.UserTags)
		}
	}
	nonInteractive := drain(t, c.Sessions(model.Filter{Type: model.NonInteractive, Range: model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}}))
	for _, s := range nonInteractive {
		if s.Type != model.NonInteractive && s.ContainmentKnown && s.Type != model.AnySessionType {
			t.Errorf("%s is %v", s.ID, s.Type)
		}
	}
}

func TestSessionIDLookup(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	var want []string
	for _, s := range srv.Corpus().Sessions()[:120] {
		want = append(want, s.ID)
	}
	p := c.Sessions(model.Filter{SessionIDs: append(append([]string(nil), want...), "nope-1", "nope-2")})
	got := drain(t, p)
	sameSet(t, ids(got), want)
	if inv := p.Invalid(); len(inv) != 2 {
		t.Errorf("invalid %v", inv)
	}
	if n := srv.CountOp("getSessions", 0); n != 3 {
		t.Errorf("%d requests for 122 ids, want 3 (chunks of 50)", n)
	}
}

func TestOnePagerFetchAtATime(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{Latency: 100 * time.Millisecond}})
	c := newClient(t, srv, nil)
	p := c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -3), To: anchor}})
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() { _, err := p.Next(context.Background()); errs <- err }()
	}
	e1, e2 := <-errs, <-errs
	if !errors.Is(e1, api.ErrBusy) && !errors.Is(e2, api.ErrBusy) {
		t.Fatalf("two fetches ran at once: %v, %v", e1, e2)
	}
}

func TestContextCancelStopsRetries(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{FailEvery: 1}})
	c := newClient(t, srv, func(o *api.Options) {
		o.MaxAttempts, o.BackoffBase, o.BackoffMax = 1000, 50*time.Millisecond, time.Second
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -1), To: anchor}}).Next(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if n := srv.CountOp("getSessions", 0); n > 10 {
		t.Errorf("%d requests in 200 ms: a storm", n)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{FailEvery: 1}})
	c := newClient(t, srv, func(o *api.Options) { o.MaxAttempts = 3 })
	_, err := c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -1), To: anchor}}).Next(context.Background())
	if !api.IsStatus(err, 503) || !strings.Contains(err.Error(), "gave up after 3 tries") {
		t.Fatalf("got %v", err)
	}
	if n := srv.CountOp("getSessions", 0); n != 3 {
		t.Errorf("%d tries", n)
	}
}

// TestWindowEdgesBringAFullPage: at each 7-day window's end a page of
// 2-7 rows used to arrive alone, and the next window's rows needed
// another round trip while the reader waited at the end of the list.
func TestWindowEdgesBringAFullPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	c := newClient(t, srv, nil)
	p := c.Sessions(model.Filter{Range: model.Range{From: anchor.AddDate(0, 0, -30), To: anchor}})
	var sizes []int
	for {
		page, err := p.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.Sessions))
		if page.Done {
			break
		}
	}
	for i, n := range sizes[:len(sizes)-1] {
		if n < 100 {
			t.Errorf("page %d brought %d rows; only the last may bring fewer than 100 (%v)", i, n, sizes)
		}
	}
}
