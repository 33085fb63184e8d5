package api_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/model"
)

// showcase finds a showcase session of the corpus.
func showcase(t *testing.T, srv *koretest.Server, id string) model.Session {
	t.Helper()
	s, ok := srv.Corpus().Lookup(id)
	if !ok {
		t.Fatalf("no session %s", id)
	}
	var out model.Session
	if err := json.Unmarshal(s.JSON(srv.Corpus().BotID), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestV2IsPerBotOnly: Kore documents getMessagesV2 per bot only. Without
// a bot id (the admin console) bulk transcripts go through getMessages,
// and the set says so; koretest has no admin-console v2 route.
func TestV2IsPerBotOnly(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	s := showcase(t, srv, "showcase-agent")
	admin := newClient(t, srv, func(o *api.Options) { o.BotID = "" })
	got, err := admin.BulkTranscripts(context.Background(), []model.Session{s}, api.MessagesV2, api.Interactive, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Via != api.MessagesV1 || len(got.Messages[s.ID]) == 0 {
		t.Errorf("via %v, %d messages", got.Via, len(got.Messages[s.ID]))
	}
	if n := srv.CountOp("getMessagesV2", 0); n != 0 {
		t.Errorf("%d getMessagesV2 calls without a bot id", n)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/api/public/getMessagesV2", strings.NewReader(`{}`))
	req.Header.Set("auth", srv.Token(anchor, time.Hour))
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("admin-console getMessagesV2: %d, want 404 as any unknown route", resp.StatusCode)
	}
}

// TestV2RecordsAsDocumented: getMessagesV2 records come trimmed (no ms,
// chnl, tags, createdBy); konvo fills channel and user from the session,
// reads agents by the SDK's author shape, asks for secure-form inputs.
func TestV2RecordsAsDocumented(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{})
	s := showcase(t, srv, "showcase-agent")
	c := newClient(t, srv, nil)
	got, err := c.BulkTranscripts(context.Background(), []model.Session{s}, api.MessagesV2, api.Interactive, nil)
	if err != nil {
		t.Fatal(err)
	}
	msgs := got.Messages[s.ID]
	if got.Via != api.MessagesV2 || len(msgs) == 0 {
		t.Fatalf("via %v, %d messages", got.Via, len(msgs))
	}
	agents, events := 0, 0
	for _, m := range msgs {
		if strings.Contains(string(m.Raw), `"chnl"`) || strings.Contains(string(m.Raw), `"ms"`) {
			t.Fatalf("koretest sent an untrimmed v2 record: %s", m.Raw)
		}
		if m.Channel != s.Channel || m.UserID != s.UserID {
			t.Errorf("message %s: channel %q user %q not taken from the session", m.ID, m.Channel, m.UserID)
		}
		switch m.Speaker() {
		case model.SpeakerAgent:
			agents++
			if m.AgentName != "Mika Sato" {
				t.Errorf("agent named %q", m.AgentName)
			}
		case model.SpeakerSystem:
			events++
		}
	}
	if agents != 2 || events != 1 {
		t.Errorf("%d agent messages and %d system lines, want 2 and 1", agents, events)
	}
	for _, r := range srv.Requests() {
		if r.Op == "getMessagesV2" && !strings.Contains(string(r.Body), `"includeSecureForm":true`) {
			t.Errorf("v2 request without includeSecureForm: %s", r.Body)
		}
	}
}

// TestSigningAlgorithms: an app may sign HS256, HS512, RS256 or RS512;
// konvo mints each, and a token of the wrong algorithm is refused.
func TestSigningAlgorithms(t *testing.T) {
	t.Parallel()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := model.Filter{Range: model.Range{From: anchor.Add(-time.Hour), To: anchor}}
	for _, alg := range []string{"HS256", "HS512", "RS256", "RS512"} {
		t.Run(alg, func(t *testing.T) {
			srv := newServer(t, koretest.Options{Algorithm: alg, PublicKey: &key.PublicKey})
			sk := api.SigningKey{Algorithm: alg, Secret: srv.Secret()}
			if strings.HasPrefix(alg, "RS") {
				sk.Private = key
			}
			m, err := api.NewMinterKey(srv.ClientID(), sk, 0)
			if err != nil {
				t.Fatal(err)
			}
			if m.Algorithm() != alg {
				t.Errorf("minted %s", m.Algorithm())
			}
			c := newClient(t, srv, func(o *api.Options) { o.Credentials = m })
			if _, err := c.Sessions(f).Next(context.Background()); err != nil {
				t.Errorf("%s refused: %v", alg, err)
			}
			if alg != "HS256" {
				plain := newClient(t, srv, nil) // HS256 with the secret
				_, err := plain.Sessions(f).Next(context.Background())
				if !api.IsStatus(err, http.StatusUnauthorized) || !strings.Contains(api.Explain(err), "--jwt-alg") {
					t.Errorf("an HS256 token to a %s app: %v (%s)", alg, err, api.Explain(err))
				}
			}
		})
	}
	if _, err := api.NewMinterKey("cs-1", api.SigningKey{Algorithm: "RS256", Secret: "s"}, 0); err == nil || !strings.Contains(err.Error(), "private key") {
		t.Errorf("RS256 without a key: %v", err)
	}
	if _, err := api.NewMinterKey("cs-1", api.SigningKey{Algorithm: "ES256", Secret: "s"}, 0); err == nil {
		t.Error("an algorithm konvo cannot sign was accepted")
	}
}

// TestRateLimitWithoutA429: Kore documents the rate-limit messages, not
// their status; an answer with the documented words is the rate limit
// whatever its status: konvo waits and goes on, it does not fail.
func TestRateLimitWithoutA429(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{Burst429: 1, RateLimitStatus: http.StatusBadRequest, RetryAfter: 200 * time.Millisecond}})
	c := newClient(t, srv, nil)
	f := model.Filter{Range: model.Range{From: anchor.Add(-time.Hour), To: anchor}}
	if _, err := c.Sessions(f).Next(context.Background()); err != nil {
		t.Fatalf("a rate-limit answer with status 400 failed the request: %v", err)
	}
	if n := srv.CountOp("getSessions", http.StatusBadRequest); n != 1 {
		t.Errorf("%d rate-limit answers, want 1", n)
	}
	if n := srv.CountOp("getSessions", http.StatusOK); n != 1 {
		t.Errorf("%d answers after the wait, want 1", n)
	}
}

