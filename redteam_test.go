package main

import (
	"path/filepath"
	"strings"
	"testing"

	"konvo/api/koretest"
)

// The red-team matrix: each cell is a way konvo was attacked or failed
// (issue 18), replayed against the whole program. Every cell is a subtest
// of its own, with the koretest knob that stages it.

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
		if !strings.Contains(errs, "could not be read and were left out") {
			t.Errorf("konvo %s does not say entries were unreadable: %s", args[0], errs)
		}
	}
}
