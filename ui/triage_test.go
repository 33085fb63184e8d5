package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"

	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/model"
)

// TestEscClosesDetailsFirst: esc after i left the transcript; it closes
// the details, as esc closes the raw view (J), and keeps the place.
func TestEscClosesDetailsFirst(t *testing.T) {
	a := newTestApp(t, 100, 30)
	a.press("enter")
	ts, ok := a.m.top().(*transcriptScreen)
	if !ok {
		t.Fatalf("no transcript: %T", a.m.top())
	}
	a.press("j", "j", "i")
	if !ts.details {
		t.Fatal("i did not show the details")
	}
	row, _ := ts.rowOf(ts.cursor)
	a.press("esc")
	if a.m.top() != ts {
		t.Fatalf("esc left the transcript with its details open")
	}
	if ts.details {
		t.Error("esc did not close the details")
	}
	if again, _ := ts.rowOf(ts.cursor); again != row {
		t.Errorf("the selection moved from row %d to %d", row, again)
	}
	a.press("esc")
	if a.m.top() == ts {
		t.Error("a second esc did not leave")
	}
}

// TestCopyEventsNameTheSession: the audit log's copy events said what was
// copied but not from which session.
func TestCopyEventsNameTheSession(t *testing.T) {
	a := newTestApp(t, 100, 30)
	var events []Event
	a.m.d.onEvent = func(e Event) { events = append(events, e) }
	sel := a.m.top().(*sessionsScreen).list()
	first, _ := sel.at(0)
	a.press("y", "i")     // the list: the row's id
	a.press("enter", "y") // a transcript: the message
	a.press("Y")          // the whole transcript
	var copies []Event
	for _, e := range events {
		if e.Action == "copy" {
			copies = append(copies, e)
		}
	}
	if len(copies) != 3 {
		t.Fatalf("copy events: %+v", events)
	}
	for _, e := range copies {
		if e.Session != first.ID {
			t.Errorf("copy of %q names session %q, want %q", e.What, e.Session, first.ID)
		}
	}
}

// TestGLoadsToTheEnd: G stopped at the last loaded row; it goes to the
// filter's last session, loading the pages between.
func TestGLoadsToTheEnd(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, 100, 30)
	l := a.m.top().(*sessionsScreen).list()
	if l.done {
		t.Fatal("the first page is the whole list: nothing to test")
	}
	a.press("G")
	if !l.done || l.cursor != l.size()-1 || l.size() != l.total {
		t.Fatalf("after G: row %d of %d loaded, %d in all (done %v)", l.cursor+1, l.size(), l.total, l.done)
	}
	if f := a.frame(); !strings.Contains(f, fmt.Sprintf("%d/%d", l.total, l.total)) {
		t.Errorf("the position:\n%s", f)
	}
}

// TestAWalkToTheEndStops: esc while E loads every session stops the walk
// (no further page is asked for) and writes nothing; k ends G's.
func TestAWalkToTheEndStops(t *testing.T) {
	a := newTestApp(t, 100, 30)
	_, held := a.m.Update(keyPress("E")) // the next page, held back
	if !strings.Contains(a.frame(), "loading every session for the export: 100 of") {
		t.Fatalf("no progress:\n%s", a.frame())
	}
	a.press("esc")
	if f := a.frame(); !strings.Contains(f, "stopped loading every session for the export at 100 sessions of") {
		t.Errorf("no word of the stop:\n%s", f)
	}
	a.srv.ResetLog()
	a.run(held)
	if n := len(a.srv.Requests()); n != 1 {
		t.Errorf("after the stop %d requests were made, want the one on its way", n)
	}
	if _, ok := a.m.top().(*sessionsScreen); !ok {
		t.Errorf("a stopped export offered a file: %T", a.m.top())
	}
	_, held = a.m.Update(keyPress("G"))
	a.press("k")
	a.srv.ResetLog()
	a.run(held)
	if n := len(a.srv.Requests()); n != 1 {
		t.Errorf("k did not end G's walk: %d requests", n)
	}
}

// TestPreviewScrollsWithKeys: at 80x24 the preview pane scrolled only
// with the mouse; J and K scroll it (and stop at its ends), and the pane
// says which key shows more.
func TestPreviewScrollsWithKeys(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.press("p")
	before := a.frame()
	if !strings.Contains(before, "more lines: J scrolls") {
		t.Fatalf("the pane does not name its key:\n%s", before)
	}
	a.press("J")
	if f := a.frame(); f == before || !strings.Contains(f, "1/100") {
		t.Errorf("J did not scroll the preview:\n%s", f)
	}
	for range 50 {
		a.press("J")
	}
	a.press("K")
	if f := a.frame(); f == before {
		t.Errorf("K after the end did not scroll back at once:\n%s", f)
	}
	for range 50 {
		a.press("K")
	}
	if f := a.frame(); f != before {
		t.Errorf("K to the top differs from the first view:\n%s", f)
	}
}

