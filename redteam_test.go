package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"konvo/api"
	"konvo/api/koretest"
)

// The red-team matrix: each cell is a way konvo was attacked or failed,
// replayed against the program, staged by a koretest knob where the
// server takes part. The cells of konvo export, sync, search, purge and
// the TUI are here; konvo serve's are in ui/serve/redteam_test.go, and the
// store's and the client's mechanisms have their own tests beside them:
//
//	paste-jacking through copied ids      TestRedTeamPasteJacking (PasteJack)
//	authorized_keys options               serve.TestAuthorizedKeysOptions
//	a failed batch stored as whole        TestRedTeamFailedBatch (FailMessagesAfter)
//	purge --all on a full disk            store.TestPurgeAllIsOneTransaction, matrix "purge all"
//	purge --user under an open TUI        store.TestErasureWinsOverALaterWrite
//	--resume through a symlink            matrix "resume through a link", export.TestResumeDoesNotFollowALink
//	a 10000x10000 terminal                serve.TestHugeTerminalIsClamped
//	silent and trickling connections      serve.TestHandshakeDeadlineAndPendingCap
//	client text in the audit log          serve.TestRefusalsRecordNoClientTextAsAnEngineer
//	the audit log on a full disk          serve.TestAuditFailureRefusesNewConnections
//	--max-sessions slots                  serve.TestSlotsAreFreedWhenKonvoEnds
//	database is locked, two first opens   store.TestWritersWaitTheirTurn, store.TestTwoFirstOpensAtOnce
//	short non-ASCII queries, long queries matrix "search folds and bounds", store.TestSearchFoldsEveryScript
//	a server that never answers           matrix "never answers" (NeverAnswer), api.TestServerThatNeverAnswers
//	a gzip bomb                           api.TestGzipBomb (GzipBomb)
//	unreadable entries unsaid             TestRedTeamUnreadableIsSaid (Unreadable)
//	keep: only at start                   store.TestRetentionWhileRunning
//	the pager's file after a SIGHUP       the pager reads its input (TestEndToEndInTmux's stub pager)
//	bidi and long ids in file names       ui.TestDefaultFileNameOfAHostileID
//	corruption in mid-file                store.TestCorruptionInTheMiddleNamesTheFile

// TestRedTeamPasteJacking: a user id holding ESC[201~ and a carriage
// return, copied with y u, must reach the clipboard as shown: the end of
// a bracketed paste and the return neutralised, so pasting it into a
// shell runs nothing.
func TestRedTeamPasteJacking(t *testing.T) {
	t.Parallel()
	a := startApp(t, appConfig{server: koretest.Options{Faults: koretest.Faults{Hostile: koretest.PasteJack}}})
	a.waitText("1/100")
	a.press("y")
	a.waitText("copy: i the session id")
	a.press("u")
	a.waitText("copied user id")
	got := a.clipboard()
	if strings.ContainsAny(got, "\x1b\r\n") {
		t.Fatalf("the copied id can end a bracketed paste or run a line: %q", got)
	}
	if !strings.Contains(got, "␛[201~") || !strings.Contains(got, "echo PWNED") {
		t.Errorf("the id is not copied as shown: %q", got)
	}
}

// TestRedTeamFailedBatch: a message batch that fails mid-sync (5xx after
// the first calls) leaves its sessions missing, said with a non-zero exit;
// nothing partial is stored; the next sync fetches them, and the offline
// export then holds every message the server has.
func TestRedTeamFailedBatch(t *testing.T) {
	t.Parallel()
	for _, via := range []string{"v1", "v2"} {
		t.Run(via, func(t *testing.T) {
			t.Parallel()
			srv, env := liveServer(t, 120)
			env["KONVO_STORE"] = filepath.Join(t.TempDir(), "store")
			srv.SetFaults(koretest.Faults{FailMessagesAfter: 2})
			code, _, errs := cliUnpaced(t, env, "sync", "--messages-api", via, "--from", "3d")
			if code == 0 || !strings.Contains(errs, "transcripts missing") || !strings.Contains(errs, "not stored") {
				t.Fatalf("a failed batch: exit %d, %s", code, errs)
			}
			offline := map[string]string{"KONVO_STORE": env["KONVO_STORE"], "KONVO_HOST": env["KONVO_HOST"], "KONVO_BOT_ID": env["KONVO_BOT_ID"], "HOME": env["HOME"]}
			code, partial, errs := cliUnpaced(t, offline, "export", "--offline", "--messages", "--from", "3d")
			if code == 0 || !strings.Contains(errs, "no stored transcript") {
				t.Errorf("an offline export with transcripts missing: exit %d, %s", code, errs)
			}
			srv.SetFaults(koretest.Faults{})
			if code, _, errs := cliUnpaced(t, env, "sync", "--messages-api", via, "--from", "3d"); code != 0 || strings.Contains(errs, "missing") {
				t.Fatalf("the sync after: exit %d, %s", code, errs)
			}
			code, stored, errs := cliUnpaced(t, offline, "export", "--offline", "--messages", "--from", "3d")
			if code != 0 {
				t.Fatalf("offline export: %d %s", code, errs)
			}
			_, live, _ := cliUnpaced(t, env, "export", "--messages", "--from", "3d")
			if via == "v1" && !sameLines(stored, live) {
				t.Errorf("after the failed batch and a clean sync the store differs from the server: %d and %d bytes", len(stored), len(live))
			}
			if strings.Count(stored, `"_id":"ms-`) <= strings.Count(partial, `"_id":"ms-`) {
				t.Errorf("the second sync fetched nothing more")
			}
			if strings.Contains(partial, `"messages":[]`) {
				t.Errorf("a session was stored with an empty transcript after the failure")
			}
			if !strings.Contains(partial, "}\n") || strings.Count(partial, "\n") != strings.Count(stored, "\n") {
				t.Errorf("the offline export left sessions out: %d lines, later %d", strings.Count(partial, "\n"), strings.Count(stored, "\n"))
			}
		})
	}
}

