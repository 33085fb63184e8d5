package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
)

// faultCase is one hostile server of issue 8's fault matrix, met by
// `konvo export` here and by the TUI in TestTUIFaultMatrix.
type faultCase struct {
	name   string
	faults koretest.Faults
	// spend uses up this many requests of the server's minute before
	// konvo starts, as another client of the bot would.
	spend int
	args  []string
	// oneSession exports the first session with its transcript.
	oneSession bool
	env        map[string]string
	code       int
	// check looks at what konvo wrote; srv is the server it talked to.
	check func(t *testing.T, srv *koretest.Server, stdout, stderr string)
}

// faultServer serves a small corpus with a per-minute limit whose window
// is 2 s, so a spent budget frees within the test.
func faultServer(t *testing.T, f koretest.Faults) (*koretest.Server, map[string]string) {
	srv := koretest.New(koretest.Options{
		Corpus:    koretest.Generate(koretest.CorpusOptions{Seed: 3, End: time.Now(), Sessions: 150, Days: 6, Showcase: false}),
		PerMinute: 30, Minute: 2 * time.Second, Faults: f,
	})
	t.Cleanup(srv.Close)
	return srv, map[string]string{
		"KONVO_HOST": srv.URL(), "KONVO_BOT_ID": srv.Corpus().BotID,
		"KONVO_CLIENT_ID": srv.ClientID(), "KONVO_CLIENT_SECRET": srv.Secret(), "HOME": t.TempDir(),
	}
}

// tuned shrinks the client's windows to the fault server's.
func tuned(o *api.Options) {
	o.Limits = api.Limits{PerMinute: 30, Minute: 2 * time.Second}
	o.BackoffBase, o.BackoffMax = time.Millisecond, 10*time.Millisecond
}

func cliTuned(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := runEnv{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &errb, now: time.Now, tune: tuned}
	code := run(args, e)
	return code, out.String(), errb.String()
}

