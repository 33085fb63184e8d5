package profile

import (
	"strings"
	"testing"
)

// TestMaskConfig: mask: takes true, false or a mapping with the redaction
// character, patterns and who may unmask; --mask turns it on; a pattern
// that does not compile is the user's error, named.
func TestMaskConfig(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, config string
		args         []string
		want         func(Settings) bool
		err          string
	}{
		{"off by default", ``, nil, func(s Settings) bool { return !s.Mask && !s.MaskOff }, ""},
		{"the flag", ``, []string{"--mask"}, func(s Settings) bool { return s.Mask }, ""},
		{"true", "mask: true\n", nil, func(s Settings) bool { return s.Mask && !s.MaskOff }, ""},
		{"false turns serve's off", "mask: false\n", nil, func(s Settings) bool { return !s.Mask && s.MaskOff }, ""},
		{"a mapping", "mask:\n  on: true\n  char: \"#\"\n  patterns:\n    - {name: account, regex: 'ACC-\\d{8}'}\n  unmask: [alice]\n", nil, func(s Settings) bool {
			m, err := s.Masker()
			return err == nil && s.Mask && s.Unmask[0] == "alice" && m.String("ACC-12345678") == "###-########"
		}, ""},
		{"a mapping leaves on unset", "mask:\n  unmask: [alice]\n", nil, func(s Settings) bool { return !s.Mask && !s.MaskOff }, ""},
		{"a bad pattern", "mask:\n  patterns:\n    - {name: broken, regex: '('}\n", nil, nil, `"broken"`},
		{"a long char", "mask:\n  char: \"##\"\n", nil, nil, "one character"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := writeFile(t, dir, "config.yaml", c.config, 0o600)
			s, err := Resolve(parse(t, c.args...), env{"KONVO_CONFIG": cfg, "KONVO_TOKEN": "t"}.get)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !c.want(s) {
				t.Fatalf("settings %+v, err %v", s, err)
			}
		})
	}
}
