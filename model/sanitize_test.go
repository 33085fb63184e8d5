package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want, wantLine string }{
		{"plain", "plain", "plain"},
		{"\x1b[31mred\x1b[0m", "␛[31mred␛[0m", "␛[31mred␛[0m"},
		{"title\x1b]0;pwned\x07", "title␛]0;pwned␇", "title␛]0;pwned␇"},
		{"a\nb\r\nc", "a\nb\nc", "a⏎ b⏎ c"},
		{"tab\there", "tab    here", "tab here"},
		{"\u009b31m", "<U+009B>31m", "<U+009B>31m"},
		{"evil\u202egnp.exe", "evil<U+202E>gnp.exe", "evil<U+202E>gnp.exe"},
		{"bad\xffutf8", `bad\xFFutf8`, `bad\xFFutf8`},
		{"日本語 🙂", "日本語 🙂", "日本語 🙂"},
		{"del\x7f", "del␡", "del␡"},
		// Zero-width characters shifted table columns (issue 8, item 10).
		{"order\u200b4821", "order<U+200B>4821", "order<U+200B>4821"},
		{"a\u200cb\u200dc\u2060d\u00ade", "a<U+200C>b<U+200D>c<U+2060>d<U+00AD>e", "a<U+200C>b<U+200D>c<U+2060>d<U+00AD>e"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in, true); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Line(tt.in); got != tt.wantLine {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.wantLine)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add("\x1b[2J\x1b[H")
	f.Add("a\u202eb\nc\td")
	f.Add("\xc0\x80")
	f.Fuzz(func(t *testing.T, in string) {
		for _, out := range []string{Sanitize(in, true), Sanitize(in, false), Line(in)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", in)
			}
			for _, r := range out {
				if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) || isInvisible(r) {
					t.Fatalf("control %U survived in %q", r, out)
				}
			}
		}
		if strings.ContainsRune(Line(in), '\n') || strings.ContainsRune(Sanitize(in, false), '\n') {
			t.Fatalf("line break survived single-line sanitising of %q", in)
		}
	})
}
