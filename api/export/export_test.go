package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"konvo/model"
)

func TestWithMessagesKeepsTheSessionAsSent(t *testing.T) {
	msgs := []model.Message{{Raw: json.RawMessage(`{"_id":"ms-1", "type":"incoming"}`)}, {Raw: json.RawMessage(`{"_id":"ms-2"}`)}}
	for in, want := range map[string]string{
		`{"sessionId":"a","zz":{"unknown":[1,2]}}`: `{"sessionId":"a","zz":{"unknown":[1,2]},"messages":[{"_id":"ms-1","type":"incoming"},{"_id":"ms-2"}]}`,
		"{ }":                   `{"messages":[{"_id":"ms-1","type":"incoming"},{"_id":"ms-2"}]}`,
		"{\"a\":1}\n":           `{"a":1,"messages":[{"_id":"ms-1","type":"incoming"},{"_id":"ms-2"}]}`,
		`["not","an","object"]`: `["not","an","object"]`,
	} {
		if got := string(WithMessages([]byte(in), msgs)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
	if got := string(WithMessages([]byte(`{"a":1}`), nil)); got != `{"a":1,"messages":[]}` {
		t.Errorf("no messages: %s", got)
	}
}

// TestResumeDoesNotFollowALink: export -o F --resume followed a symlinked
// F.partial, appending to its target, cutting its last line and making it
// 0600. A link is refused, and its target left as it was.
func TestResumeDoesNotFollowALink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious.txt")
	const content = "line one\nline two without end"
	if err := os.WriteFile(target, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	if err := os.Symlink(target, out+PartialSuffix); err != nil {
		t.Fatal(err)
	}
	if _, err := Resume(out); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("resume through a link: %v", err)
	}
	if _, err := Create(out); err == nil {
		t.Fatal("create through a link")
	}
	got, _ := os.ReadFile(target)
	fi, _ := os.Stat(target)
	if string(got) != content || fi.Mode().Perm() != 0o644 {
		t.Errorf("the link's target was changed: %q %v", got, fi.Mode())
	}
}
