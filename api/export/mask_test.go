package export

import (
	"encoding/json"
	"strings"
	"testing"

	"konvo/model"
)

// TestExportsMasked: with a Masker every format writes personal data
// masked (JSON Lines still JSON); without one the record is the server's
// bytes.
func TestExportsMasked(t *testing.T) {
	mask, err := model.NewMasker(model.MaskOptions{}, []byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	var s model.Session
	if err := json.Unmarshal([]byte(`{"sessionId":"s-1","userId":"jo@example.org","start_time":"2026-11-20T10:00:00Z"}`), &s); err != nil {
		t.Fatal(err)
	}
	var m model.Message
	if err := json.Unmarshal([]byte(`{"_id":"m-1","type":"incoming","components":[{"cT":"text","data":{"text":"card 4111 1111 1111 1111"}}]}`), &m); err != nil {
		t.Fatal(err)
	}
	md := func(s model.Session, msgs []model.Message) []byte {
		return []byte(s.UserID + " " + model.Readable(msgs[0]))
	}
	for _, format := range []string{"jsonl", "csv", "md"} {
		o := Options{Messages: true, Format: format, Markdown: md}
		plain := string(o.record(s, []model.Message{m}))
		o.Mask = mask
		masked := string(o.record(s, []model.Message{m}))
		if !strings.Contains(plain, "jo@example.org") {
			t.Errorf("%s unmasked lost the data: %s", format, plain)
		}
		if strings.Contains(masked, "jo@example.org") || strings.Contains(masked, "4111 1111") {
			t.Errorf("%s masked shows personal data: %s", format, masked)
		}
		if format == "jsonl" && !json.Valid([]byte(strings.TrimSpace(masked))) {
			t.Errorf("masked JSON Lines record is not JSON: %s", masked)
		}
	}
}
