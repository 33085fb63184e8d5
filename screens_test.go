package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/model"
	"konvo/ui"
)

// anchor is "now" when a screen test starts; its clock moves on in real
// time from there, so pacing and spinners behave.
var anchor = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// screen records what the app drew, as plain text, for tests to wait on.
// It wraps the app without changing it.
type screen struct {
	mu     sync.Mutex
	frame  string
	frames int
	check  func(frame string) // called on every frame, if set
}

type probe struct {
	inner tea.Model
	s     *screen
}

func (p probe) Init() tea.Cmd { return p.inner.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.inner.Update(msg)
	p.inner = m
	return p, cmd
}

func (p probe) View() tea.View {
	v := p.inner.View()
	frame := ansi.Strip(v.Content)
	p.s.mu.Lock()
	p.s.frame = frame
	p.s.frames++
	check := p.s.check
	p.s.mu.Unlock()
	if check != nil {
		check(frame)
	}
	return v
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.frame
}

// app is a running konvo UI against a koretest server.
type app struct {
	t   *testing.T
	srv *koretest.Server
	tm  *teatest.TestModel
	scr *screen
}

type appConfig struct {
	server koretest.Options
	w, h   int
	secret string // overrides the server's, to test bad credentials
	filter func(*model.Filter)
	check  func(string)
	// client adjusts the API client's options (credentials, windows).
	client func(*api.Options)
	// spend uses up this many of the server's requests before the start.
	spend int
}

