package koretest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"konvo/model"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func start(t *testing.T, o Options) *Server {
	t.Helper()
	if o.Corpus == nil {
		o.Corpus = Generate(CorpusOptions{Seed: 1, End: now, Sessions: 400, Showcase: true})
	}
	o.Now = func() time.Time { return now }
	s := New(o)
	t.Cleanup(s.Close)
	return s
}

func post(t *testing.T, s *Server, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL()+path, strings.NewReader(body))
	req.Header.Set("auth", s.Token(now, time.Hour))
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

func TestSevenDayRule(t *testing.T) {
	s := start(t, Options{})
	p := "/api/public/bot/" + DemoBotID + "/getSessions"
	for body, want := range map[string]int{
		`{"dateFrom":"2026-11-10","dateTo":"2026-11-16"}`:                             400, // a bare dateTo is the whole day: 7 days
		`{"dateFrom":"2026-11-10","dateTo":"2026-11-15"}`:                             200,
		`{"dateFrom":"2026-11-10T00:00:00.000Z","dateTo":"2026-11-16T23:59:59.999Z"}`: 200,
		`{"dateFrom":"2026-11-10T00:00:00.000Z","dateTo":"2026-11-17T00:00:00.000Z"}`: 400,
		`{}`: 200, `{"dateTo":"2026-11-20"}`: 200, `{"dateFrom":"yesterday"}`: 400,
	} {
		if code, out := post(t, s, p, body); code != want {
			t.Errorf("%s: %d %v", body, code, out)
		}
	}
}

