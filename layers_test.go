package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayers: the data seam holds. model imports nothing of konvo; the
// store is SQLite over model (and fsafe, a leaf that opens files without
// following links); ui reads through api/source and never the store or
// the HTTP client; main.go is wiring.
func TestLayers(t *testing.T) {
	t.Parallel()
	rules := []struct {
		dir    string
		allow  func(string) bool
		reason string
	}{
		{"model", func(p string) bool { return !strings.HasPrefix(p, "konvo") }, "model is pure"},
		{"api/fsafe", func(p string) bool { return !strings.HasPrefix(p, "konvo") }, "fsafe is a leaf"},
		{"api/store", func(p string) bool {
			return !strings.HasPrefix(p, "konvo") || p == "konvo/model" || p == "konvo/api/fsafe"
		}, "the store is persistence over model"},
		{"ui", func(p string) bool {
			return p != "konvo/api/store" && p != "konvo/api/koretest" && p != "konvo/api/profile"
		}, "ui reads through api/source"},
	}
	for _, r := range rules {
		for path, file := range imports(t, r.dir) {
			for _, p := range file {
				if !r.allow(p) {
					t.Errorf("%s imports %s: %s", path, p, r.reason)
				}
			}
		}
	}
	// ui never holds or calls the HTTP client itself.
	files, _ := filepath.Glob("ui/*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "api.Client") || strings.Contains(string(b), "api.New(") {
			t.Errorf("%s uses the HTTP client directly", f)
		}
	}
	if b, _ := os.ReadFile("main.go"); strings.Count(string(b), "\n") > 100 {
		t.Errorf("main.go is %d lines: it is wiring only", strings.Count(string(b), "\n"))
	}
}

// imports are the imports of each non-test file of dir.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	out := map[string][]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[f] = append(out[f], p)
		}
	}
	return out
}