func startApp(t *testing.T, cfg appConfig) *app {
	t.Helper()
	if cfg.server.Corpus == nil {
		cfg.server.Corpus = koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Sessions: 1500, Days: 30, Showcase: true})
	}
	if cfg.server.Now == nil {
		cfg.server.Now = koretest.ClockFrom(anchor)
	}
	srv := koretest.New(cfg.server)
	t.Cleanup(srv.Close)
	srv.SpendBudget(cfg.spend)
	secret := srv.Secret()
	if cfg.secret != "" {
		secret = cfg.secret
	}
	m, _ := api.NewMinter(srv.ClientID(), secret, 0)
	now := koretest.ClockFrom(anchor)
	o := api.Options{Host: srv.URL(), BotID: srv.Corpus().BotID, Credentials: m, Now: now,
		BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond}
	if cfg.client != nil {
		cfg.client(&o)
	}
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := model.ParseRange("", "", anchor, time.UTC)
	f := model.Filter{Range: r}
	if cfg.filter != nil {
		cfg.filter(&f)
	}
	if cfg.w == 0 {
		cfg.w, cfg.h = 100, 30
	}
	scr := &screen{check: cfg.check}
	root := ui.New(ui.Options{Source: source.FromClient(c), Filter: f, Keys: defaultKeyMap(), Theme: ui.PlainTheme(), Location: time.UTC, Title: "test", Now: now})
	tm := teatest.NewTestModel(t, probe{inner: root, s: scr}, teatest.WithInitialTermSize(cfg.w, cfg.h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	a := &app{t: t, srv: srv, tm: tm, scr: scr}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return a
}

// waitFor polls the screen until cond holds, failing after timeout with
// the last frame: tests wait for text, they never sleep and hope.
func (a *app) waitFor(what string, cond func(string) bool, timeout time.Duration) string {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		frame := a.scr.text()
		if cond(frame) {
			return frame
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("timed out waiting for %s; screen:\n%s", what, frame)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (a *app) waitText(s string) string {
	a.t.Helper()
	return a.waitFor(fmt.Sprintf("%q", s), func(f string) bool { return strings.Contains(f, s) }, 10*time.Second)
}

// waitServer polls the server's request log until cond holds.
func (a *app) waitServer(what string, cond func() bool) {
	a.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			var ops []string
			for _, r := range a.srv.Requests() {
				ops = append(ops, fmt.Sprintf("%s %d %.80s", r.Op, r.Status, r.Body))
			}
			a.t.Fatalf("timed out waiting for the server to see %s; it saw:\n%s", what, strings.Join(ops, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitCount waits until the server has answered at least n requests of op.
func (a *app) waitCount(op string, n int) {
	a.t.Helper()
	a.waitServer(fmt.Sprintf("%d %s requests", n, op), func() bool { return a.srv.CountOp(op, 0) >= n })
}

func (a *app) press(keys ...string) {
	for _, k := range keys {
		a.tm.Send(keyMsg(k))
	}
}

// keyMsg builds the key press a terminal would send for a key name.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func (a *app) typeText(s string) { a.tm.Type(s) }

// selectedLine is the table row under the cursor.
func selectedLine(frame string) string {
	for _, l := range strings.Split(frame, "\n") {
		if strings.HasPrefix(l, "▌ ") {
			return l
		}
	}
	return ""
}

// sessionRequests are the getSessions calls that fetch rows (not the
// one-row count queries), with their skip.
func sessionRequests(srv *koretest.Server) []int {
	var skips []int
	for _, r := range srv.Requests() {
		var body struct {
			Skip  int      `json:"skip"`
			Limit int      `json:"limit"`
			IDs   []string `json:"sessionId"`
		}
		_ = json.Unmarshal(r.Body, &body)
		if r.Op == "getSessions" && body.Limit > 1 {
			skips = append(skips, body.Skip)
		}
	}
	return skips
}

func TestScreenNavigationAndTabs(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{})
	a.waitText("1/100 · 100 of")
	a.press("j", "j", "j")
	a.waitText("4/100")
	// Every tab's count arrives, from prefetch-priority count queries (in
	// any order: waiting for the last tab's raced the others').
	want := map[model.Containment]int{}
	r, _ := model.ParseRange("", "", anchor, time.UTC)
	for _, s := range a.srv.Corpus().Sessions() {
		if r.Contains(s.Start) {
			want[model.All]++
			want[s.Containment]++
		}
	}
	var labels []string
	for _, c := range model.Containments {
		labels = append(labels, fmt.Sprintf("%s %s ", c.Label(), count(want[c])))
	}
	a.waitFor("every tab's count", func(f string) bool {
		lines := strings.Split(f, "\n")
		if len(lines) < 2 || strings.Contains(lines[1], "≥") {
			return false
		}
		for _, l := range labels {
			if !strings.Contains(lines[1]+" ", l) {
				return false
			}
		}
		return true
	}, 10*time.Second)
	a.press("3")
	frame := a.waitFor("drop-off rows", func(f string) bool { return strings.Contains(f, "1/") && strings.Contains(selectedLine(f), "Drop-off") }, 10*time.Second)
	for _, l := range strings.Split(frame, "\n")[3:20] {
		if strings.Contains(l, "Self-service") || strings.Contains(l, " Agent ") {
			t.Errorf("a non-drop-off row on the drop-off tab: %q", l)
		}
	}
	a.press("1")
	a.waitText("4/100") // the All tab kept its cursor
	a.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	a.waitText("7/100")
	a.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	a.waitText("4/100")
}

func count(n int) string {
	s := fmt.Sprint(n)
	if n >= 1000 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}

func TestScreenLazyLoadingFiresOnceBeforeTheEnd(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{server: koretest.Options{Faults: koretest.Faults{Latency: 40 * time.Millisecond}}, w: 100, h: 30})
	a.waitText("1/100 · 100 of")
	if skips := sessionRequests(a.srv); len(skips) != 1 {
		t.Fatalf("first screen made %d row requests: %v", len(skips), skips)
	}
	// The body is 25 rows: moving to row 70 is still more than a screen
	// from the end, so nothing more is asked.
	for i := 0; i < 69; i++ {
		a.press("j")
	}
	a.waitText("70/100")
	if skips := sessionRequests(a.srv); len(skips) != 1 {
		t.Fatalf("fetched early: %v", skips)
	}
	// Within a screen of the end: exactly one request for the next page,
	// and it lands before the cursor reaches the last loaded row.
	for i := 0; i < 10; i++ {
		a.press("j")
	}
	a.waitText("80/200")
	if skips := sessionRequests(a.srv); len(skips) != 2 || skips[1] != 100 {
		t.Fatalf("want one request from skip 100, got %v", skips)
	}
}

func TestScreenDropsStaleResults(t *testing.T) {
	t.Parallel() // independent: its own server
	corpus := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Sessions: 1500, Days: 30, Showcase: true})
	a := startApp(t, appConfig{server: koretest.Options{Corpus: corpus, Faults: koretest.Faults{Latency: 250 * time.Millisecond}}})
	a.waitText("1/100")
	a.waitCount("getFeedbackSurveyResponses", 1) // the list's survey scores, asked once it shows
	// Two filters in quick succession: the first one's page arrives after
	// the second was applied and must be dropped.
	a.press("f", "tab", "tab")
	a.typeText("showcase@example.com")
	a.press("enter")
	a.press("f", "tab", "tab")
	for range "showcase@example.com" {
		a.press("backspace")
	}
	a.typeText(corpus.Sessions()[40].UserID)
	a.press("enter")
	a.waitText("user=" + corpus.Sessions()[40].UserID)
	a.waitFor("the second filter's rows", func(f string) bool { return strings.Contains(selectedLine(f), corpus.Sessions()[40].UserID) }, 10*time.Second)
	// Wait until the server is done with every request it got: the first
	// filter's page is answered late, or abandoned when the second filter
	// cancels it (logged as 499), or, on a loaded machine, cancelled
	// before it left the client.
	a.waitServer("every request answered", func() bool { return len(sessionRequests(a.srv)) >= 2 && a.srv.InFlight() == 0 })
	frame := a.scr.text()
	if strings.Contains(frame, "showcase@example.com") {
		t.Fatalf("a stale page was shown:\n%s", frame)
	}
}

func TestScreenFilterEditorAndSearch(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{})
	a.waitText("1/100")
	a.press("f")
	a.waitText("Filter sessions")
	a.typeText("2d")
	a.press("tab", "tab")
	a.typeText("showcase@example.com")
	a.press("enter")
	a.waitText("user=showcase@example.com")
	frame := a.waitFor("only showcase rows", func(f string) bool { return strings.Contains(f, "of 17") }, 10*time.Second)
	for _, l := range strings.Split(frame, "\n")[3:20] {
		if !strings.Contains(l, "showcase@example") {
			t.Fatalf("row of another user: %q in\n%s", l, frame)
		}
	}
	// A bad date keeps the form open with the reason.
	a.press("f")
	a.typeText("xx")
	a.press("enter")
	a.waitText("cannot read date")
	a.press("esc")
	a.waitText("user=showcase@example.com")
	// "/" narrows the loaded rows as you type; esc clears.
	a.press("/")
	a.typeText("ivrvoice")
	frame = a.waitText("2 shown") // the voice showcases; the column says "voice"
	if !strings.Contains(selectedLine(frame), " voice ") {
		t.Errorf("search kept the wrong row: %q", selectedLine(frame))
	}
	a.press("enter", "esc")
	a.waitFor("search cleared", func(f string) bool { return !strings.Contains(f, "shown") }, 5*time.Second)
}

func TestScreenJumpToIDs(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{})
	a.waitText("1/100")
	// Scroll into the second page, so there is a list worth keeping.
	for i := 0; i < 130; i++ {
		a.press("j")
	}
	kept := a.waitText("131/200")
	a.press(":")
	a.typeText("showcase-voice nope-1, showcase-tables")
	a.press("enter")
	frame := a.waitText("not found: nope-1")
	if !strings.Contains(frame, "› lookup of 3 ids") || !strings.Contains(frame, "2/2") && !strings.Contains(frame, "1/2") {
		t.Errorf("lookup screen:\n%s", frame)
	}
	// esc goes back to the list exactly as it was, with no request.
	calls := a.srv.CountOp("getSessions", 0)
	a.press("esc")
	back := a.waitText("131/200")
	// The same row (when, how long, where, who): its Score cell may fill
	// meanwhile, as the range's survey answers arrive.
	if who := func(l string) string { return strings.Join(strings.Fields(l)[:7], " ") }; who(selectedLine(back)) != who(selectedLine(kept)) {
		t.Errorf("cursor moved: %q, was %q", selectedLine(back), selectedLine(kept))
	}
	if n := a.srv.CountOp("getSessions", 0); n != calls {
		t.Errorf("going back made %d requests", n-calls)
	}
}

