package ui

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"konvo/api/koretest"
	"konvo/model"
)

// goldenWidths are the terminal widths every renderer is checked at.
var goldenWidths = []int{40, 80, 120}

// bareTheme has no styles at all: its output holds no escape sequence, so
// any escape in a render comes from server text that was not sanitised.
func bareTheme() *Theme { return &Theme{} }

// fixture is a component to render, named for its golden files.
type fixture struct {
	name string
	c    model.Component
}

// allFixtures are the components under testdata/components and, named
// kore_*, every template payload Kore documents (koretest's fixture).
func allFixtures(t testing.TB) []fixture {
	t.Helper()
	files, _ := filepath.Glob("testdata/components/*.json")
	var out []fixture
	for _, f := range files {
		out = append(out, fixture{strings.TrimSuffix(filepath.Base(f), ".json"), loadComponent(t, f)})
	}
	for _, kt := range koretest.Templates() {
		out = append(out, fixture{"kore_" + kt.Name, textComponent(kt.Doc())})
	}
	return out
}

// textComponent stores a document as Kore.ai keeps a rich bot message:
// a JSON string in a text component's data.text.
func textComponent(doc string) model.Component {
	data, _ := json.Marshal(map[string]string{"text": doc})
	return model.Component{Type: "text", Data: data}
}

func loadComponent(t testing.TB, path string) model.Component {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c model.Component
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRenderGolden renders every fixture at three widths with the plain
// theme and compares with testdata/golden (go test ./ui -run Golden -update
// rewrites them; read the diff like code).
func TestRenderGolden(t *testing.T) {
	fixtures := allFixtures(t)
	if len(fixtures) < 60 {
		t.Fatalf("only %d fixtures", len(fixtures))
	}
	theme := PlainTheme()
	for _, fx := range fixtures {
		name, c := fx.name, fx.c
		for _, w := range goldenWidths {
			t.Run(name+"/"+strconv.Itoa(w), func(t *testing.T) {
				lines := renderPart(&theme, c.Parse(), w)
				for i, l := range lines {
					if Width(l) > w {
						t.Errorf("line %d is %d cells wide, more than %d: %q", i, Width(l), w, ansi.Strip(l))
					}
				}
				got := ansi.Strip(strings.Join(lines, "\n")) + "\n"
				path := filepath.Join("testdata", "golden", name+".w"+strconv.Itoa(w)+".txt")
				if *update {
					_ = os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("render differs from %s:\n--- got\n%s--- want\n%s", path, got, want)
				}
			})
		}
	}
}

// TestEveryKindHasARenderer checks that the fixtures cover every part type
// the model knows, so a new kind cannot land without a golden.
// TestEveryKindHasARenderer reads the model package's source for every
// type that is a Part, so a new kind cannot slip in unrendered: each must
// have a case in renderPart and a fixture that parses as it.
func TestEveryKindHasARenderer(t *testing.T) {
	kinds := partKinds(t)
	if len(kinds) < 10 {
		t.Fatalf("found only %d part kinds in ../model: %v", len(kinds), kinds)
	}
	render, err := os.ReadFile("render.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, fx := range allFixtures(t) {
		seen[strings.TrimPrefix(fmt.Sprintf("%T", fx.c.Parse()), "model.")] = true
	}
	for _, k := range kinds {
		if !strings.Contains(string(render), "case model."+k+":") {
			t.Errorf("renderPart has no case for model.%s", k)
		}
		if !seen[k] {
			t.Errorf("no fixture parses as %s", k)
		}
	}
}

// partKinds lists the types in package model with a part() method.
func partKinds(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	paths, _ := filepath.Glob("../model/*.go")
	var kinds []string
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "part" || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
				kinds = append(kinds, id.Name)
			}
		}
	}
	return kinds
}

func TestHostileTextIsNeutralised(t *testing.T) {
	c := loadComponent(t, "testdata/components/text_hostile.json")
	out := strings.Join(renderPart(bareTheme(), c.Parse(), 80), "\n")
	if strings.ContainsAny(out, "\x1b\x07\r\u202e") {
		t.Fatalf("control characters reached the screen: %q", out)
	}
	for _, want := range []string{"␛[31mred", "␇", "<U+202E>"} {
		if !strings.Contains(out, want) {
			t.Errorf("want visible %q in %q", want, out)
		}
	}
}

// FuzzRenderers feeds arbitrary components to every renderer: no panic,
// no escape sequence from the input, no line wider than the width.
func FuzzRenderers(f *testing.F) {
	files, _ := filepath.Glob("testdata/components/*.json")
	for _, path := range files {
		b, _ := os.ReadFile(path)
		f.Add(string(b), 40)
	}
	for _, kt := range koretest.Templates() {
		b, _ := json.Marshal(textComponent(kt.Doc()).Data)
		f.Add(`{"cT":"text","data":`+string(b)+`}`, 60)
	}
	f.Add(`{"cT":"text","data":{"text":"{\"type\":\"template\",\"payload\":{\"template_type\":\"table\",\"columns\":[[\"\u001b[2J\"]],\"elements\":[{\"Values\":[\"x\"]}]}}"}}`, 9)
	f.Add(`{"cT":"text","data":{"text":"{\"type\":\"template\",\"payload\":{\"template_type\":\"carousel\",\"elements\":[{\"title\":\"日本語日本語日本語\"}]}}"}}`, 8)
	f.Fuzz(func(t *testing.T, raw string, w int) {
		w = 8 + abs(w)%200
		var c model.Component
		_ = json.Unmarshal([]byte(raw), &c)
		for i, th := range []*Theme{bareTheme(), ptr(PlainTheme())} {
			for _, l := range renderPart(th, c.Parse(), w) {
				if Width(l) > w {
					t.Fatalf("line of %d cells at width %d: %q", Width(l), w, l)
				}
				// The bare theme adds no styling, so any escape in its
				// output came from the input.
				if i == 0 && strings.ContainsAny(l, "\x1b\x07\u009b") {
					t.Fatalf("escape in output: %q", l)
				}
				if strings.ContainsAny(ansi.Strip(l), "\x1b\x07\r\n") {
					t.Fatalf("control character in output: %q", l)
				}
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n {
			return 0
		}
		return -n
	}
	return n
}

func ptr[T any](v T) *T { return &v }