// jsonLines checks every line is one compact JSON object and returns the
// session ids in order.
func jsonLines(t *testing.T, out string) []string {
	t.Helper()
	var ids []string
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		var rec struct {
			ID string `json:"sessionId"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %v: %.80q", i, err, l)
		}
		var b bytes.Buffer
		_ = json.Compact(&b, []byte(l))
		if b.String() != l {
			t.Fatalf("line %d is not compact: %.80q", i, l)
		}
		ids = append(ids, rec.ID)
	}
	return ids
}

func inRange(srv *koretest.Server) int {
	n := 0
	from := time.Now().AddDate(0, 0, -6)
	for _, s := range srv.Corpus().Sessions() {
		if s.Start.After(from) {
			n++
		}
	}
	return n
}

func faultCases(t *testing.T) []faultCase {
	var evilHits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("auth") != "" {
			evilHits.Add(1)
		}
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(evil.Close)
	leaked := "eyJhbGciOiJIUzI1NiJ9.eyJhcHBJZCI6Im5vYm9keSJ9.c2lnbmF0dXJlLW5vdC12YWxpZA"
	return []faultCase{
		{name: "cross-host redirect", faults: koretest.Faults{RedirectTo: evil.URL}, code: exitError,
			check: func(t *testing.T, _ *koretest.Server, _, stderr string) {
				if !strings.Contains(stderr, "redirected to "+evil.URL) || !strings.Contains(stderr, "does not send the token") {
					t.Errorf("stderr %q", stderr)
				}
				if evilHits.Load() != 0 {
					t.Errorf("the token reached the other host %d times", evilHits.Load())
				}
			}},
		{name: "token echo", faults: koretest.Faults{EchoToken: true}, env: map[string]string{"KONVO_TOKEN": leaked}, code: exitError,
			check: func(t *testing.T, _ *koretest.Server, _, stderr string) {
				if strings.Contains(stderr, leaked) || strings.Contains(stderr, "eyJ") {
					t.Errorf("the token was printed: %q", stderr)
				}
				if !strings.Contains(stderr, "[token]") || !strings.Contains(stderr, "token from KONVO_TOKEN") {
					t.Errorf("the 401 does not name the token's source: %q", stderr)
				}
			}},
		{name: "huge word", faults: koretest.Faults{Hostile: koretest.HugeWord}, oneSession: true},
		{name: "deep nesting", faults: koretest.Faults{Hostile: koretest.DeepNesting}, oneSession: true},
		{name: "repeating pages", faults: koretest.Faults{RepeatPages: true}, code: exitError,
			check: func(t *testing.T, srv *koretest.Server, stdout, stderr string) {
				if !strings.Contains(stderr, "repeats") || !strings.Contains(stderr, "paging is broken") {
					t.Errorf("stderr %q", stderr)
				}
				// The pages grow (export asks as many as the host gives),
				// so a repeated first page still brings new rows past the
				// last page's end: each session once, none invented.
				ids := jsonLines(t, stdout)
				seen := map[string]bool{}
				for _, id := range ids {
					if seen[id] {
						t.Errorf("%s written twice", id)
					}
					seen[id] = true
				}
				if n := len(ids); n == 0 || n > inRange(srv) {
					t.Errorf("%d sessions written; want some, each once, of the %d", n, inRange(srv))
				}
			}},
		{name: "unreadable entry",
			faults: koretest.Faults{Unreadable: true},
			check: func(t *testing.T, srv *koretest.Server, stdout, stderr string) {
				got, want := len(jsonLines(t, stdout)), inRange(srv)
				pages := (want + 99) / 100
				if got != want-pages {
					t.Errorf("%d sessions written, want %d (all but one a page)", got, want-pages)
				}
				if !strings.Contains(stderr, "entries from the server could not be read") && !strings.Contains(stderr, "1 entries") {
					t.Errorf("stderr %q", stderr)
				}
				if !strings.Contains(stderr, "the server counts") {
					t.Errorf("the shortfall is not said: %q", stderr)
				}
			}},
		{name: "missing field", faults: koretest.Faults{MissingField: true}, code: exitError,
			check: func(t *testing.T, _ *koretest.Server, _, stderr string) {
				if !strings.Contains(stderr, "without the list") {
					t.Errorf("stderr %q", stderr)
				}
			}},
		{name: "overlapping message pages", faults: koretest.Faults{OverlapMessages: 7},
			args: []string{"--messages"},
			check: func(t *testing.T, srv *koretest.Server, stdout, _ string) {
				checkTranscripts(t, srv, stdout)
			}},
		{name: "pretty JSON", faults: koretest.Faults{PrettyJSON: true}, args: []string{"--messages"},
			check: func(t *testing.T, srv *koretest.Server, stdout, _ string) {
				checkTranscripts(t, srv, stdout)
			}},
		{name: "budget spent by another client", faults: koretest.Faults{NoRetryAfter: true}, spend: 30,
			check: func(t *testing.T, srv *koretest.Server, stdout, _ string) {
				if got, want := len(jsonLines(t, stdout)), inRange(srv); got != want {
					t.Errorf("%d sessions, want %d", got, want)
				}
				if srv.CountOp("getSessions", http.StatusTooManyRequests) == 0 {
					t.Error("the server never refused: the case tested nothing")
				}
			}},
		{name: "absurd Retry-After", faults: koretest.Faults{Burst429: 1, RetryAfter: 999999 * time.Second}, code: exitError,
			check: func(t *testing.T, srv *koretest.Server, _, stderr string) {
				if !strings.Contains(stderr, "asked to wait 11 days") || !strings.Contains(stderr, "longer than konvo waits (2 min") {
					t.Errorf("stderr %q", stderr)
				}
				if n := len(srv.Requests()); n != 1 {
					t.Errorf("%d requests, want 1", n)
				}
			}},
		{name: "oversized body", faults: koretest.Faults{Oversized: 40 << 20}, code: exitError,
			check: func(t *testing.T, srv *koretest.Server, _, stderr string) {
				if !strings.Contains(stderr, "over konvo's limit of 32.0 MB") {
					t.Errorf("stderr %q", stderr)
				}
				if n := len(srv.Requests()); n != 1 {
					t.Errorf("%d requests for a body that cannot succeed, want 1", n)
				}
			}},
		{name: "oversized body without length", faults: koretest.Faults{Oversized: 40 << 20, NoContentLength: true}, code: exitError,
			check: func(t *testing.T, srv *koretest.Server, _, stderr string) {
				if !strings.Contains(stderr, "ran over konvo's limit") {
					t.Errorf("stderr %q", stderr)
				}
				if n := len(srv.Requests()); n != 1 {
					t.Errorf("%d requests, want 1", n)
				}
			}},
		{name: "zero-width text", faults: koretest.Faults{Hostile: koretest.ZeroWidth},
			check: func(t *testing.T, srv *koretest.Server, stdout, _ string) {
				// Export keeps the data as sent; the screen is where it
				// is shown visibly (TestTUIFaultMatrix).
				if !strings.Contains(stdout, `\u200b`) && !strings.Contains(stdout, "\u200b") {
					t.Error("the user ids lost their zero-width characters")
				}
			}},
	}
}

// checkTranscripts compares an export with messages to the corpus: every
// session with its whole transcript, each message once, in order.
func checkTranscripts(t *testing.T, srv *koretest.Server, stdout string) {
	t.Helper()
	jsonLines(t, stdout)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != inRange(srv) {
		t.Fatalf("%d sessions, want %d", len(lines), inRange(srv))
	}
	for _, l := range lines {
		var rec struct {
			ID       string `json:"sessionId"`
			Messages []struct {
				ID string `json:"_id"`
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		sess, _ := srv.Corpus().Lookup(rec.ID)
		want := srv.Corpus().Transcript(sess)
		if len(rec.Messages) != len(want) {
			t.Fatalf("session %s: %d messages, want %d", rec.ID, len(rec.Messages), len(want))
		}
		for i, m := range rec.Messages {
			if m.ID != want[i].ID {
				t.Fatalf("session %s message %d is %s, want %s", rec.ID, i, m.ID, want[i].ID)
			}
		}
	}
}

func TestExportFaultMatrix(t *testing.T) {
	t.Parallel() // independent: its own server
	for _, tc := range faultCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, env := faultServer(t, koretest.Faults{})
			for k, v := range tc.env {
				env[k] = v
			}
			if tc.env["KONVO_TOKEN"] != "" {
				delete(env, "KONVO_CLIENT_SECRET")
			}
			srv.SpendBudget(tc.spend)
			srv.SetFaults(tc.faults)
			args := append([]string{"export", "--from", "6d"}, tc.args...)
			if tc.oneSession {
				args = append(args, "--messages", "--session", srv.Corpus().Sessions()[0].ID)
			}
			start := time.Now()
			code, stdout, stderr := cliTuned(t, env, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %s", took)
			}
			if tc.code == exitOK {
				jsonLines(t, stdout)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 3 {
				t.Errorf("stderr is not a few clear lines: %q", stderr)
			}
			if tc.check != nil {
				tc.check(t, srv, stdout, stderr)
			}
		})
	}
}

func TestExportToFileIsAtomicAndResumes(t *testing.T) {
	t.Parallel() // independent: its own server
	srv, env := faultServer(t, koretest.Faults{})
	dir := t.TempDir()
	out := filepath.Join(dir, "sessions.jsonl")
	// The server fails for good half-way: the file does not appear, the
	// partial one holds whole lines only.
	srv.SetFaults(koretest.Faults{FailAfter: 3})
	code, _, stderr := cliTuned(t, env, "export", "--from", "6d", "--messages", "-o", out)
	if code != exitError {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("an incomplete export is in place: %v", err)
	}
	partial := out + ".partial"
	st, err := os.Stat(partial)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("partial file: %v %v", err, st)
	}
	data, _ := os.ReadFile(partial)
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		t.Fatal("the partial file ends in a cut record")
	}
	if !strings.Contains(stderr, "--resume") {
		t.Errorf("no word on how to finish: %q", stderr)
	}
	// A kill in mid-write leaves a cut line; resume drops it.
	if err := os.WriteFile(partial, append(data, `{"sessionId":"cut-he`...), 0o600); err != nil {
		t.Fatal(err)
	}
	// Without --resume, konvo refuses to clobber the partial export.
	if code, _, stderr := cliTuned(t, env, "export", "--from", "6d", "-o", out); code != exitUsage || !strings.Contains(stderr, "--resume") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	srv.SetFaults(koretest.Faults{})
	srv.ResetLog()
	code, _, stderr = cliTuned(t, env, "export", "--from", "6d", "--messages", "-o", out, "--resume")
	if code != exitOK {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	final, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkTranscripts(t, srv, string(final))
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Error("the partial file is left behind")
	}
	// An existing export is never overwritten.
	if code, _, stderr := cliTuned(t, env, "export", "--from", "6d", "-o", out); code != exitUsage || !strings.Contains(stderr, "exists") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestCredentialFlagsAndFiles(t *testing.T) {
	t.Parallel() // independent: its own server
	_, env := faultServer(t, koretest.Faults{})
	// --token is gone: a token on the command line is in every user's
	// process list.
	if code, _, stderr := cli(t, env, "export", "--token", "x"); code != exitUsage || !strings.Contains(stderr, "-token") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "secret.fifo")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		code, _, stderr := cli(t, map[string]string{"HOME": dir, "KONVO_CLIENT_ID": "x"}, "export", "--client-secret-file", fifo)
		if code != exitUsage || !strings.Contains(stderr, "not a regular file") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO as the secret blocked")
	}
}