func TestScreenErrorsInWords(t *testing.T) {
	t.Parallel() // independent: its own server and terminal
	t.Run("bad credentials", func(t *testing.T) {
		a := startApp(t, appConfig{secret: "wrong"})
		a.waitText("refused the credentials (401 Invalid SDK credentials)")
		a.press("?")
		a.waitText("› keys") // still usable
	})
	t.Run("rate limited", func(t *testing.T) {
		a := startApp(t, appConfig{server: koretest.Options{Faults: koretest.Faults{Burst429: 4, RetryAfter: 3 * time.Second}}})
		a.waitText("the rate limit is spent (by konvo or another client), retrying in")
		a.waitText("1/100 · 100 of")
	})
	t.Run("empty range", func(t *testing.T) {
		a := startApp(t, appConfig{filter: func(f *model.Filter) {
			f.Range = model.Range{From: anchor.AddDate(-1, 0, 0), To: anchor.AddDate(-1, 0, 2)}
		}})
		a.waitText("No sessions in")
		a.waitText("Widen the range with f")
	})
}

func TestScreenResize(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{w: 80, h: 24})
	frame := a.waitText("1/100")
	if strings.Contains(frame, "Tags") {
		t.Error("80 columns should leave tags out")
	}
	for _, l := range strings.Split(frame, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
	a.tm.Send(tea.WindowSizeMsg{Width: 200, Height: 50})
	a.waitText("Tags")
	a.press("p")
	a.waitText("session tags")
	a.tm.Send(tea.WindowSizeMsg{Width: 50, Height: 12})
	a.waitFor("narrow layout", func(f string) bool { return !strings.Contains(f, "Tags") && strings.Contains(f, "Start") }, 5*time.Second)
	a.tm.Send(tea.WindowSizeMsg{Width: 12, Height: 3})
	a.waitText("too small")
	a.tm.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	a.waitText("1/100")
}