// TestSavingRenamingAndDeletingViews: the name prompt offers a
// placeholder rather than text (typing after "my view" saved "my
// viewvip"); views saved from konvo can be renamed and deleted, and
// konvo's own cannot.
func TestSavingRenamingAndDeletingViews(t *testing.T) {
	var saved, deleted []string
	a := buildTestApp(t, koretest.InMemory(koretest.Options{Corpus: koretest.Demo(benchNow), Now: koretest.ClockFrom(benchNow)}), 100, 30, nil, func(o *Options) {
		o.SaveView = func(v model.View) error { saved = append(saved, v.Name); return nil }
		o.DeleteView = func(name string) error { deleted = append(deleted, name); return nil }
	})
	a.run(a.m.Init())
	a.press("S")
	a.typeText("vip")
	a.press("enter")
	a.press("S", "enter") // the placeholder: the view's own name
	if !slices.Equal(saved, []string{"vip", "vip"}) {
		t.Fatalf("saved %q", saved)
	}
	a.press("v")
	a.press("d")
	if f := a.frame(); !strings.Contains(f, "is konvo's own view") {
		t.Errorf("d on a built-in view:\n%s", f)
	}
	a.press("G") // the saved view is last
	a.press("R")
	a.typeText("ours")
	a.press("enter")
	if f := a.frame(); !strings.Contains(f, "renamed “vip” to “ours”") || strings.Contains(f, "▌ vip") {
		t.Errorf("after R:\n%s", f)
	}
	a.press("d")
	if !strings.Contains(a.frame(), "d again deletes “ours”") {
		t.Fatalf("no question before deleting:\n%s", a.frame())
	}
	a.press("d")
	if _, ok := a.m.d.views.find("ours"); ok || !slices.Equal(deleted, []string{"vip", "ours"}) {
		t.Errorf("deleted %q", deleted)
	}
	if !strings.Contains(a.frame(), "deleted the view “ours”") {
		t.Errorf("no note:\n%s", a.frame())
	}
}

// TestStatusAt80Columns: a long note cut the position away and lost its
// own end; the position stays, and the note wraps onto the hint line.
func TestStatusAt80Columns(t *testing.T) {
	th := PlainTheme()
	note := "the transcript of 6b03992dc6c25e8490908d0e is 240 KB, more than terminals take in a copy (about 100 KB); e exports it to a file"
	top, second := statusLines("17/100 · 100 of ≥681", note, th.Warn, "enter open", false, 80)
	if !strings.HasPrefix(top, "17/100") || Width(top) > 80 || Width(second) > 80 {
		t.Errorf("lines:\n%q\n%q", top, second)
	}
	joined := strings.Join(strings.Fields(ansi.Strip(top+" "+second)), " ")
	if !strings.HasSuffix(joined, note) {
		t.Errorf("the note was cut:\n%s", joined)
	}
	// While typing, the second line is the field: the note gives way.
	if _, second := statusLines("17/100", note, th.Warn, "/ typed", true, 80); second != "/ typed" {
		t.Errorf("the field was replaced: %q", second)
	}
	// A short note leaves the hints alone.
	if _, second := statusLines("17/100", "copied", th.Warn, "enter open", false, 80); second != "enter open" {
		t.Errorf("a short note took the hints: %q", second)
	}
}

// TestTranscriptHeaderAt80Columns keeps the date, the duration and the
// count, and notes go at the next key ("reloaded" stayed through 8).
func TestTranscriptHeaderAt80Columns(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.press(":")
	a.typeText("showcase-everything")
	a.press("enter")
	header := strings.Split(a.frame(), "\n")[1]
	for _, want := range []string{"Nov 23 11:51", "15m30s", "62 messages"} {
		if !strings.Contains(header, want) {
			t.Errorf("the header at 80 columns lacks %q: %s", want, header)
		}
	}
	a.press("r")
	if !strings.Contains(a.frame(), "reloaded") {
		t.Fatalf("no note of the reload:\n%s", a.frame())
	}
	a.press("j")
	if strings.Contains(a.frame(), "reloaded") {
		t.Errorf("the note outlived the next key:\n%s", a.frame())
	}
}

