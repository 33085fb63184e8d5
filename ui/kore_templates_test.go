package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"konvo/api/koretest"
	"konvo/model"
)

// screenText is a render as one line of words: styles stripped, box
// borders dropped, white space folded, so a string wrapped over lines is
// found whole.
func screenText(lines []string) string {
	clean := strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ", "┄", " ")
	return strings.Join(strings.Fields(clean.Replace(ansi.Strip(strings.Join(lines, "\n")))), " ")
}

func folded(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestKoreTemplatesAreDrawnAsContent walks every template payload Kore
// documents (koretest's fixture, in the shapes of Kore's web SDK and docs)
// through the parser and the renderer: each is typed, not left to the
// JSON fallback; every string a reader sees on Kore's own web client is on
// screen whole at a width where nothing is cut, and word by word at 80
// and 120 columns; no JSON is shown; no line is wider than the screen;
// and search reads the same strings.
func TestKoreTemplatesAreDrawnAsContent(t *testing.T) {
	templates := koretest.Templates()
	if len(templates) < 38 {
		t.Fatalf("only %d documented templates in the fixture", len(templates))
	}
	for _, kt := range templates {
		t.Run(kt.Name, func(t *testing.T) {
			c := textComponent(kt.Doc())
			p := c.Parse()
			switch p.(type) {
			case model.OtherTemplate, model.Unknown:
				t.Fatalf("parsed as %T: shown as JSON", p)
			}
			if len(kt.Visible) == 0 {
				t.Fatal("the fixture names no visible string")
			}
			wide := screenText(renderPart(bareTheme(), p, 220))
			for _, want := range kt.Visible {
				if !strings.Contains(wide, folded(want)) {
					t.Errorf("%q is not on screen:\n%s", want, wide)
				}
			}
			for _, w := range []int{80, 120} {
				lines := renderPart(bareTheme(), p, w)
				screen := screenText(lines)
				for _, want := range kt.Visible {
					for _, word := range strings.Fields(want) {
						if !strings.Contains(screen, word) {
							t.Errorf("at %d columns the word %q of %q is missing:\n%s", w, word, want, strings.Join(lines, "\n"))
						}
					}
				}
				if strings.Contains(screen, "{ }") || strings.Contains(screen, `":`) || strings.Contains(screen, "base64") {
					t.Errorf("at %d columns JSON or inline data is shown:\n%s", w, strings.Join(lines, "\n"))
				}
				for i, l := range lines {
					if Width(l) > w {
						t.Errorf("at %d columns line %d is %d cells: %q", w, i, Width(l), l)
					}
				}
			}
			readable := folded(model.Readable(model.Message{Components: []model.Component{c}}))
			for _, want := range kt.Visible {
				if strings.HasPrefix(want, "https://") {
					continue // search reads words, not addresses
				}
				if !strings.Contains(readable, folded(want)) {
					t.Errorf("search does not read %q: %q", want, readable)
				}
			}
		})
	}
}

// TestCarouselButtonTitlesWrap: at 80 columns a carousel card is about
// 20 cells wide, and a button title longer than that wraps, not cut.
func TestCarouselButtonTitlesWrap(t *testing.T) {
	p := model.Carousel{Cards: []model.ListItem{{Title: "Main", Buttons: []model.Button{{Title: "Book a visit with an adviser at this branch"}}}, {Title: "B"}, {Title: "C"}}}
	lines := renderPart(bareTheme(), p, 80)
	out := strings.Join(lines, "\n")
	if strings.Contains(out, "…") {
		t.Errorf("a button title was cut:\n%s", out)
	}
	for _, word := range []string{"Book", "adviser", "branch"} {
		if !strings.Contains(out, word) {
			t.Errorf("%q missing:\n%s", word, out)
		}
	}
}

// TestDataURIsAreNeverText: a base64 icon is named, never printed.
func TestDataURIsAreNeverText(t *testing.T) {
	icon := "data:image/png;base64," + strings.Repeat("iVBORw0KGgo", 40)
	for _, p := range []model.Part{
		model.List{Items: []model.ListItem{{Title: "A", ImageURL: icon, URL: icon}}},
		model.Media{Kind: "image", URL: icon},
		model.Carousel{Cards: []model.ListItem{{Title: "A", ImageURL: icon}}},
	} {
		out := strings.Join(renderPart(bareTheme(), p, 80), "\n")
		if strings.Contains(out, "iVBOR") || strings.Contains(out, "base64") {
			t.Errorf("%T shows inline data:\n%s", p, out)
		}
	}
}