func TestScreenTranscript(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{w: 100, h: 30})
	a.waitText("1/100")
	a.press(":")
	a.typeText("showcase-everything")
	a.press("enter") // one id, found: its transcript opens at once
	a.waitText("› session showcase-everything")
	a.waitText("1/62 · 62 of 62 messages")
	a.press("/")
	a.typeText("Harbour")
	a.press("enter")
	a.waitText("match 1 of 2 (n/N)") // the bills list
	a.press("n")
	a.waitText("match 2 of 2 (n/N)") // the branch carousel
	a.waitText("card 2 of 5")
	a.press("]")
	a.waitText("● user")
	a.press("G")
	a.waitText("— end of transcript —")
	a.waitText("evil<U+202E>gnp.exe")
	a.press("J")
	a.waitText("raw JSON of ms-showcase-everything-00061")
	a.press("esc")
	a.press("i")
	a.waitText("message id")
	a.press("esc") // closes the details first
	a.waitFor("details closed", func(f string) bool { return !strings.Contains(f, "message id") }, 5*time.Second)
	a.press("esc") // clears the search
	a.waitFor("search cleared", func(f string) bool { return !strings.Contains(f, "(n/N)") && !strings.Contains(f, "· /") }, 5*time.Second)
	a.press("esc") // back on the list, where it was
	a.waitText("1/100")
}

func TestScreenLongTranscriptPagesLazily(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{})
	a.waitText("1/100")
	a.press(":")
	a.typeText("showcase-long-2000")
	a.srv.ResetLog()
	a.press("enter")
	a.waitText("1/100 · 100 of 2,000 messages")
	if n := a.srv.CountOp("getMessages", 0); n != 1 {
		t.Errorf("opening made %d getMessages calls", n)
	}
	for i := 0; i < 90; i++ {
		a.press("j")
	}
	a.waitText("91/200 · 200 of 2,000 messages")
	// Going back and in again keeps the place and asks for nothing.
	calls := a.srv.CountOp("getMessages", 0)
	a.press("esc")
	a.waitText("1/100")
	a.press(":")
	a.typeText("showcase-long-2000")
	a.press("enter")
	a.waitText("91/200 · 200 of 2,000 messages")
	if n := a.srv.CountOp("getMessages", 0); n != calls {
		t.Errorf("re-opening made %d more calls", n-calls)
	}
	// r reloads from the server and comes back to the same message (and,
	// being near the end of what loaded, asks for the next page again).
	a.press("r")
	a.waitText("reloaded")
	a.waitCount("getMessages", calls+2)
	a.waitText("91/200 · 200 of 2,000 messages")
	if n := a.srv.CountOp("getMessages", 0); n != calls+2 {
		t.Errorf("reload made %d calls, want 2", n-calls)
	}
}

func TestScreenLeavingATranscriptMidFetch(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{server: koretest.Options{Faults: koretest.Faults{Latency: 300 * time.Millisecond}}})
	a.waitText("1/100")
	a.press("enter")
	a.waitText("loading messages…")
	a.press("esc") // before the first page arrives
	a.waitText("1/100")
	// Wait until the server has answered, so the page lands while the
	// list is on screen.
	a.waitCount("getMessages", 1)
	a.press("enter")
	a.waitFor("the kept transcript", func(f string) bool { return strings.Contains(f, "● user") || strings.Contains(f, "◇ bot") }, 5*time.Second)
}

