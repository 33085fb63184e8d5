package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
)

// testApp is the whole app over an in-memory Kore.ai server, driven in
// the test's goroutine: each command runs to its message, the message
// goes through Update, until no work is left. No socket, no sleep, and
// the frame is the same on every run.
type testApp struct {
	t   *testing.T
	m   *Model
	srv *koretest.Server
}

// demoWithStore is the demo server in memory and an empty store for it.
func demoWithStore(t *testing.T) (*koretest.Server, *store.Store) {
	t.Helper()
	corpus := koretest.Demo(benchNow)
	srv := koretest.InMemory(koretest.Options{Corpus: corpus, Now: koretest.ClockFrom(benchNow)})
	st, err := store.Open(t.TempDir(), srv.URL(), corpus.BotID, koretest.ClockFrom(benchNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return srv, st
}

func newTestApp(t *testing.T, w, h int) *testApp {
	t.Helper()
	corpus := koretest.Demo(benchNow)
	srv := koretest.InMemory(koretest.Options{Corpus: corpus, Now: koretest.ClockFrom(benchNow)})
	return newTestAppOn(t, srv, w, h, nil)
}

// newTestAppOn is the app over srv, started; with st, it reads through
// the store.
func newTestAppOn(t *testing.T, srv *koretest.Server, w, h int, st *store.Store) *testApp {
	t.Helper()
	a := buildTestApp(t, srv, w, h, st)
	a.run(a.m.Init())
	return a
}

// buildTestApp is newTestAppOn before Init.
func buildTestApp(t *testing.T, srv *koretest.Server, w, h int, st *store.Store, mods ...func(*Options)) *testApp {
	t.Helper()
	corpus := srv.Corpus()
	clock := koretest.ClockFrom(benchNow)
	minter, err := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: corpus.BotID, AccountID: koretest.DemoAccountID,
		Credentials: minter, Limits: api.Limits{PerMinute: 100000}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	d := benchDeps(t)
	src := source.FromClient(c)
	if st != nil {
		src = source.FromStore(&source.Cached{Client: c, St: st, Errs: func(err error) { t.Error(err) }})
	}
	o := Options{
		Source: src, Keys: d.keys, Theme: d.theme, Location: time.UTC, Title: "test",
		Filter: model.Filter{Range: model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}},
		Now:    d.now,
	}
	for _, mod := range mods {
		mod(&o)
	}
	m := New(o)
	t.Cleanup(func() { m.quit() })
	a := &testApp{t: t, m: m, srv: srv}
	a.m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// run carries out a command and every command that follows from it.
// Only the app's own results are fed back: spinner ticks and cursor
// blinks would never end.
func (a *testApp) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			a.run(c)
		}
	case owned:
		_, next := a.m.Update(msg)
		a.run(next)
	}
}

// press sends keys by name ("enter", "esc", or the text of the key).
func (a *testApp) press(keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "space":
			msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		default:
			msg = keyPress(k)
		}
		_, cmd := a.m.Update(msg)
		a.run(cmd)
	}
}

func (a *testApp) typeText(s string) {
	for _, r := range s {
		a.press(string(r))
	}
}

func (a *testApp) frame() string { return ansi.Strip(a.m.View().Content) + "\n" }

// selected is the list's selected row, or the transcript's status line.
func (a *testApp) selected() string {
	for _, l := range strings.Split(a.frame(), "\n") {
		if strings.HasPrefix(l, "▌") {
			return l
		}
	}
	return ""
}

// TestOpeningIsInTheSameUpdate: enter pushes the transcript in the
// Update that handled it, so the next key already goes to the transcript
// (it used to travel as a message, and a j could land on the list).
func TestOpeningIsInTheSameUpdate(t *testing.T) {
	a := newTestApp(t, 100, 30)
	row := a.selected()
	_, _ = a.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // the fetch is not run
	if _, ok := a.m.top().(*transcriptScreen); !ok {
		t.Fatalf("after enter the top screen is %T", a.m.top())
	}
	a.m.Update(keyPress("j"))
	a.m.pop()
	if got := a.selected(); got != row {
		t.Errorf("the list moved under the transcript: %q, was %q", got, row)
	}
}