// TestEncryptionIsNamed: an app that enforces JWE or payload encryption
// refuses konvo's plain tokens; the error names the setting.
func TestEncryptionIsNamed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{RequireJWE: true}})
	c := newClient(t, srv, nil)
	_, err := c.Sessions(model.Filter{Range: model.Range{From: anchor.Add(-time.Hour), To: anchor}}).Next(context.Background())
	if msg := api.Explain(err); !strings.Contains(msg, "JWE") || !strings.Contains(msg, "encrypt") {
		t.Errorf("explained as %q", msg)
	}
}

// TestServerThatNeverAnswers: a server that never answered cost 305 s
// (five tries of a minute) before an error. A try now has its deadline
// and all the tries of one request share one.
func TestServerThatNeverAnswers(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{NeverAnswer: true}})
	c := newClient(t, srv, func(o *api.Options) {
		o.HTTPClient = srv.HTTPClient()
		o.TryTimeout, o.CallTimeout = 150*time.Millisecond, 400*time.Millisecond
	})
	start := time.Now()
	_, err := c.Sessions(model.Filter{Range: model.Range{From: anchor.Add(-time.Hour), To: anchor}}).Next(context.Background())
	if err == nil || time.Since(start) > 2*time.Second {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
	if !strings.Contains(err.Error(), "gave up after") {
		t.Errorf("error %q does not say konvo gave up", err)
	}
}

// TestGzipBomb: a v2 answer that inflates to a gigabyte is cut at the
// body limit, said, and its transcripts are not stored as whole; the
// sessions are asked again in smaller calls.
func TestGzipBomb(t *testing.T) {
	t.Parallel()
	// Over a real loopback connection: Go's transport inflates gzip as
	// the body is read, which is where a bomb goes off.
	srv := koretest.New(koretest.Options{Corpus: koretest.Generate(koretest.CorpusOptions{Seed: 7, End: anchor, Sessions: 20, Days: 3, Showcase: true}),
		Now: koretest.ClockFrom(anchor), Faults: koretest.Faults{GzipBomb: 1 << 30}})
	t.Cleanup(srv.Close)
	s := showcase(t, srv, "showcase-text")
	c := newClient(t, srv, func(o *api.Options) { o.MaxBody = 4 << 20; o.HTTPClient = srv.HTTPClient() })
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got, err := c.BulkTranscripts(context.Background(), []model.Session{s}, api.MessagesV2, api.Interactive, nil)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("the bomb was not survived by asking through v1: %v", err)
	}
	if len(got.Messages[s.ID]) == 0 || got.Messages[s.ID][0].ID == "ms-bomb" {
		t.Errorf("the transcript came from the bomb: %d messages", len(got.Messages[s.ID]))
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200<<20 {
		t.Errorf("the bomb cost %d MB", grew>>20)
	}
	if n := srv.CountOp("getMessages", http.StatusOK); n == 0 {
		t.Error("no getMessages call after the oversized v2 answer")
	}
}

// TestIdenticalRequestsAreMadeOnce: twenty engineers opening the same
// list under konvo serve cost twenty lists and sixty identical tab counts.
// One identical request is made once, its answer shared.
func TestIdenticalRequestsAreMadeOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t, koretest.Options{Faults: koretest.Faults{Latency: 50 * time.Millisecond}})
	c := newClient(t, srv, nil)
	f := model.Filter{Range: model.Range{From: anchor.Add(-48 * time.Hour), To: anchor}}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Sessions(f).Next(context.Background()); err != nil {
				failed.Add(1)
			}
			if _, err := c.CountSessions(context.Background(), f.WithContainment(model.DropOff)); err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d calls failed", failed.Load())
	}
	if n := srv.CountOp("getSessions", 0); n > 2 {
		t.Errorf("20 engineers' list and count cost %d requests, want 2", n)
	}
	// A caller that gives up does not cancel the others' request.
	srv.ResetLog()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	other := model.Filter{Range: model.Range{From: anchor.Add(-72 * time.Hour), To: anchor}}
	done := make(chan error, 1)
	go func() { _, err := c.Sessions(other).Next(context.Background()); done <- err }()
	_, _ = c.Sessions(other).Next(ctx)
	if err := <-done; err != nil {
		t.Errorf("the one who stayed got %v", err)
	}
}
