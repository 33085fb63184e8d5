package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"konvo/api/koretest"
)

// TestAgentSideInDetails: i on a session that went to an agent shows the
// contact center's record (the agent, the closing and its remarks, the
// note), asked once and then read from the store; a bot-only session asks
// nothing; an app without the SmartAssist Analytics scope gets one line
// naming it, and the transcript stays.
func TestAgentSideInDetails(t *testing.T) {
	t.Parallel()
	srv, st := demoWithStore(t)
	c := srv.Corpus()
	var agent, bot *koretest.Session
	var rec map[string]any
	for _, s := range c.Sessions() {
		r, ok := c.AgentRecord(s)
		switch {
		case ok && !s.Active && agent == nil && len(r["notes"].([]any)) > 0 && len(r["transferDetails"].([]any)) > 0:
			agent, rec = s, r
		case !ok && bot == nil && s.Script == "":
			bot = s
		}
	}
	if agent == nil {
		t.Fatal("the demo has no agent session with a transfer and a note")
	}
	a := buildTestApp(t, srv, 160, 50, st)
	a.run(a.m.Init())
	ss, _, _ := c.Decoded(agent)
	_, cmd := a.m.openTranscript(ss)
	a.run(cmd)
	a.press("i")
	f := a.frame()
	disp := rec["dispositions"].(map[string]any)
	note := rec["notes"].([]any)[0].(map[string]any)["note"].(string)
	for _, want := range []string{"agent Mika Sato", "then ", "transferred ", "closed " + disp["status"].(string), fmt.Sprint(disp["remarks"]), note} {
		if !strings.Contains(f, want) {
			t.Errorf("the details do not say %q:\n%s", want, f)
		}
	}
	a.press("esc", "esc")
	a.m.recent = recentTranscripts{}
	_, cmd = a.m.openTranscript(ss)
	a.run(cmd)
	a.press("i")
	if n := srv.CountOp("agentSession", 200); n != 1 {
		t.Errorf("%d contact center requests for one session opened twice, want 1", n)
	}
	a.press("esc", "esc")
	bs, _, _ := c.Decoded(bot)
	_, cmd = a.m.openTranscript(bs)
	a.run(cmd)
	a.press("i")
	if n := srv.CountOp("agentSession", 0); n != 1 {
		t.Errorf("a bot session asked the contact center (%d requests)", n)
	}

	scoped := koretest.InMemory(koretest.Options{Corpus: c, Now: koretest.ClockFrom(benchNow), Scopes: []string{koretest.ScopeSessions, koretest.ScopeHistory}})
	b := buildTestApp(t, scoped, 120, 40, nil)
	b.run(b.m.Init())
	_, cmd = b.m.openTranscript(ss)
	b.run(cmd)
	b.press("i")
	f = b.frame()
	if n := strings.Count(f, "SmartAssist Analytics"); n != 1 || !strings.Contains(f, "the agent's side") {
		t.Errorf("want one line naming the SmartAssist Analytics scope:\n%s", f)
	}
	if strings.Contains(strings.ToLower(f), "error") || !strings.Contains(f, "session "+agent.ID) {
		t.Errorf("the transcript should stay, with no error:\n%s", f)
	}
}

// TestAHostileAgentRecordStaysText: a contact center record whose notes,
// remarks and agent names carry a huge word, deep nesting, zero-width
// characters or a paste that ends a bracketed paste and runs a command is
// drawn as text within the screen: no control character reaches the
// terminal, no line is wider than it.
func TestAHostileAgentRecordStaysText(t *testing.T) {
	t.Parallel()
	c := koretest.Demo(benchNow)
	var agent *koretest.Session
	for _, s := range c.Sessions() {
		if _, ok := c.AgentRecord(s); ok && !s.Active {
			agent = s
			break
		}
	}
	for _, kind := range []string{koretest.HugeWord, koretest.DeepNesting, koretest.ZeroWidth, koretest.PasteJack} {
		srv := koretest.InMemory(koretest.Options{Corpus: c, Now: koretest.ClockFrom(benchNow)})
		a := buildTestApp(t, srv, 100, 40, nil)
		a.run(a.m.Init())
		srv.SetFaults(koretest.Faults{Hostile: kind})
		ss, _, _ := c.Decoded(agent)
		_, cmd := a.m.openTranscript(ss)
		a.run(cmd)
		a.press("i")
		raw := a.m.View().Content
		if strings.Contains(raw, "\x1b[201~") || strings.ContainsAny(raw, "\r\u200b") {
			t.Errorf("%s: a control or hidden character reached the screen", kind)
		}
		for _, l := range strings.Split(a.frame(), "\n") {
			if w := ansi.StringWidth(l); w > 100 {
				t.Errorf("%s: a line %d wide on a 100-column screen", kind, w)
				break
			}
		}
		if !strings.Contains(a.frame(), "agent ") {
			t.Errorf("%s: the agent's side is not shown:\n%s", kind, a.frame())
		}
		if seen := map[string]string{koretest.PasteJack: "PWNED", koretest.ZeroWidth: "late", koretest.HugeWord: "iVBORw0KGgo"}[kind]; seen != "" && !strings.Contains(a.frame(), seen) {
			t.Errorf("%s: the payload never reached the screen (%q):\n%s", kind, seen, a.frame())
		}
	}
}