// rowsShown matches a status line that counts rows: "412/500 · …".
var rowsShown = regexp.MustCompile(`^[0-9,]+/[0-9,]+ ·`)

// TestHoldingJThroughAThousandSessions holds j at 20 keys a second through
// 1,000 sessions against a server 150 ms away, and checks that no frame
// ever showed a loading row: the next page is always there in time.
func TestHoldingJThroughAThousandSessions(t *testing.T) {
	t.Parallel() // independent: its own server and terminal
	var mu sync.Mutex
	sawLoading := ""
	check := func(frame string) {
		lines := strings.Split(frame, "\n")
		// Only frames with rows count: the first load may show "loading…".
		if len(lines) < 5 || !rowsShown.MatchString(lines[len(lines)-2]) {
			return
		}
		for _, l := range lines[3 : len(lines)-2] {
			if strings.TrimSpace(l) == "loading…" {
				mu.Lock()
				if sawLoading == "" {
					sawLoading = frame
				}
				mu.Unlock()
			}
		}
	}
	// The real pace (20 keys/s, 150 ms latency, 60 requests a minute)
	// took 50 s; every duration here is a tenth of it, so the ratios the
	// test is about (keys per round trip, requests per window) are the
	// same and it takes 5 s.
	const scale = 10
	minute := time.Minute / scale
	a := startApp(t, appConfig{
		server: koretest.Options{PerMinute: 60, Minute: minute, Faults: koretest.Faults{Latency: 150 * time.Millisecond / scale}},
		client: func(o *api.Options) { o.Limits = api.Limits{PerMinute: 60, PerHour: 1800, Minute: minute} },
		check:  check,
		filter: func(f *model.Filter) { f.Range = model.Range{From: anchor.AddDate(0, 0, -30), To: anchor} }})
	a.waitText("1/100")
	tick := time.NewTicker(50 * time.Millisecond / scale)
	defer tick.Stop()
	for i := 0; i < 999; i++ {
		<-tick.C
		a.press("j")
	}
	a.waitText("1000/")
	mu.Lock()
	defer mu.Unlock()
	if sawLoading != "" {
		t.Fatalf("a loading row was shown while scrolling:\n%s", sawLoading)
	}
}

// TestMonkey throws thousands of random keys, resizes (down to 1x1) and
// wheel events at the running app, in every screen it can reach, while
// pages arrive from a faulty server. Bubble Tea turns a panic into a
// failed program, and teatest into a failed test.
func TestMonkey(t *testing.T) {
	t.Parallel() // independent: its own server and terminal
	for _, seed := range []uint64{20261123, 7, 424242} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { monkey(t, seed) })
	}
}

func monkey(t *testing.T, seed uint64) {
	a := startApp(t, appConfig{server: koretest.Options{Faults: koretest.Faults{FailEvery: 7, TruncateEvery: 11, Latency: 5 * time.Millisecond}}})
	a.waitText("1/100")
	keys := []string{"j", "k", "g", "G", "enter", "esc", "tab", "shift+tab", "1", "2", "3", "4", "p", "f", "/", ":", "?", "r", "i", "J", "n", "N", "[", "]", "ctrl+d", "x", "7", "backspace", " "}
	rng := seed
	next := func(n int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int((rng >> 33) % uint64(n))
	}
	for i := 0; i < 4000; i++ {
		switch r := next(100); {
		case r < 5:
			a.tm.Send(tea.WindowSizeMsg{Width: 1 + next(220), Height: 1 + next(70)})
		case r < 8:
			a.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
		default:
			k := keys[next(len(keys))]
			if k == "q" {
				continue
			}
			a.press(k)
		}
		if i%500 == 0 {
			time.Sleep(20 * time.Millisecond) // let pages land mid-stream
		}
	}
	// Back out of whatever form, overlay or screen it ended in; the app
	// must still answer.
	a.tm.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	a.press("esc", "esc", "esc", "esc", "esc", "?")
	a.waitText("› keys")
}