// TestFilterThenNavigate: "/" narrows the rows with several terms in any
// order (one plain substring found nothing for "ko whatsapp"), fuzzy
// where it helps; enter keeps the filter and j goes on through the rows
// left (it turned the text into a search of transcripts); the keys stay
// on screen while typing.
func TestFilterThenNavigate(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, 100, 30)
	a.press("G") // every row of the week
	a.press("/")
	if f := a.frame(); !strings.Contains(f, "enter keep the filter") || !strings.Contains(f, "esc clear it") {
		t.Errorf("no keys while typing:\n%s", f)
	}
	a.typeText("whatsapp ko")
	l := a.m.top().(*sessionsScreen).list()
	if l.size() == 0 {
		t.Fatalf("“whatsapp ko” matched nothing:\n%s", a.frame())
	}
	for i := 0; i < l.size(); i++ {
		r, _ := l.at(i)
		if r.Channel != "whatsapp" || !slices.Contains(r.Languages, "ko") {
			t.Errorf("row %d: %s in %v", i, r.Channel, r.Languages)
		}
	}
	n := l.size()
	a.press("enter")
	if _, ok := a.m.top().(*sessionsScreen); !ok {
		t.Fatalf("enter left the list for a %T", a.m.top())
	}
	if f := a.frame(); !strings.Contains(f, "/whatsapp ko") || !strings.Contains(f, fmt.Sprintf("%d shown", n)) {
		t.Errorf("the kept filter is not shown:\n%s", f)
	}
	if n > 1 {
		a.press("j")
		if l.cursor != 1 || l.size() != n {
			t.Errorf("j in the kept filter: row %d of %d", l.cursor+1, l.size())
		}
	}
	// Fuzzy, for words of three letters or more; both orders agree.
	a.press("esc", "/")
	a.typeText("ko whtsp")
	if l.size() != n {
		t.Errorf("“ko whtsp” kept %d rows, “whatsapp ko” %d", l.size(), n)
	}
}

// TestSearchWhatWasSaidHasItsOwnKey: s asks for words said, and says who
// can be named; without a store it is not offered.
func TestSearchWhatWasSaidHasItsOwnKey(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, 100, 30) // no store
	a.press("s")
	if a.m.top().(*sessionsScreen).inputMode != inputNone {
		t.Error("s opened a search with no store to search")
	}
	srv, st := demoWithStore(t)
	b := newTestAppOn(t, srv, 120, 30, st)
	if !strings.Contains(b.frame(), "s what was said") {
		t.Errorf("the hint line does not offer it:\n%s", b.frame())
	}
	b.press("s")
	if f := b.frame(); !strings.Contains(f, "said: ") || !strings.Contains(f, "user: bot: agent:") {
		t.Errorf("no field for what was said:\n%s", f)
	}
}