// TestBackKeepsTheListAsItWas: a lookup and a transcript pushed over the
// list leave its rows, cursor and tab alone, and going back asks nothing.
func TestBackKeepsTheListAsItWas(t *testing.T) {
	a := newTestApp(t, 100, 30)
	a.press("3") // drop-offs
	for range 40 {
		a.press("j")
	}
	before := a.frame()
	a.press(":")
	a.typeText("showcase-everything")
	a.press("enter") // one id, found: the transcript opens in the lookup's place
	if !strings.Contains(a.frame(), "konvo › drop-offs › session showcase-everything") {
		t.Fatalf("breadcrumb:\n%s", a.frame())
	}
	a.press(":") // not a key of the transcript: nothing happens
	a.press("?")
	if !strings.Contains(a.frame(), "konvo › drop-offs › session showcase-… › keys") {
		t.Fatalf("breadcrumb:\n%s", a.frame())
	}
	a.press("esc")
	calls := len(a.srv.Requests())
	a.press("esc")
	if got := a.frame(); got != before {
		t.Errorf("the list changed:\n%s\nwas:\n%s", got, before)
	}
	if n := len(a.srv.Requests()) - calls; n != 0 {
		t.Errorf("going back made %d requests", n)
	}
}

// TestResultsOfAGoneScreenAreDropped: a page for a lookup the user has
// left reaches nobody.
func TestResultsOfAGoneScreenAreDropped(t *testing.T) {
	a := newTestApp(t, 100, 30)
	before := a.frame()
	_, cmd := a.m.Update(keyPress(":"))
	a.run(cmd)
	a.typeText("showcase-voice")
	_, fetch := a.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // held back
	lookup := a.m.top()
	a.press("esc")
	if a.m.top() == lookup {
		t.Fatal("esc did not leave the lookup")
	}
	a.run(fetch) // the lookup's page arrives late
	if got := a.frame(); got != before {
		t.Errorf("a late page of a gone lookup changed the list:\n%s", got)
	}
}

// TestHelpIsAnOverlay: ? shows the keys over the current screen, q there
// closes it rather than quitting, and the screen below is unchanged.
func TestHelpIsAnOverlay(t *testing.T) {
	a := newTestApp(t, 100, 30)
	before := a.frame()
	a.press("?")
	if !strings.Contains(a.frame(), "konvo › all sessions › keys") {
		t.Fatalf("help:\n%s", a.frame())
	}
	a.press("q")
	if got := a.frame(); got != before {
		t.Errorf("after help:\n%s", got)
	}
}

// TestGoldenFrames: the screens at 80x24 and 160x48, as a reader first
// sees them (-update rewrites testdata/frames).
func TestGoldenFrames(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		steps := []struct {
			name string
			keys []string
		}{
			{"sessions", nil},
			{"dropoffs_preview", []string{"3", "j", "p"}},
			{"transcript", []string{":", "showcase-everything", "enter"}},
			{"help", []string{"?"}},
		}
		for _, st := range steps {
			a := newTestApp(t, w, h)
			for _, k := range st.keys {
				if len(k) > 1 && k != "enter" && k != "esc" {
					a.typeText(k)
				} else {
					a.press(k)
				}
			}
			golden(t, fmt.Sprintf("%s_%dx%d.txt", st.name, w, h), a.frame())
		}
	}
}

// TestStoredTranscriptOpensWithNoRequest: a closed session read once
// opens from the local store next time (another run of konvo), says so,
// and r fetches it again from the server.
func TestStoredTranscriptOpensWithNoRequest(t *testing.T) {
	srv, st := demoWithStore(t)
	corpus := srv.Corpus()
	var id string
	for _, s := range corpus.Sessions() {
		if s.End.Before(benchNow.Add(-3*time.Hour)) && s.End.After(benchNow.AddDate(0, 0, -6)) {
			id = s.ID
			break
		}
	}
	open := func(a *testApp) {
		a.press(":")
		a.typeText(id)
		a.press("enter", "enter")
	}
	first := newTestAppOn(t, srv, 100, 30, st)
	open(first)
	if n := srv.CountOp("getMessages", 0); n == 0 {
		t.Fatal("the first read made no request")
	}
	first.m.quit()

	second := newTestAppOn(t, srv, 100, 30, st)
	srv.ResetLog()
	open(second)
	if n := srv.CountOp("getMessages", 0); n != 0 {
		t.Errorf("opening a stored transcript made %d requests", n)
	}
	if f := second.frame(); !strings.Contains(f, "from the local store, fetched just now") {
		t.Errorf("no note that it is stored:\n%s", f)
	}
	second.press("r")
	if n := srv.CountOp("getMessages", 0); n == 0 {
		t.Error("r did not fetch from the server")
	}
}

