package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestImportIsTheExportStoredAgain: a teammate's export imported into an
// empty store is exported --offline as the same lines, searched as a
// synced store is, and imported a second time (from stdin) changes
// nothing.
func TestImportIsTheExportStoredAgain(t *testing.T) {
	t.Parallel()
	_, env := liveServer(t, 60)
	synced := filepath.Join(t.TempDir(), "synced")
	env["KONVO_STORE"] = synced
	if code, _, errs := cliUnpaced(t, env, "sync", "--from", "2d"); code != 0 {
		t.Fatalf("sync: %d %s", code, errs)
	}
	exported := filepath.Join(t.TempDir(), "week.jsonl")
	if code, _, errs := cliUnpaced(t, env, "export", "--offline", "--messages", "--from", "2d", "-o", exported); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	want, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Count(want, []byte("\n"))
	imported := filepath.Join(t.TempDir(), "imported")
	offline := map[string]string{"KONVO_STORE": imported, "KONVO_HOST": env["KONVO_HOST"], "KONVO_BOT_ID": env["KONVO_BOT_ID"], "HOME": env["HOME"]}
	code, out, errs := cliUnpaced(t, offline, "import", exported)
	if code != 0 || !strings.Contains(out, "imported "+strconv.Itoa(lines)+" sessions and ") {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	code, again, errs := cliUnpaced(t, offline, "export", "--offline", "--messages", "--from", "2d")
	if code != 0 || !sameLines(again, string(want)) {
		t.Errorf("the export of what was imported differs from what was imported (%d): %s", code, errs)
	}
	for _, q := range [][]string{{"PENDING", "transaction"}, {"user:", "card"}, {"二重"}} {
		args := append([]string{"search", "--offline", "--from", "2d"}, q...)
		_, a, _ := cliUnpaced(t, map[string]string{"KONVO_STORE": synced, "KONVO_HOST": env["KONVO_HOST"], "KONVO_BOT_ID": env["KONVO_BOT_ID"], "HOME": env["HOME"]}, args...)
		_, b, _ := cliUnpaced(t, offline, args...)
		if a == "" || a != b {
			t.Errorf("search %v: the imported store finds\n%s\nthe synced one\n%s", q, b, a)
		}
	}
	// Again, from stdin: nothing changes.
	var so, se bytes.Buffer
	e := runEnv{getenv: func(k string) string { return offline[k] }, stdin: bytes.NewReader(want), stdout: &so, stderr: &se, now: time.Now}
	if code := run([]string{"import", "-"}, e); code != 0 || !strings.Contains(so.String(), "imported 0 sessions and 0 messages ("+strconv.Itoa(lines)+" sessions stored already, unchanged)") {
		t.Errorf("a second import: %d %q %s", code, so.String(), se.String())
	}
	if _, again2, _ := cliUnpaced(t, offline, "export", "--offline", "--messages", "--from", "2d"); again2 != again {
		t.Error("a second import changed the store")
	}
	// A CSV export is refused whole.
	csv := filepath.Join(t.TempDir(), "week.csv")
	os.WriteFile(csv, []byte("sessionId,start\ns-1,2026-11-20\n"), 0o600)
	if code, _, errs := cliUnpaced(t, offline, "import", csv); code == 0 || !strings.Contains(errs, "not a JSON Lines export") {
		t.Errorf("a csv file: %d %s", code, errs)
	}
}
