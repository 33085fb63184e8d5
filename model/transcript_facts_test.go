package model

import (
	"reflect"
	"testing"
)

// FuzzFactsOfTranscript: the one pass finds what the functions that find
// each fact alone find, for any page of messages.
func FuzzFactsOfTranscript(f *testing.F) {
	for _, s := range []string{
		`{"messages":[{"type":"incoming","components":[{"cT":"text","data":{"text":"hi"}}]},{"type":"outgoing","taskName":"Loan","components":[{"cT":"text","data":{"text":"Sorry, I didn't understand"}}]}]}`,
		`{"messages":[{"type":"outgoing","components":[{"cT":"error","data":{"text":"boom"}},{"cT":"error","data":{"text":"second"}}]},{"type":"outgoing","components":[{"cT":"text","data":{"text":"{\"type\":\"template\",\"payload\":{\"template_type\":\"button\",\"text\":\"Pick\",\"buttons\":[{\"title\":\"A\"}]}}"}}]}]}`,
		`{"messages":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		page, err := DecodeMessagesPage(b)
		if err != nil {
			return
		}
		msgs := page.Messages
		got := FactsOfTranscript(msgs)
		failure, failed := FirstFailure(msgs)
		want := TranscriptFacts{Texts: make([]string, len(msgs)), Failure: failure, Failed: failed, Last: LastBotWords(msgs), Unclear: FirstNotUnderstood(msgs)}
		for i, m := range msgs {
			want.Texts[i] = Readable(m)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("one pass %+v\nalone %+v", got, want)
		}
	})
}