// TestAUsersHistoryIsTheUsers: u was cut to the list's range ("No
// sessions in Nov 30" while reading one of them); it lists the user's
// sessions as far back as the API keeps them, and what the store holds
// from before, newest first, the cursor on the session u was pressed on.
func TestAUsersHistoryIsTheUsers(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	corpus := srv.Corpus()
	user := "showcase@example.com"
	var theirs []*koretest.Session
	for _, s := range corpus.Sessions() {
		if s.UserID == user {
			theirs = append(theirs, s)
		}
	}
	// One of the user's sessions from long ago, known only to the store.
	old := model.Session{ID: "ancient-1", UserID: user, Start: benchNow.AddDate(0, 0, -45), End: benchNow.AddDate(0, 0, -45).Add(time.Minute),
		Containment: model.DropOff, ContainmentKnown: true, Raw: []byte(`{"sessionId":"ancient-1","userId":"showcase@example.com","containmentType":"dropOff","start_time":"2026-10-09T12:00:00.000Z","end_time":"2026-10-09T12:01:00.000Z"}`)}
	if err := st.PutSessions(context.Background(), []model.Session{old}); err != nil {
		t.Fatal(err)
	}
	a := buildTestApp(t, srv, 120, 40, st, func(o *Options) {
		o.Filter.Range = model.Range{From: benchNow.Add(-2 * time.Hour), To: benchNow} // the last two hours
	})
	a.run(a.m.Init())
	l := a.m.top().(*sessionsScreen).list()
	var from model.Session
	for i := 0; i < l.size(); i++ {
		if r, _ := l.at(i); r.UserID == user {
			from = r
			l.move(i, 10)
			break
		}
	}
	if from.ID == "" {
		t.Fatal("no session of the user in the last two hours")
	}
	a.press("u")
	h, ok := a.m.top().(*historyScreen)
	if !ok {
		t.Fatalf("u opened a %T", a.m.top())
	}
	hl := h.list()
	want := 0
	for _, s := range theirs {
		if !s.Start.Before(benchNow.Add(-historyReach)) {
			want++
		}
	}
	if hl.size() != want+1 {
		t.Errorf("the history holds %d sessions; the API has %d of the user's in its reach, the store 1 more", hl.size(), want)
	}
	if sel, _ := hl.at(hl.cursor); sel.ID != from.ID {
		t.Errorf("the cursor is on %s, not on %s where u was pressed", sel.ID, from.ID)
	}
	if last, _ := hl.at(hl.size() - 1); last.ID != "ancient-1" {
		t.Errorf("the stored older session is not last: %s", last.ID)
	}
	for i := 1; i < hl.size(); i++ {
		a, _ := hl.at(i - 1)
		b, _ := hl.at(i)
		if b.Start.After(a.Start) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if f := a.frame(); !strings.Contains(f, fmt.Sprintf("1 All %d", hl.size())) {
		t.Errorf("the tab counts:\n%s", f)
	}
}

// TestFindByWhatWentWrong: slow voice turns were only in a transcript's
// header, and the failed-task view said "a task failed in this session"
// and opened at the top. The list shows both from the store; a built-in
// view finds slow turns; each opens its transcript where it happened.
func TestFindByWhatWentWrong(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	a := buildTestApp(t, srv, 200, 50, st)
	week := model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}
	if err := a.m.d.src.(source.RangeSyncer).SyncRange(context.Background(), week, nil); err != nil {
		t.Fatal(err)
	}
	a.run(a.m.Init())
	f := a.frame()
	if !strings.Contains(f, "Slow") || !strings.Contains(f, "Failed task") {
		t.Fatalf("no columns of what went wrong:\n%s", f)
	}
	if !strings.Contains(f, "▲") {
		t.Errorf("no slow turn shown in the week's first rows:\n%s", f)
	}
	// The failed-task view names the task and opens at the failure.
	a.press("v")
	for !strings.Contains(selectedRows(a.frame()), "sessions with a failed task") {
		a.press("j")
	}
	a.press("enter")
	f = a.frame()
	// Through getMessagesV2 (the sync's default) records carry no task
	// name: the failure is named by what it said.
	if !strings.Contains(f, "failed: ") || !strings.Contains(f, "payments service is unavailable") || strings.Contains(f, "a task failed in this session") {
		t.Errorf("the failed-task view does not say what failed:\n%s", f)
	}
	found := a.m.top().(*searchScreen).selected()
	if found == nil || found.Seq == 0 {
		t.Fatalf("the first failure is not at a message: %+v", found)
	}
	a.press("enter")
	ts := a.m.top().(*transcriptScreen)
	if ts.cursor != found.Seq {
		t.Errorf("the transcript opened at message %d, the failure is %d", ts.cursor, found.Seq)
	}
	a.press("esc", "esc")
	// The slow voice turns, a built-in view.
	a.press("v")
	for !strings.Contains(selectedRows(a.frame()), "slow voice turns") {
		a.press("j")
	}
	a.press("enter")
	f = a.frame()
	if !strings.Contains(f, "with a voice turn slower than 2.0s") || !strings.Contains(f, "the slowest") {
		t.Fatalf("the slow-turn view:\n%s", f)
	}
	found = a.m.top().(*searchScreen).selected()
	a.press("enter")
	if ts := a.m.top().(*transcriptScreen); found.Seq > 0 && ts.cursor != found.Seq {
		t.Errorf("opened at %d, the slowest turn is %d", ts.cursor, found.Seq)
	}
}

