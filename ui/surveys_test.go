package ui

import (
	"slices"
	"strings"
	"testing"

	"konvo/api/koretest"
	"konvo/model"
)

// TestSurveyScoresAndSummary: the list's Score column shows each
// session's survey as koretest serves it; ":score <=2" lists exactly the
// sessions of the range scored 2 or less; the transcript's header says
// the survey and its comment; S asks for the summary once (a second
// transcript of the session reads it from the store) and shows it.
func TestSurveyScoresAndSummary(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	a := buildTestApp(t, srv, 120, 40, st)
	a.run(a.m.Init())
	ls := a.m.top().(*sessionsScreen)
	if ls.surveys == nil || len(ls.surveys) == 0 {
		t.Fatal("no survey scores arrived")
	}
	if !strings.Contains(a.frame(), " Score ") {
		t.Errorf("no Score column:\n%s", a.frame())
	}
	c := srv.Corpus()
	var low []string
	week := ls.filter.Range
	for _, s := range c.Sessions() {
		if v, ok := c.Survey(s); ok && week.Contains(v.At) && v.Score <= 2 {
			low = append(low, s.ID)
		}
	}
	for _, l := range strings.Split(a.frame(), "\n") {
		if strings.Contains(l, "CSAT") || strings.Contains(l, "NPS") || strings.Contains(l, "like") {
			goto scored
		}
	}
	t.Errorf("no row shows a score:\n%s", a.frame())
scored:
	a.press(":")
	a.typeText("score <=2")
	a.press("enter")
	res, ok := a.m.top().(*lookupScreen)
	if !ok {
		t.Fatalf(":score opened a %T; %s", a.m.top(), a.frame())
	}
	a.press("G") // every page of the ids (50 a request)
	l := res.list()
	var got []string
	for i := 0; i < l.size(); i++ {
		r, _ := l.at(i)
		got = append(got, r.ID)
	}
	slices.Sort(got)
	slices.Sort(low)
	if !slices.Equal(got, low) || len(low) == 0 {
		t.Errorf(":score <=2 lists %d sessions, the corpus scores %d that low", len(got), len(low))
	}
	if !strings.Contains(a.frame(), "score <=2") {
		t.Errorf("the list does not say what it is:\n%s", a.frame())
	}
	a.press("esc")

	// A session with a commented survey: the header says both.
	var with *koretest.Session
	var survey model.Survey
	for _, s := range c.Sessions() {
		if v, ok := c.Survey(s); ok && week.Contains(v.At) && v.Comment != "" && !s.Active {
			with, survey = s, v
			break
		}
	}
	ss, _, _ := c.Decoded(with)
	ts, cmd := a.m.openTranscript(ss)
	a.run(cmd)
	if f := a.frame(); !strings.Contains(f, survey.Label()+" “"+survey.Comment+"”") {
		t.Errorf("the header does not say %s “%s”:\n%s", survey.Label(), survey.Comment, f)
	}
	before := srv.CountOp("conversationDetails", 200)
	a.press("S")
	if !ts.showSummary || !strings.Contains(a.frame(), c.Details(with).Summary[:40]) {
		t.Errorf("S shows no summary:\n%s", a.frame())
	}
	a.press("S")
	if strings.Contains(a.frame(), "Summary") {
		t.Error("a second S hides it")
	}
	a.press("esc")
	a.m.recent = recentTranscripts{} // a new screen for the same session
	ts2, cmd := a.m.openTranscript(ss)
	a.run(cmd)
	a.press("S")
	if !ts2.showSummary || srv.CountOp("conversationDetails", 200)-before != 1 {
		t.Errorf("the summary was asked for %d times, want once", srv.CountOp("conversationDetails", 200)-before)
	}
}

// TestAMissingScopeIsOneLine: an app without the Feedback Analytics
// scope shows no Score column and one line naming the scope, never an
// error screen.
func TestAMissingScopeIsOneLine(t *testing.T) {
	t.Parallel()
	corpus := koretest.Demo(benchNow)
	srv := koretest.InMemory(koretest.Options{Corpus: corpus, Now: koretest.ClockFrom(benchNow), Scopes: []string{koretest.ScopeSessions, koretest.ScopeHistory}})
	a := buildTestApp(t, srv, 120, 40, nil)
	a.run(a.m.Init())
	f := a.frame()
	if !strings.Contains(f, "survey scores need the app's Feedback Analytics scope") || strings.Contains(f, " Score ") {
		t.Errorf("want one line naming the scope and no Score column:\n%s", f)
	}
	if !strings.Contains(f, "1/100") {
		t.Errorf("the list is not shown:\n%s", f)
	}
}
