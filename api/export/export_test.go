package export

import (
	"encoding/json"
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
