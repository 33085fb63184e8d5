package export

import (
	"bytes"
	"encoding/json"
	"testing"

	"konvo/api/store"
	"konvo/model"
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

// FuzzDecodeRecordAgreesWithTokens: the one-pass reader reads every line
// as json.Decoder's tokens do: the same lines, the same record, the same
// messages.
func FuzzDecodeRecordAgreesWithTokens(f *testing.F) {
	for _, s := range []string{
		`{"sessionId":"s-1","userId":"u","messages":[{"_id":"m1","type":"incoming","components":[{"cT":"text","data":{"text":"hi ]}"}}]}]}`,
		`{ "sessionId" : "s-2" , "messages" : [ ] }`, `{"sessionId":"s-3","messages":[null]}`, `{"sessionId":"s-4","messages":[1,"x",true]}`,
		`{"sessionId":"s-5","messages":[{"a":[}]}`, `{"sessionId":"s-6","messages":[{}],}`, `{"sessionId":"s-7"}{"sessionId":"s-8"}`,
		`{"sessionId":"s-9","\u006dessages":[{"_id":"m"}]}`, `{"sessionId":"s-10","messages":[{"_id":"m"}],"messages":[]}`,
		`{"sessionId":"s-11","messages":[{"_id":"m\"]"}]}`, `{"sessionId":"s-12","n":-1.5e3,"messages":[]}`, `{"sessionId":"s-13","messages":[{]}`,
		`{"sessionId":"s-14" "x":1}`, `{"sessionId":"s-15","messages":[{"_id":"a"} {"_id":"b"}]}`, "{\"sessionId\":\"s-16\",\"messages\":[\"a\tb\"]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		line = bytes.TrimSpace(line)
		got, ok := decodeRecord(line)
		want, wantOK := decodeRecordByTokens(line)
		if ok != wantOK {
			t.Fatalf("%q: read %v, by tokens %v", line, ok, wantOK)
		}
		if !ok {
			return
		}
		if !bytes.Equal(got.Session.Raw, want.Session.Raw) || got.HasMessages != want.HasMessages || len(got.Messages) != len(want.Messages) {
			t.Fatalf("%q: record %q (%v, %d messages), by tokens %q (%v, %d)", line, got.Session.Raw, got.HasMessages, len(got.Messages), want.Session.Raw, want.HasMessages, len(want.Messages))
		}
		for i := range got.Messages {
			if !bytes.Equal(got.Messages[i].Raw, want.Messages[i].Raw) || got.Messages[i].ID != want.Messages[i].ID {
				t.Fatalf("%q: message %d %q, by tokens %q", line, i, got.Messages[i].Raw, want.Messages[i].Raw)
			}
		}
	})
}

// decodeRecordByTokens is decodeRecord as it was, through json.Decoder's
// tokens (four scans of every message where decodeRecord makes two): the
// oracle the faster one must agree with. One rule is new: nothing may
// follow the record's object on its line.
func decodeRecordByTokens(line []byte) (store.Entry, bool) {
	if len(line) == 0 || line[0] != '{' {
		return store.Entry{}, false
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return store.Entry{}, false
	}
	var im store.Entry
	var msgs json.RawMessage
	record := make([]byte, 0, len(line))
	record = append(record, '{')
	for dec.More() {
		from := dec.InputOffset()
		key, err := dec.Token()
		if err != nil {
			return store.Entry{}, false
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return store.Entry{}, false
		}
		if key == "messages" {
			msgs, im.HasMessages = value, true
			continue
		}
		member := bytes.TrimLeft(line[from:dec.InputOffset()], ", \t\r\n")
		if len(record) > 1 {
			record = append(record, ',')
		}
		record = append(record, member...)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return store.Entry{}, false
	}
	if len(bytes.TrimSpace(line[dec.InputOffset():])) > 0 {
		return store.Entry{}, false
	}
	record = append(record, '}')
	if err := json.Unmarshal(Compact(record), &im.Session); err != nil || im.Session.ID == "" {
		return store.Entry{}, false
	}
	if !im.HasMessages {
		return im, true
	}
	// One pass over the array: each message is checked once, as it is
	// decoded, not once as an element and again as a message.
	md := json.NewDecoder(bytes.NewReader(msgs))
	if tok, err := md.Token(); err != nil || tok != json.Delim('[') {
		return store.Entry{}, false
	}
	for md.More() {
		var m model.Message
		if err := md.Decode(&m); err != nil {
			return store.Entry{}, false
		}
		m.FillFrom(im.Session)
		im.Messages = append(im.Messages, m)
	}
	if im.Messages == nil {
		im.Messages = []model.Message{} // an empty transcript is one
	}
	facts := model.FactsOfTranscript(im.Messages) // here, beside the writer
	im.Facts = &facts
	return im, true
}
