package profile

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"konvo/model"
)

// TestViewsFromConfigAndSaved: konvo's views, then the config's, then
// those saved with S, a later one replacing one of the same name; a bad
// view is named in the error.
func TestViewsFromConfigAndSaved(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", `
views:
  - name: vip drop-offs
    containment: dropOff
    from: 3d
    tags: ["user:tier=platinum"]
  - name: drop-offs today
    containment: dropOff
    from: yesterday
`, 0o600)
	saved := model.View{Name: "short ones", From: "7d", MaxDuration: 45 * time.Second, Query: "card"}
	if err := SaveView(ViewsPath(cfg), saved); err != nil {
		t.Fatal(err)
	}
	s, err := Resolve(parse(t, "--config", cfg), env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]model.View{}
	for _, v := range s.Views {
		byName[v.Name] = v
	}
	if v := byName["vip drop-offs"]; v.Containment != model.DropOff || len(v.Tags) != 1 || v.Tags[0].Type != "user" {
		t.Errorf("config view: %+v", v)
	}
	if v := byName["drop-offs today"]; v.From != "yesterday" || v.Builtin {
		t.Errorf("the config did not replace the built-in: %+v", v)
	}
	if v := byName["short ones"]; v.MaxDuration != 45*time.Second || v.Query != "card" {
		t.Errorf("saved view: %+v", v)
	}
	if _, ok := byName["sessions with a failed task"]; !ok {
		t.Error("a built-in is missing")
	}
	bad := writeFile(t, dir, "bad.yaml", "views:\n  - name: oops\n    containment: sideways\n", 0o600)
	if _, err := Resolve(parse(t, "--config", bad), env{}.get); err == nil || !strings.Contains(err.Error(), `view "oops"`) {
		t.Errorf("bad view: %v", err)
	}
	if got := ViewsPath(filepath.Join(dir, "config.yaml")); got != filepath.Join(dir, "views.yaml") {
		t.Errorf("views path %s", got)
	}
}

// TestDeleteView: a view saved from konvo can be taken out again, and
// only views from the views file are marked as konvo's to change.
func TestDeleteView(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", "views:\n  - name: from config\n    from: 3d\n", 0o600)
	path := ViewsPath(cfg)
	for _, name := range []string{"keep me", "drop me"} {
		if err := SaveView(path, model.View{Name: name, From: "7d"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := DeleteView(path, "DROP ME"); err != nil {
		t.Fatal(err)
	}
	s, err := Resolve(parse(t, "--config", cfg), env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	saved := map[string]bool{}
	for _, v := range s.Views {
		if v.Name == "drop me" {
			t.Error("the deleted view is still there")
		}
		saved[v.Name] = v.Saved
	}
	if !saved["keep me"] || saved["from config"] || saved["drop-offs today"] {
		t.Errorf("saved flags: %v", saved)
	}
	if err := DeleteView("", "x"); err == nil {
		t.Error("deleting with no views file was not refused")
	}
}