// TestRedTeamUnreadableIsSaid: sync and search did not say that entries
// from the server could not be read (export did).
func TestRedTeamUnreadableIsSaid(t *testing.T) {
	t.Parallel()
	srv, env := liveServer(t, 30)
	env["KONVO_STORE"] = filepath.Join(t.TempDir(), "store")
	srv.SetFaults(koretest.Faults{Unreadable: true})
	for _, args := range [][]string{{"sync", "--from", "2d"}, {"search", "--from", "2d", "balance"}} {
		_, _, errs := cliUnpaced(t, env, args...)
		if !strings.Contains(errs, "could not be read and were left out") && !strings.Contains(errs, "1 entry from the server could not be read and was left out") {
			t.Errorf("konvo %s does not say entries were unreadable: %s", args[0], errs)
		}
	}
}

// TestRedTeamMatrix walks the cells of the command line that need no
// terminal.
func TestRedTeamMatrix(t *testing.T) {
	t.Parallel()
	t.Run("resume through a link", func(t *testing.T) {
		t.Parallel()
		_, env := liveServer(t, 20)
		dir := t.TempDir()
		target := filepath.Join(dir, "precious.txt")
		if err := os.WriteFile(target, []byte("keep me\nas I am"), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "week.jsonl")
		if err := os.Symlink(target, out+".partial"); err != nil {
			t.Fatal(err)
		}
		code, _, errs := cliUnpaced(t, env, "export", "-o", out, "--resume", "--from", "2d")
		if code == 0 || !strings.Contains(errs, "symbolic link") {
			t.Errorf("export --resume through a link: %d %s", code, errs)
		}
		if b, _ := os.ReadFile(target); string(b) != "keep me\nas I am" {
			t.Errorf("the link's target was written: %q", b)
		}
	})
	t.Run("purge all", func(t *testing.T) {
		t.Parallel()
		_, env := liveServer(t, 40)
		env["KONVO_STORE"] = filepath.Join(t.TempDir(), "store")
		if code, _, errs := cliUnpaced(t, env, "sync", "--from", "3d"); code != 0 {
			t.Fatalf("sync: %s", errs)
		}
		if code, out, _ := cliUnpaced(t, env, "purge", "--all"); code != 0 || !strings.Contains(out, "erased") {
			t.Fatalf("purge --all: %d %s", code, out)
		}
		// The range records went with the sessions: the next sync walks it.
		_, _, errs := cliUnpaced(t, env, "sync", "--from", "3d")
		if strings.Contains(errs, "synced 0 sessions") {
			t.Errorf("after purge --all a sync skipped the range: %s", errs)
		}
	})
	t.Run("search folds and bounds", func(t *testing.T) {
		t.Parallel()
		_, env := liveServer(t, 400)
		env["KONVO_STORE"] = filepath.Join(t.TempDir(), "store")
		if code, _, errs := cliUnpaced(t, env, "sync", "--messages-api", "v1", "--from", "7d"); code != 0 {
			t.Fatalf("sync: %s", errs)
		}
		offline := map[string]string{"KONVO_STORE": env["KONVO_STORE"], "KONVO_HOST": env["KONVO_HOST"], "KONVO_BOT_ID": env["KONVO_BOT_ID"], "HOME": env["HOME"]}
		_, lower, _ := cliUnpaced(t, offline, "search", "--offline", "--from", "7d", "残高")
		code, upper, errs := cliUnpaced(t, offline, "search", "--offline", "--from", "7d", "DÓ")
		if code == 2 {
			t.Fatalf("search: %s", errs)
		}
		_, folded, _ := cliUnpaced(t, offline, "search", "--offline", "--from", "7d", "dó")
		if upper == "" || upper != folded {
			t.Errorf("DÓ and dó find different sessions:\n%s\n%s", upper, folded)
		}
		if lower == "" {
			t.Error("a two-character CJK word found nothing")
		}
		code, _, errs = cliUnpaced(t, offline, "search", "--offline", "--from", "7d", strings.Repeat("ab ", 4000))
		if code != 2 || !strings.Contains(errs, "at most") || strings.Contains(errs, "Expression tree") {
			t.Errorf("a 12 KB query: %d %s", code, errs)
		}
	})
	t.Run("never answers", func(t *testing.T) {
		t.Parallel()
		srv, env := liveServer(t, 20)
		srv.SetFaults(koretest.Faults{NeverAnswer: true})
		var out, errb bytes.Buffer
		tune := func(o *api.Options) {
			o.Limits = api.Limits{PerMinute: 100000}
			o.TryTimeout, o.CallTimeout = 200*time.Millisecond, 500*time.Millisecond
			o.BackoffBase, o.BackoffMax = 5*time.Millisecond, 20*time.Millisecond
		}
		e := runEnv{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &errb, now: time.Now, tune: tune}
		start := time.Now()
		if code := run([]string{"export", "--from", "2d"}, e); code == 0 {
			t.Fatal("an export from a server that never answers succeeded")
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("a server that never answers cost %v", took)
		}
		if !strings.Contains(errb.String(), "gave up after") && !strings.Contains(errb.String(), "cannot reach") {
			t.Errorf("the error does not say konvo gave up: %s", errb.String())
		}
	})
}
