package source_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/model"
)

// TestSurveysAndDetailsAskedOnce: a week's survey answers come in bulk (a
// request per 100 answers), equal the corpus's, and are kept: asked again,
// only the newest hour is asked for. A session's details with the summary
// are asked once and then read from the store, offline too; details
// without the summary never stand in for a summary.
func TestSurveysAndDetailsAskedOnce(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Days: 7, Sessions: 600, Showcase: true, ShortShowcase: true})
	srv, cl, st := storedClient(t, c, clock)
	src := source.FromStore(&source.Cached{Client: cl, St: st})
	ctx := context.Background()
	week := model.Range{From: anchor.AddDate(0, 0, -7), To: anchor}
	want := map[string]model.Survey{}
	for _, s := range c.Sessions() {
		if v, ok := c.Survey(s); ok && week.Contains(v.At) {
			want[s.ID] = v
		}
	}
	got, err := src.(source.Surveyor).Surveys(ctx, week)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) < 150 {
		t.Fatalf("%d surveys, the corpus %d", len(got), len(want))
	}
	for id, w := range want {
		g := got[id]
		if g.Score != w.Score || g.Type != w.Type || g.Comment != w.Comment || g.Label() != w.Label() {
			t.Errorf("%s: %+v, the corpus %+v", id, g, w)
		}
	}
	pages := srv.CountOp("getFeedbackSurveyResponses", 200)
	if wantPages := (len(want) + 99) / 100; pages != wantPages {
		t.Errorf("%d requests for %d answers, want %d", pages, len(want), wantPages)
	}
	if _, err := src.(source.Surveyor).Surveys(ctx, week); err != nil {
		t.Fatal(err)
	}
	if again := srv.CountOp("getFeedbackSurveyResponses", 200) - pages; again != 1 {
		t.Errorf("asked again, %d requests; want 1 (the newest hour)", again)
	}

	agent, _ := c.Lookup("showcase-agent")
	ss, _, _ := c.Decoded(agent)
	det := src.(source.Detailer)
	plain, err := det.Details(ctx, ss, false)
	if err != nil || plain.Summary != "" || !plain.HandedOff() || len(plain.Flow) == 0 {
		t.Fatalf("details %+v, %v", plain, err)
	}
	d, err := det.Details(ctx, ss, true)
	if err != nil || d.Summary == "" || !reflect.DeepEqual(d.Flow, c.Details(agent).Flow) {
		t.Fatalf("details with the summary %+v, %v", d, err)
	}
	if _, err := det.Details(ctx, ss, true); err != nil {
		t.Fatal(err)
	}
	if n := srv.CountOp("conversationDetails", 200); n != 2 {
		t.Errorf("%d conversationDetails requests, want 2 (without, then with the summary)", n)
	}
	off := source.FromOffline(&source.Offline{St: st, Bot: c.BotID}).(source.Detailer)
	if d2, err := off.Details(ctx, ss, true); err != nil || d2.Summary != d.Summary {
		t.Errorf("offline: %q, %v", d2.Summary, err)
	}
	text, _, _ := c.Decoded(c.Sessions()[0])
	if _, err := off.Details(ctx, text, true); err == nil {
		t.Error("offline, details never fetched are not stored: an error says so")
	}
}

// TestAMissingScopeIsNamed: an app without the Feedback Analytics scope
// is answered 401 "Scope is incorrect", once (no new token is minted for
// it), and konvo can tell that from a bad token.
func TestAMissingScopeIsNamed(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Days: 7, Sessions: 50})
	srv, cl, st := storedClientWith(t, koretest.Options{Corpus: c, Now: clock, Scopes: []string{koretest.ScopeSessions, koretest.ScopeHistory}})
	_, err := source.FromStore(&source.Cached{Client: cl, St: st}).(source.Surveyor).Surveys(context.Background(), model.Range{From: anchor.AddDate(0, 0, -1), To: anchor})
	if !api.MissingScope(err) {
		t.Fatalf("err %v, want the missing scope", err)
	}
	if n := srv.CountOp("getFeedbackSurveyResponses", 0); n != 1 {
		t.Errorf("%d requests for a missing scope, want 1", n)
	}
}