// TestSearchWhatWasSaid: with a store, enter on "/" lists the sessions
// whose transcripts say the words, says how much of the range is not
// stored, syncs it on one key, and opens a transcript at the match.
func TestSearchWhatWasSaid(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	a := newTestAppOn(t, srv, 120, 30, st)
	a.press("s")
	a.typeText("pending transaction")
	a.press("enter")
	f := a.frame()
	if !strings.Contains(f, "› “pending transaction”") || !strings.Contains(f, "7 days of the range not stored yet: s syncs it") {
		t.Fatalf("before the sync:\n%s", f)
	}
	a.press("s")
	f = a.frame()
	if !strings.Contains(f, "sessions say “pending transaction”") || strings.Contains(f, "not stored yet") {
		t.Fatalf("after the sync:\n%s", f)
	}
	if !strings.Contains(f, "user: ") {
		t.Errorf("the results do not say who said it:\n%s", f)
	}
	if !strings.Contains(selectedRows(f), "showcase@example.com") || !strings.Contains(f, "pending transaction from last Friday") {
		t.Errorf("first hit:\n%s", f)
	}
	a.press("enter")
	f = a.frame()
	if !strings.Contains(f, "› session showcase-everything") || !strings.Contains(f, "match 1 of") {
		t.Errorf("opened:\n%s", f)
	}
	a.press("esc", "esc") // the transcript's search, then the transcript
	if !strings.Contains(a.frame(), "sessions say") {
		t.Errorf("esc did not come back to the results:\n%s", a.frame())
	}
}