// TestScreenVoiceTranscript reads the IVR showcase through the client:
// the late no-input prompt arrives, latency comes because konvo asks for
// it, and the hand-off is marked.
func TestScreenVoiceTranscript(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{w: 120, h: 40})
	a.waitText("1/100")
	a.press(":")
	a.typeText("showcase-ivr")
	a.press("enter")
	a.waitText("▲ 2 slow turns >2.0s")
	a.waitText("⋯ call started  StartFlow")
	a.press("G")
	frame := a.waitText("We didn't hear anything. Goodbye.")
	for _, want := range []string{"13 of 13 messages", "⋯ call ended  Call Termination Handler"} {
		if !strings.Contains(frame, want) {
			t.Errorf("want %q in\n%s", want, frame)
		}
	}
	a.press("g")
	a.press("]", "]", "]")
	a.waitText("handed over to an agent")
}

// TestScreenReloadWhileLoading: r during the first page used to leave the
// transcript stuck at "100 of 2,000 … cancelled": the cancelled page of
// the old load was taken for the new one's.
func TestScreenReloadWhileLoading(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{w: 100, h: 30, server: koretest.Options{Faults: koretest.Faults{Latency: 60 * time.Millisecond}},
		client: func(o *api.Options) { o.Limits = api.Limits{PerMinute: 100000} }})
	a.waitText("1/100")
	a.press(":")
	a.typeText("showcase-long-2000")
	before := a.srv.CountOp("getMessages", 0)
	a.press("enter")
	a.waitServer("the first page asked for", func() bool { return len(a.srv.Requests()) > 0 && a.srv.CountOp("getMessages", 0) > before })
	a.press("r")
	a.press("G")
	frame := a.waitFor("the last message", func(f string) bool { return strings.Contains(f, "— end of transcript —") }, 20*time.Second)
	if !strings.Contains(frame, "2,000 of 2,000 messages") || strings.Contains(frame, "cancelled") {
		t.Errorf("after the reload:\n%s", frame)
	}
}

// TestScreenKeysAtTheEndAreKept: j pressed on the last loaded row while
// the next page loads used to be dropped; the cursor now moves when the
// rows arrive.
func TestScreenKeysAtTheEndAreKept(t *testing.T) {
	t.Parallel() // independent: its own server
	a := startApp(t, appConfig{w: 100, h: 30, server: koretest.Options{Faults: koretest.Faults{Latency: 400 * time.Millisecond}},
		client: func(o *api.Options) { o.Limits = api.Limits{PerMinute: 100000} }})
	a.waitText("1/100")
	// G reaches the last loaded row and asks for the next page; the j
	// presses land while it is on its way (400 ms).
	a.press("G", "j", "j", "j", "j", "j")
	a.waitText("105/")
}

// TestCopyReachesTheClipboardAsPlainText: Y sends the whole transcript
// through OSC 52, as plain text (no escape sequence from the data), and
// the status line says what was copied and its size; the note goes with
// the next key.
func TestCopyReachesTheClipboardAsPlainText(t *testing.T) {
	t.Parallel()
	a := startApp(t, appConfig{w: 100, h: 30})
	a.waitText("1/100")
	a.press(":")
	a.typeText("showcase-oddities")
	a.press("enter")
	a.waitText("› session showcase-oddities")
	a.waitText("9 of 9 messages")
	a.press("Y")
	a.waitText("copied the transcript (")
	payload := a.clipboard()
	for _, want := range []string{"Session   showcase-oddities", "User      showcase@example.com", "  user\n", "␛[31mred alert", "Alert: a card payment"} {
		if !strings.Contains(payload, want) {
			t.Errorf("the copy lacks %q:\n%s", want, payload)
		}
	}
	if strings.ContainsAny(payload, "\x1b\x07") {
		t.Errorf("the copy carries control characters: %q", payload)
	}
	a.press("j")
	a.waitFor("the note to go", func(f string) bool { return !strings.Contains(f, "copied the transcript") }, 5*time.Second)
}

// clipboard waits for an OSC 52 sequence in the program's output and
// returns its decoded payload.
func (a *app) clipboard() string {
	a.t.Helper()
	var out []byte
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := io.ReadAll(a.tm.Output())
		out = append(out, b...)
		if i := bytes.Index(out, []byte("\x1b]52;c;")); i >= 0 {
			rest := out[i+len("\x1b]52;c;"):]
			if j := bytes.IndexAny(rest, "\x07\x1b"); j >= 0 {
				dec, err := base64.StdEncoding.DecodeString(string(rest[:j]))
				if err != nil {
					a.t.Fatalf("OSC 52 payload is not base64: %v", err)
				}
				return string(dec)
			}
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("no OSC 52 sequence in the output")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