// TestMaskedKeepsTheCapabilities: a masked source offers what its source
// offers, no more and no less.
func TestMaskedKeepsTheCapabilities(t *testing.T) {
	t.Parallel()
	c := koretest.Generate(koretest.CorpusOptions{Seed: 1, End: anchor, Days: 1, Sessions: 5})
	_, cl, st := storedClient(t, c, koretest.ClockFrom(anchor))
	mask, _ := model.NewMasker(model.MaskOptions{}, nil)
	caps := func(s source.Source) []bool {
		_, a := s.(source.Searcher)
		_, b := s.(source.StoredLister)
		_, c := s.(source.FailedFinder)
		_, d := s.(source.FactsReader)
		_, e := s.(source.Insighter)
		_, f := s.(source.Memory)
		_, g := s.(source.Prefetcher)
		_, h := s.(source.Freshener)
		_, i := s.(source.Surveyor)
		_, j := s.(source.Detailer)
		_, k := s.(source.AgentRecorder)
		_, l := s.(source.RangeSyncer)
		return []bool{a, b, c, d, e, f, g, h, i, j, k, l}
	}
	for name, src := range map[string]source.Source{
		"live":    source.FromClient(cl),
		"cached":  source.FromStore(&source.Cached{Client: cl, St: st}),
		"offline": source.FromOffline(&source.Offline{St: st}),
	} {
		masked := source.Masked(src, mask)
		if _, syncs := src.(source.RangeSyncer); syncs != (name == "cached") {
			t.Errorf("%s: syncs a range %v (only the store with a client can)", name, syncs)
		}
		if !reflect.DeepEqual(caps(src), caps(masked)) {
			t.Errorf("%s: capabilities %v, masked %v", name, caps(src), caps(masked))
		}
		if _, ok := masked.(source.Unmasker); !ok {
			t.Errorf("%s: a masked source can unmask", name)
		}
	}
}

// TestAgentRecordAskedOnce: the contact center's record of an agent
// session reads as koretest serves it (a GET naming the account), is
// kept and then read from the store (offline too), masked where it holds
// what a person wrote; a session that never reached an agent is "no
// record", and without an account id nothing is asked.
func TestAgentRecordAskedOnce(t *testing.T) {
	t.Parallel()
	clock := koretest.ClockFrom(anchor)
	c := koretest.Generate(koretest.CorpusOptions{Seed: 11, End: anchor, Days: 7, Sessions: 600})
	srv, cl, st := storedClient(t, c, clock)
	src := source.FromStore(&source.Cached{Client: cl, St: st})
	ctx := context.Background()
	var agent, bot *koretest.Session
	for _, s := range c.Sessions() {
		rec, ok := c.AgentRecord(s)
		switch {
		case ok && !s.Active && agent == nil && strings.Contains(fmt.Sprint(rec["notes"]), koretest.PersonalPhone):
			agent = s
		case !ok && bot == nil:
			bot = s
		}
	}
	if agent == nil || bot == nil {
		t.Fatal("the corpus has no agent session with a phone number in a note")
	}
	ss, _, _ := c.Decoded(agent)
	r, err := src.(source.AgentRecorder).AgentRecord(ctx, ss)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Participants) == 0 || r.Participants[0].Name != "Mika Sato" || r.Disposition.Status == "" || len(r.Disposition.Codes) != 1 || len(r.Notes) != 1 {
		t.Errorf("record %+v", r)
	}
	if _, err := src.(source.AgentRecorder).AgentRecord(ctx, ss); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	n := 0
	for _, q := range reqs {
		if q.Op == "agentSession" {
			n++
			if q.Method != "GET" || q.Path != "/agentassist/api/v1/public/"+c.BotID+"/conversations/sessions/"+agent.ID {
				t.Errorf("asked %s %s", q.Method, q.Path)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d requests for one record asked twice, want 1", n)
	}
	off := source.FromOffline(&source.Offline{St: st, Bot: c.BotID})
	if r2, err := off.(source.AgentRecorder).AgentRecord(ctx, ss); err != nil || !reflect.DeepEqual(r2.Notes, r.Notes) {
		t.Errorf("offline: %+v, %v", r2.Notes, err)
	}
	if !strings.Contains(r.Notes[0].Text, koretest.PersonalPhone) {
		t.Errorf("the store keeps what was sent: %q", r.Notes[0].Text)
	}
	mask, _ := model.NewMasker(model.MaskOptions{}, nil)
	mr, err := source.Masked(src, mask).(source.AgentRecorder).AgentRecord(ctx, ss)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(mr.Notes[0].Text, koretest.PersonalPhone) || strings.Contains(string(mr.Raw), "555") {
		t.Errorf("masked, the note still holds the phone number: %q", mr.Notes[0].Text)
	}
	bs, _, _ := c.Decoded(bot)
	if _, err := src.(source.AgentRecorder).AgentRecord(ctx, bs); !errors.Is(err, api.ErrNoAgentRecord) {
		t.Errorf("a bot session: %v, want no record", err)
	}
	noAccount, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: c.BotID, Credentials: api.StaticToken("x"), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.CountOp("agentSession", 0)
	if _, err := noAccount.AgentRecord(ctx, agent.ID); !errors.Is(err, api.ErrNoAccount) || srv.CountOp("agentSession", 0) != before {
		t.Errorf("without an account: %v, %d requests", err, srv.CountOp("agentSession", 0)-before)
	}
}