// selectedRows are the lines of the frame in the selection's gutter.
func selectedRows(frame string) string {
	var out []string
	for _, l := range strings.Split(frame, "\n") {
		if strings.HasPrefix(l, "▌") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestStoredListShowsAtOnce: with a store, the list of the last run
// shows before the server answers, marked as stored, and the first fresh
// page replaces it, the cursor staying on its session.
func TestStoredListShowsAtOnce(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	newTestAppOn(t, srv, 100, 30, st).m.quit() // the last run

	a := buildTestApp(t, srv, 100, 30, st)
	start := a.m.Init() // the fetches are held back
	a.run(a.m.top().(*sessionsScreen).storedRows(0))
	f := a.frame()
	if !strings.Contains(f, "stored list from just now, refreshing") || !strings.Contains(f, "showcase@example") {
		t.Fatalf("before the server answers:\n%s", f)
	}
	a.press("j", "j")
	row := a.selected()
	a.run(start)
	f = a.frame()
	if strings.Contains(f, "stored list") {
		t.Errorf("the fresh page did not replace the stored rows:\n%s", f)
	}
	if a.selected() != row {
		t.Errorf("the cursor moved off its session: %q, was %q", a.selected(), row)
	}
}

// TestStartAtAnOldSession: --session opens a 20-day-old session at once
// (an id lookup, not a date scan), and esc shows that session's day.
func TestStartAtAnOldSession(t *testing.T) {
	corpus := koretest.Demo(benchNow)
	srv := koretest.InMemory(koretest.Options{Corpus: corpus, Now: koretest.ClockFrom(benchNow)})
	var old *koretest.Session
	for _, s := range corpus.Sessions() {
		if s.Start.Before(benchNow.AddDate(0, 0, -20)) {
			old = s
			break
		}
	}
	a := buildTestApp(t, srv, 100, 30, nil, func(o *Options) { o.Session = old.ID })
	a.run(a.m.Init())
	f := a.frame()
	if !strings.Contains(f, "konvo › all sessions › session "+old.ID) || !strings.Contains(f, "messages") {
		t.Fatalf("did not open %s:\n%s", old.ID, f)
	}
	if reqs := srv.Requests(); len(reqs) == 0 || !strings.Contains(string(reqs[0].Body), old.ID) {
		t.Errorf("the first request was not the id lookup")
	}
	a.press("esc")
	f = a.frame()
	if day := old.Start.Format("Jan 02"); !strings.Contains(f, "konvo › all sessions · "+day+" ·") {
		t.Errorf("esc does not show the session's day (%s):\n%s", day, f)
	}
	if got := selectedRows(f); !strings.Contains(got, old.Start.Format("15:04")) {
		t.Errorf("the cursor is not on the session (%s): %q", old.Start.Format("15:04"), got)
	}
}

// TestExportFromTheTUI: e writes the transcript (.md readable, .json as
// the API sent it), mode 0600, atomically; an existing file is replaced
// only when asked twice; a directory it cannot write to says so and
// keeps the prompt. E writes the rows shown as CSV.
func TestExportFromTheTUI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := newTestApp(t, 100, 30)
	clearInput := tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	save := func(path string) {
		_, _ = a.m.Update(clearInput)
		a.typeText(path)
		a.press("enter")
	}
	a.press(":")
	a.typeText("showcase-oddities")
	a.press("enter")
	a.press("e")
	if f := a.frame(); !strings.Contains(f, "save as: konvo-showcase-oddities.md") {
		t.Fatalf("no prompt with the default name:\n%s", f)
	}
	md := filepath.Join(dir, "t.md")
	save(md)
	data, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(md); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if !strings.HasPrefix(string(data), "# Session showcase-oddities") || !strings.Contains(string(data), "␛[31mred alert") || strings.Contains(string(data), "\x1b") {
		t.Errorf("markdown:\n%s", data)
	}
	if !strings.Contains(a.frame(), "wrote the transcript to "+md) {
		t.Errorf("no note:\n%s", a.frame())
	}
	// Again to the same file: asked first, then replaced by .json content.
	js := filepath.Join(dir, "t.json")
	a.press("e")
	save(js)
	a.press("e")
	save(js)
	if !strings.Contains(a.frame(), "exists: enter again overwrites it") {
		t.Fatalf("no question before overwriting:\n%s", a.frame())
	}
	a.press("enter")
	var msgs []json.RawMessage
	if b, _ := os.ReadFile(js); json.Unmarshal(b, &msgs) != nil || len(msgs) != 9 {
		t.Errorf("json export: %d messages", len(msgs))
	}
	// A directory konvo cannot write to (one that is not there: root
	// can write anywhere else).
	a.press("e")
	save(filepath.Join(dir, "no-such-dir", "x.md"))
	if f := a.frame(); !strings.Contains(f, "not written") || !strings.Contains(f, "save as:") {
		t.Errorf("a failed write:\n%s", f)
	}
	a.press("esc")
	a.press("esc") // back to the list
	a.press("E")
	csvPath := filepath.Join(dir, "rows.csv")
	save(csvPath)
	// Every session of the filter, not the 100 loaded when E was pressed.
	b, _ := os.ReadFile(csvPath)
	l := a.m.top().(*sessionsScreen).list()
	if !l.done || !l.exact || l.total <= 100 {
		t.Fatalf("the list was not loaded whole: %d of %d", l.size(), l.total)
	}
	if lines := strings.Count(string(b), "\n"); !strings.HasPrefix(string(b), "sessionId,start,end,userId") || lines != l.total+1 {
		t.Errorf("csv: %d lines for %d sessions\n%.300s", lines, l.total, b)
	}
	if !strings.Contains(a.frame(), "wrote "+model.Quantity(l.total, "session", "sessions")) {
		t.Errorf("the note does not say how many:\n%s", a.frame())
	}
}

// TestUserHistory: u lists every session of the row's user in the range,
// asked of the server by userId, as a screen; esc comes back; u in a
// transcript does the same.
func TestUserHistory(t *testing.T) {
	a := newTestApp(t, 100, 30)
	a.press("j")
	row := a.selected()
	a.srv.ResetLog()
	a.press("u")
	f := a.frame()
	if !strings.Contains(f, "konvo › all sessions › user u-f270c49b-0182") {
		t.Fatalf("no history screen:\n%s", f)
	}
	reqs := a.srv.Requests()
	if len(reqs) == 0 || !strings.Contains(string(reqs[0].Body), `"userId":"u-f270c49b-0182"`) {
		t.Errorf("the server was not asked by userId: %v", reqs)
	}
	for _, l := range strings.Split(f, "\n")[3:20] {
		if strings.TrimSpace(l) != "" && !strings.Contains(l, "u-f270c49b-0182") && !strings.Contains(l, "end") {
			t.Errorf("a row of another user: %q", l)
		}
	}
	a.press("esc")
	if a.selected() != row {
		t.Errorf("esc did not come back to the row")
	}
	a.press("enter", "u")
	if !strings.Contains(a.frame(), "› session ") || !strings.Contains(a.frame(), "› user u-f270c49b-0182") {
		t.Errorf("u in a transcript:\n%s", a.frame())
	}
}

// TestMarkAndActOnSeveral: space marks a row and moves on; y copies the
// marked ids, E writes the marked sessions; esc clears the marks; space
// in a transcript still pages down.
func TestMarkAndActOnSeveral(t *testing.T) {
	a := newTestApp(t, 100, 30)
	a.press("space", "j", "space")
	f := a.frame()
	if strings.Count(f, "\n *") != 2 {
		t.Fatalf("marks:\n%s", f)
	}
	if !strings.Contains(f, " · 2 marked") {
		t.Errorf("no count of marks:\n%s", f)
	}
	_, cmd := a.m.Update(keyPress("y"))
	if got := fmt.Sprint(cmd()); strings.Count(got, "\n") != 2 {
		t.Errorf("copied %q, want two ids", got)
	}
	csvPath := filepath.Join(t.TempDir(), "marked.csv")
	a.press("E")
	_, _ = a.m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	a.typeText(csvPath)
	a.press("enter")
	if b, _ := os.ReadFile(csvPath); strings.Count(string(b), "\n") != 3 {
		t.Errorf("E wrote %q, want the 2 marked rows", b)
	}
	a.press("esc")
	if strings.Contains(a.frame(), "marked") {
		t.Errorf("esc kept the marks")
	}
	a.press("enter", "space")
	if !strings.Contains(a.frame(), "› session ") {
		t.Errorf("space in a transcript left it")
	}
}

// TestViews: v lists the views, enter shows one on the list with its
// name in the header; a view's narrowing the API cannot do (shorter
// than 30 s) applies to the rows; S saves the list's filter as a view;
// the failed-task view is answered from the store.
func TestViews(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	var saved []model.View
	a := buildTestApp(t, srv, 120, 40, st, func(o *Options) {
		o.SaveView = func(v model.View) error { saved = append(saved, v); return nil }
	})
	a.run(a.m.Init())
	a.press("v")
	f := a.frame()
	for _, want := range []string{"› views", "drop-offs today", "short drop-offs (under 30 s)", "sessions with a failed task", "Drop-off, from today"} {
		if !strings.Contains(f, want) {
			t.Errorf("the views lack %q:\n%s", want, f)
		}
	}
	a.press("j", "j", "enter") // short drop-offs
	f = a.frame()
	if !strings.Contains(f, "konvo › view “short drop-offs (under 30 s)” · drop-offs") {
		t.Fatalf("header:\n%s", f)
	}
	rows := 0
	for _, l := range strings.Split(f, "\n")[3:30] {
		if !strings.Contains(l, "Drop-off") {
			continue
		}
		rows++
		// The duration column reads "29s", "1m15s", "1h06m".
		for _, long := range []string{"1m", "2m", "3m", "4m", "5m", "6m", "7m", "8m", "9m", "h"} {
			if strings.Contains(l[12:22], long) {
				t.Errorf("a session of 30 s or more: %q", l)
			}
		}
	}
	if rows == 0 {
		t.Errorf("no short drop-offs:\n%s", f)
	}
	a.press("S")
	_, _ = a.m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	a.typeText("mine")
	a.press("enter")
	if len(saved) != 1 || saved[0].Name != "mine" || saved[0].Containment != model.DropOff {
		t.Errorf("saved %+v", saved)
	}
	if !strings.Contains(a.frame(), "saved the view “mine”") {
		t.Errorf("no note:\n%s", a.frame())
	}
	// The failed-task view, once the week is stored.
	if err := a.m.d.src.(source.RangeSyncer).SyncRange(context.Background(), model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}, nil); err != nil {
		t.Fatal(err)
	}
	a.press("v", "j", "j", "j", "enter")
	f = a.frame()
	if !strings.Contains(f, "with a failed task") || !strings.Contains(f, "showcase@example.com") {
		t.Errorf("failed-task view:\n%s", f)
	}
}