// TestMemoryAcrossRestarts: nothing survived a restart. Transcripts read
// come back in :recent, a star and its note in the starred view, and the
// list as it was left (tab, range, text filter) is what the next start
// resumes; each is kept in the store, per owner.
func TestMemoryAcrossRestarts(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	a := newTestAppOn(t, srv, 120, 40, st)
	a.press("3") // the drop-off tab
	a.press("/")
	a.typeText("whatsapp")
	a.press("enter")
	read, _ := a.m.top().(*sessionsScreen).list().at(0)
	a.press("enter") // read a transcript
	a.press("*")
	a.typeText("double charge, call back")
	a.press("enter")
	if f := a.frame(); !strings.Contains(f, "starred "+read.ID+": double charge") {
		t.Fatalf("no word of the star:\n%s", f)
	}
	a.press("esc")
	a.m.quit()

	// The next start: what the store remembers.
	mem := a.m.d.src.(source.Memory)
	got, err := mem.Recall(context.Background(), "", memState, 0)
	if err != nil || len(got) != 1 {
		t.Fatalf("the list was not remembered: %v %v", got, err)
	}
	var last model.View
	if err := json.Unmarshal(got[0].Value, &last); err != nil {
		t.Fatal(err)
	}
	b := buildTestApp(t, srv, 120, 40, st, func(o *Options) { o.Resume = &last })
	b.run(b.m.Init())
	if f := b.frame(); !strings.Contains(f, "konvo › drop-offs") || !strings.Contains(f, "/whatsapp") {
		t.Errorf("the list was not resumed as left:\n%s", f)
	}
	b.press(":")
	b.typeText("recent")
	b.press("enter")
	if f := b.frame(); !strings.Contains(f, "1 transcript read") || !strings.Contains(selectedRows(f), read.UserID) {
		t.Errorf(":recent after the restart:\n%s", f)
	}
	b.press("esc", "v")
	for !strings.Contains(selectedRows(b.frame()), "starred") {
		b.press("j")
	}
	b.press("enter")
	if f := b.frame(); !strings.Contains(f, "★ double charge, call back") {
		t.Errorf("the starred view lacks the note:\n%s", f)
	}
	// Another engineer's memory (serve) is their own.
	if theirs, _ := mem.Recall(context.Background(), "SHA256:bob", memStar, 0); len(theirs) != 0 {
		t.Errorf("another owner sees %d stars", len(theirs))
	}
}

// TestCommandLine: ":" took only session ids; it runs commands, with
// completion and history.
func TestCommandLine(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	a := newTestAppOn(t, srv, 120, 40, st)
	a.press(":")
	a.typeText("vi")
	a.press("tab") // completes "views"
	a.press("enter")
	if _, ok := a.m.top().(*viewsScreen); !ok {
		t.Fatalf(":vi + tab opened a %T", a.m.top())
	}
	a.press("esc", ":")
	a.typeText("from 3d")
	a.press("enter")
	if f := a.frame(); !strings.Contains(f, rangeLabel(model.Range{From: benchNow.AddDate(0, 0, -3), To: benchNow}, time.UTC, benchNow)) && !strings.Contains(f, "Nov 20") {
		t.Errorf(":from 3d did not set the range:\n%s", f)
	}
	a.press(":")
	a.typeText("user showcase@example.com")
	a.press("enter")
	if h, ok := a.m.top().(*historyScreen); !ok || h.filter.UserID != "showcase@example.com" {
		t.Fatalf(":user opened a %T", a.m.top())
	}
	a.press("esc", ":")
	if a.m.d.commands[0] != "user showcase@example.com" || a.m.d.commands[1] != "from 3d" {
		t.Errorf("history %q", a.m.d.commands)
	}
	a.press("esc", ":")
	a.typeText("q")
	_, cmd := a.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd == nil || !isQuit(cmd) {
		t.Error(":q did not quit")
	}
}

// isQuit reports whether cmd, or a command in its batch, quits.
func isQuit(cmd tea.Cmd) bool {
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil && isQuit(c) {
				return true
			}
		}
	}
	return false
}

// TestPagerOpensAtTheMessage: o opened the pager at the top; it opens at
// the message being read (less, more and vi take "+N"; others get none).
func TestPagerOpensAtTheMessage(t *testing.T) {
	d := benchDeps(t)
	s, msgs := longTranscript(t)
	ts := newTranscriptWith(d, s, msgs[:40])
	ts.resize(100, 30)
	for range 17 {
		ts.key(keyPress("j"))
	}
	env := map[string]string{}
	d.getenv = func(k string) string { return env[k] }
	argv, text := ts.pagerArgs()
	if len(argv) != 3 || argv[0] != "less" || !strings.HasPrefix(argv[2], "+") {
		t.Fatalf("argv %q", argv)
	}
	var n int
	fmt.Sscanf(argv[2], "+%d", &n)
	lines := strings.Split(text, "\n")
	want := msgs[17].Created.In(d.loc).Format("15:04:05") + "  " + speakerName(msgs[17])
	if n < 1 || n > len(lines) || lines[n-1] != want {
		t.Errorf("line %d is %q, want message 18's %q", n, lines[max(n-1, 0)], want)
	}
	env["PAGER"] = "bat --paging=always"
	if argv, _ := ts.pagerArgs(); len(argv) != 2 {
		t.Errorf("a pager that takes no line was given one: %q", argv)
	}
}
