package model_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/model"
)

// readableOf is the readable text of a showcase session's messages.
func readableOf(t *testing.T, id string) string {
	t.Helper()
	c := koretest.Demo(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	s, ok := c.Lookup(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	var b strings.Builder
	for _, m := range c.Transcript(s) {
		var msg model.Message
		if err := json.Unmarshal(m.Raw, &msg); err != nil {
			t.Fatal(err)
		}
		b.WriteString(model.Readable(msg) + "\n")
	}
	return b.String()
}

// TestReadableIsWhatAReaderSees: search looks through what is on
// screen (texts, titles, buttons, cells, spoken words), never through
// JSON keys, markup or ids.
func TestReadableIsWhatAReaderSees(t *testing.T) {
	cases := []struct {
		session    string
		has, hasnt []string
	}{
		{"showcase-everything", []string{"Harbour", "Acme Bank assistant"}, []string{"template_type", "payload", "http"}},
		{"showcase-voice", []string{"Welcome to Acme Bank.", "Goodbye & thank you"}, []string{"<speak", "prosody", "&amp;"}},
		{"showcase-tables", nil, []string{"template_type", "columns"}},
	}
	for _, c := range cases {
		text := readableOf(t, c.session)
		for _, w := range c.has {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q missing from\n%s", c.session, w, text)
			}
		}
		for _, w := range c.hasnt {
			if strings.Contains(text, w) {
				t.Errorf("%s: %q should not be searchable", c.session, w)
			}
		}
	}
}

// FuzzReadable: no message makes Readable panic.
func FuzzReadable(f *testing.F) {
	f.Add([]byte(`{"_id":"m","type":"outgoing","components":[{"cT":"text","data":{"text":"{\"type\":\"template\",\"payload\":{\"template_type\":\"button\",\"text\":\"hi\",\"buttons\":[{\"title\":\"Yes\"}]}}"}}]}`))
	f.Add([]byte(`{"components":[{"cT":"text","data":{"text":"<speak>hi</speak>"}}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m model.Message
		if json.Unmarshal(raw, &m) == nil {
			_ = model.Readable(m)
		}
	})
}

// TestLocalFilter: channel and language, which the API cannot filter
// by, are applied to sessions konvo reads.
func TestLocalFilter(t *testing.T) {
	voice := model.Session{Channel: "ivrVoice", Languages: []string{"en-US"}}
	chat := model.Session{Channel: "msteams", Languages: []string{"ja"}}
	cases := []struct {
		f           model.Filter
		voice, chat bool
	}{
		{model.Filter{}, true, true},
		{model.Filter{Channel: "voice"}, true, false},
		{model.Filter{Channel: "MSTeams"}, false, true},
		{model.Filter{Language: "en"}, true, false},
		{model.Filter{Language: "ja", Channel: "msteams"}, false, true},
	}
	for _, c := range cases {
		if c.f.Local(voice) != c.voice || c.f.Local(chat) != c.chat || c.f.HasLocal() != (c.f.Channel != "" || c.f.Language != "") {
			t.Errorf("%+v: voice %v chat %v", c.f, c.f.Local(voice), c.f.Local(chat))
		}
	}
}