// TestPrefetchMakesOpeningFree: with a store and an idle budget, the
// transcripts of the closed sessions on screen are fetched ahead in
// batched calls (one per channel on screen), so enter on one of them
// sends no request; sessions still running are not fetched ahead.
func TestPrefetchMakesOpeningFree(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	a := newTestAppOn(t, srv, 100, 30, st)
	calls := srv.CountOp("getMessagesV2", 0)
	channels := map[string]bool{}
	l := a.m.top().(*sessionsScreen).list()
	for i := 0; i < a.m.top().(*sessionsScreen).bodyHeight(); i++ {
		if r, ok := l.at(i); ok && !store.Active(r, benchNow) {
			channels[r.Channel] = true
		}
	}
	if calls == 0 || calls > len(channels) {
		t.Errorf("%d prefetch calls for %d channels on screen", calls, len(channels))
	}
	// The 20th row ended hours ago: open it.
	for range 19 {
		a.press("j")
	}
	srv.ResetLog()
	a.press("enter")
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("opening a prefetched transcript made %d requests", n)
	}
	if f := a.frame(); !strings.Contains(f, "via getMessagesV2") {
		t.Errorf("the note does not say where it came from:\n%s", f)
	}
}

// TestMouse: a click selects a row, a click on the selected row opens
// it, a click on a tab switches to it; NoMouse leaves the mouse alone.
func TestMouse(t *testing.T) {
	a := newTestApp(t, 100, 30)
	click := func(x, y int) {
		_, cmd := a.m.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
		a.run(cmd)
	}
	click(10, tableTop+4)
	if !strings.Contains(a.frame(), "5/100") {
		t.Fatalf("a click did not select the fifth row:\n%s", a.frame())
	}
	click(10, tableTop+4)
	if !strings.Contains(a.frame(), "› session ") {
		t.Fatalf("a click on the selected row did not open it:\n%s", a.frame())
	}
	a.press("esc")
	tabs := strings.Split(a.frame(), "\n")[1]
	click(Width(tabs[:strings.Index(tabs, "Drop-off")]), 1) // in cells, not bytes
	if !strings.Contains(a.frame(), "konvo › drop-offs") {
		t.Errorf("a click on the Drop-off tab:\n%s", a.frame())
	}
	if a.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Error("the mouse is off by default")
	}
	b := buildTestApp(t, a.srv, 100, 30, nil, func(o *Options) { o.NoMouse = true })
	if b.m.View().MouseMode != tea.MouseModeNone {
		t.Error("NoMouse kept the mouse")
	}
}

