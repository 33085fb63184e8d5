package export

import (
	"bytes"
	"testing"
)

// FuzzDecodeRecord: whatever a line holds, decoding it never fails
// loudly, and a line it reads is read back the same once written as the
// export writes it: the record byte for byte, the same messages.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range []string{
		`{"sessionId":"s-1","userId":"u","start_time":"2026-11-20T10:00:00Z","messages":[{"_id":"m1","type":"incoming","components":[{"cT":"text","data":{"text":"hi"}}]}]}`,
		`{"messages":[],"sessionId":"s-2"}`,
		`{"sessionId":"s-3","nested":{"messages":[1,2]},"messages":[]}`,
		`{"sessionId":"s-4"}`, `null`, `{"sessionId":"s-5","messages":{}}`, `[1]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		im, ok := decodeRecord(bytes.TrimSpace(line))
		if !ok {
			return
		}
		if im.Session.ID == "" {
			t.Fatalf("a record without a session id was read from %q", line)
		}
		again := Compact(im.Session.Raw)
		if im.HasMessages {
			again = WithMessages(im.Session.Raw, im.Messages)
		}
		back, ok := decodeRecord(again)
		if !ok || !bytes.Equal(back.Session.Raw, im.Session.Raw) || len(back.Messages) != len(im.Messages) || back.HasMessages != im.HasMessages {
			t.Fatalf("%q read as %q with %d messages, written %q, read back %v %q with %d", line, im.Session.Raw, len(im.Messages), again, ok, back.Session.Raw, len(back.Messages))
		}
	})
}