func TestErrorsAreKoreShaped(t *testing.T) {
	s := start(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/api/public/getSessions", nil)
	req.Header.Set("auth", "not-a-jwt")
	code, out := do(t, req)
	errs, _ := out["errors"].([]any)
	if code != 401 || len(errs) != 1 || errs[0].(map[string]any)["msg"] != "Invalid SDK credentials" {
		t.Fatalf("%d %v", code, out)
	}
}

func TestPagingAndMaxPage(t *testing.T) {
	s := start(t, Options{MaxSessionPage: 25})
	p := "/api/public/getSessions?containmentType=selfService"
	code, out := post(t, s, p, `{"limit":1000,"skip":"3","dateFrom":"2026-11-17T00:00:00.000Z","dateTo":"2026-11-23T12:00:00.000Z"}`)
	sessions, _ := out["sessions"].([]any)
	if code != 200 || len(sessions) != 25 || out["moreAvailable"] != true {
		t.Fatalf("%d: %d sessions, more %v", code, len(sessions), out["moreAvailable"])
	}
	for _, raw := range sessions {
		b, _ := json.Marshal(raw)
		var sess model.Session
		_ = json.Unmarshal(b, &sess)
		if sess.ContainmentKnown && sess.Containment != model.SelfService {
			t.Errorf("%s is %v", sess.ID, sess.Containment)
		}
	}
	if code, _ := post(t, s, "/api/public/getSessions?containmentType=sideways", `{}`); code != 400 {
		t.Errorf("bad containment: %d", code)
	}
}

func TestGetMessagesGETNeedsUserAndDefaultsToRTM(t *testing.T) {
	s := start(t, Options{})
	base := s.URL() + "/api/public/bot/" + DemoBotID + "/getMessages"
	req, _ := http.NewRequest(http.MethodGet, base+"?limit=5", nil)
	req.Header.Set("auth", s.Token(now, time.Hour))
	if code, _ := do(t, req); code != 400 {
		t.Errorf("GET without userId: %d", code)
	}
	req, _ = http.NewRequest(http.MethodGet, base+"?userId=showcase@example.com&limit=500&forward=true", nil)
	req.Header.Set("auth", s.Token(now, time.Hour))
	code, out := do(t, req)
	msgs, _ := out["messages"].([]any)
	if code != 200 || len(msgs) != 100 {
		t.Fatalf("%d, %d messages (want the 100 cap)", code, len(msgs))
	}
	for _, m := range msgs {
		if ch := m.(map[string]any)["chnl"]; ch != "rtm" {
			t.Fatalf("channel %v leaked past the rtm default", ch)
		}
	}
}

func TestMsgIDDirection(t *testing.T) {
	s := start(t, Options{})
	tr := s.Corpus().Transcript(mustLookup(t, s, "showcase-text"))
	mid := tr[3].ID
	p := "/api/public/bot/" + DemoBotID + "/getMessages"
	_, before := post(t, s, p, `{"sessionId":["showcase-text"],"msgId":"`+mid+`","direction":-1,"forward":true,"dateFrom":"2026-11-22T00:00:00.000Z","dateTo":"2026-11-23T12:00:00.000Z"}`)
	_, after := post(t, s, p, `{"sessionId":"showcase-text","msgId":"`+mid+`","direction":1,"forward":true,"dateFrom":"2026-11-22T00:00:00.000Z","dateTo":"2026-11-23T12:00:00.000Z"}`)
	if before["total"] != float64(3) || after["total"] != float64(len(tr)-4) {
		t.Fatalf("before %v after %v of %d", before["total"], after["total"], len(tr))
	}
}

func TestRateLimit(t *testing.T) {
	s := start(t, Options{PerMinute: 3})
	codes := []int{}
	for i := 0; i < 4; i++ {
		code, _ := post(t, s, "/api/public/getSessions", `{}`)
		codes = append(codes, code)
	}
	if codes[2] != 200 || codes[3] != 429 {
		t.Fatalf("codes %v", codes)
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/api/public/getSessions", bytes.NewReader(nil))
	req.Header.Set("auth", s.Token(now, time.Hour))
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After on 429")
	}
}

func TestCorpusIsDeterministicAndVaried(t *testing.T) {
	a := Demo(now)
	b := Demo(now)
	if len(a.Sessions()) != len(b.Sessions()) || string(a.Sessions()[100].JSON(a.BotID)) != string(b.Sessions()[100].JSON(b.BotID)) {
		t.Fatal("same seed, different corpus")
	}
	seen := map[string]bool{}
	for _, s := range a.Sessions() {
		seen["channel:"+s.Channel] = true
		seen["lang:"+s.Langs[0]] = true
		seen["containment:"+s.Containment.String()] = true
		seen["shape:"+string(rune('0'+s.Shape))] = true
	}
	for _, want := range []string{"channel:rtm", "channel:msteams", "channel:ivrVoice", "channel:whatsapp", "lang:ja", "lang:ko",
		"containment:selfService", "containment:dropOff", "containment:agent", "shape:0", "shape:1", "shape:2"} {
		if !seen[want] {
			t.Errorf("corpus lacks %s", want)
		}
	}
	if len(a.Sessions()) < 3000 {
		t.Errorf("%d sessions", len(a.Sessions()))
	}
	// Transcripts have the length the session reports and are in order.
	for _, s := range a.Sessions()[:200] {
		tr := a.Transcript(s)
		if len(tr) != s.Messages {
			t.Fatalf("%s: %d messages, reports %d", s.ID, len(tr), s.Messages)
		}
		for i := 1; i < len(tr); i++ {
			// Only the voice showcase stamps a message after the end, as a
			// voice bot's no-input prompt is (within 15 minutes).
			end := s.End
			if s.ID == "showcase-ivr" {
				end = end.Add(15 * time.Minute)
			}
			if tr[i].Created.Before(tr[i-1].Created) || tr[i].Created.Before(s.Start) || tr[i].Created.After(end) {
				t.Fatalf("%s: message %d out of order or outside the session", s.ID, i)
			}
		}
	}
}

func mustLookup(t *testing.T, s *Server, id string) *Session {
	sess, ok := s.Corpus().Lookup(id)
	if !ok {
		t.Fatalf("no session %s", id)
	}
	return sess
}

func TestAbandonedRequestsAreLogged(t *testing.T) {
	s := start(t, Options{Faults: Faults{Latency: 300 * time.Millisecond}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/api/public/getSessions", nil)
	req.Header.Set("auth", s.Token(now, time.Hour))
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the request was not abandoned")
	}
	deadline := time.Now().Add(2 * time.Second)
	for s.CountOp("getSessions", StatusClientClosed) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("log: %+v", s.Requests())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestAgentRecordsAreInOrder: every agent record the demo serves has its
// agents taking the conversation after the hand-off and leaving it after
// they took it, within the session.
func TestAgentRecordsAreInOrder(t *testing.T) {
	t.Parallel()
	c := Demo(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	n := 0
	for _, s := range c.Sessions() {
		raw, ok := c.AgentRecord(s)
		if !ok {
			continue
		}
		b, _ := json.Marshal(raw)
		r, err := model.DecodeAgentRecord(b)
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, p := range r.Participants {
			if p.Start.Before(s.Start) || !p.End.IsZero() && (p.End.Before(p.Start) || p.End.After(s.End.Add(time.Second))) {
				t.Fatalf("%s: %s took it %s and left %s (session %s–%s)", s.ID, p.Name, p.Start, p.End, s.Start, s.End)
			}
		}
	}
	if n == 0 {
		t.Fatal("no agent records")
	}
}