// TestChannelFilter: the filter form's channel field narrows the rows
// to that channel ("voice": every voice channel), which the API cannot
// filter by; the header says so and the tabs give no server counts.
func TestChannelFilter(t *testing.T) {
	a := newTestApp(t, 120, 40)
	a.press("f")
	for range fieldChannel {
		a.press("tab")
	}
	a.typeText("voice")
	a.press("enter")
	f := a.frame()
	if !strings.Contains(f, "channel=voice") {
		t.Fatalf("no chip:\n%s", f)
	}
	rows := 0
	for _, l := range strings.Split(f, "\n")[3:36] {
		if strings.Contains(l, "today") || strings.Contains(l, "Nov ") {
			rows++
			if !strings.Contains(l, " voice ") {
				t.Errorf("a row of another channel: %q", l)
			}
		}
	}
	if rows == 0 || strings.Contains(f, "Self-service 3") {
		t.Errorf("%d rows, or server counts shown:\n%s", rows, f)
	}
}

// TestExportMarkedWithTranscripts: e on the list writes the marked
// sessions with their transcripts, or every session of the filter.
func TestExportMarkedWithTranscripts(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, 100, 30)
	a.press("e") // nothing marked: every session of the filter
	all := a.m.stack[0].(*sessionsScreen).list()
	if !all.done || !strings.Contains(a.frame(), fmt.Sprintf("save as: konvo-%d-sessions.md", all.total)) {
		t.Errorf("e with nothing marked:\n%s", a.frame())
	}
	a.press("esc")
	a.press("g", "space", "space")
	a.press("e")
	if !strings.Contains(a.frame(), "save as: konvo-2-sessions.md") {
		t.Fatalf("no prompt:\n%s", a.frame())
	}
	path := filepath.Join(t.TempDir(), "two.jsonl")
	_, _ = a.m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	a.typeText(path)
	a.press("enter")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"messages":[`) {
		t.Errorf("export of the marked:\n%.300s", b)
	}
}

// TestPreviewScrolls: the wheel over the preview pane scrolls it, not the
// list.
func TestPreviewScrolls(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.press("p")
	before := a.frame()
	if !strings.Contains(before, "more lines") {
		t.Skip("the preview fits: nothing to scroll")
	}
	_, cmd := a.m.Update(tea.MouseWheelMsg{X: 10, Y: 20, Button: tea.MouseWheelDown})
	a.run(cmd)
	f := a.frame()
	if !strings.Contains(f, "1/100") || f == before || strings.Contains(f, " session       ") {
		t.Errorf("the wheel over the preview:\n%s", f)
	}
}

// TestOffline: from the store alone, no request: the header says so
// early, a stored transcript opens (without offering a reload it cannot
// make), one never stored says how to get it.
func TestOffline(t *testing.T) {
	srv, st := demoWithStore(t)
	corpus := srv.Corpus()
	online := newTestAppOn(t, srv, 100, 30, st) // stores the first page, prefetches the screen
	online.m.quit()
	srv.ResetLog()
	d := benchDeps(t)
	m := New(Options{Source: source.FromOffline(&source.Offline{St: st, Bot: corpus.BotID}), Keys: d.keys, Theme: d.theme, Location: time.UTC,
		Filter: model.Filter{Range: model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}}, Now: d.now, Badge: "offline, data from just now"})
	a := &testApp{t: t, m: m, srv: srv}
	a.m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	a.run(m.Init())
	f := a.frame()
	if !strings.Contains(strings.Split(f, "\n")[0], "offline, data from just now") || !strings.Contains(f, "1/100") {
		t.Fatalf("offline list:\n%s", f)
	}
	for range 20 {
		a.press("j")
	}
	a.press("enter")
	if f := a.frame(); !strings.Contains(f, "from the local store") || strings.Contains(f, "reloads them all") {
		t.Errorf("a stored transcript offline:\n%s", f)
	}
	a.press("esc", "g", "enter") // the first row, still running: never stored
	if f := a.frame(); !strings.Contains(f, "not in the local store") {
		t.Errorf("a transcript never stored, offline:\n%s", f)
	}
	// Search results say what is not stored and how it gets filled, and
	// offer no key that could only answer "konvo is offline".
	a.press("esc", "s")
	a.typeText("balance")
	a.press("enter")
	if f := a.frame(); !strings.Contains(f, "of the range not stored (offline: konvo sync fills it)") || strings.Contains(f, "s sync the gaps") {
		t.Errorf("search results offline:\n%s", f)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("offline made %d requests", n)
	}
}

// TestStartInAView: --view shows the view first; a view the store
// answers opens over the list, which is loaded too.
func TestStartInAView(t *testing.T) {
	a := buildTestApp(t, koretest.InMemory(koretest.Options{Corpus: koretest.Demo(benchNow), Now: koretest.ClockFrom(benchNow)}), 100, 30, nil,
		func(o *Options) { o.View = "drop-offs today" })
	a.run(a.m.Init())
	if f := a.frame(); !strings.Contains(f, "konvo › view “drop-offs today” · drop-offs") {
		t.Errorf("--view drop-offs today:\n%s", f)
	}
	srv, st := demoWithStore(t)
	b := buildTestApp(t, srv, 100, 30, st, func(o *Options) { o.View = "sessions with a failed task" })
	b.run(b.m.Init())
	if f := b.frame(); !strings.Contains(f, "› view “sessions with a failed task”") {
		t.Errorf("--view of failed tasks:\n%s", f)
	}
	b.press("esc")
	if f := b.frame(); !strings.Contains(f, "1/100") {
		t.Errorf("the list under the view was not loaded:\n%s", f)
	}
}
