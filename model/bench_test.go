package model_test

import (
	"encoding/json"
	"testing"
	"time"

	"konvo/api/koretest"
	"konvo/model"
)

// pages builds a 100-session and a 100-message getSessions/getMessages
// body from the demo corpus: the shapes the decoders meet for real.
func pages(b *testing.B) (sessions, messages []byte) {
	c := koretest.Demo(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	var ss []json.RawMessage
	for _, s := range c.Sessions()[:100] {
		ss = append(ss, s.JSON(c.BotID))
	}
	everything, _ := c.Lookup("showcase-everything")
	long, _ := c.Lookup("showcase-long-2000")
	var ms []json.RawMessage
	for _, m := range append(c.Transcript(everything), c.Transcript(long)...)[:100] {
		ms = append(ms, m.Raw)
	}
	sessions, _ = json.Marshal(map[string]any{"total": 3000, "moreAvailable": true, "sessions": ss})
	messages, _ = json.Marshal(map[string]any{"total": 2060, "moreAvailable": true, "messages": ms})
	return sessions, messages
}

func BenchmarkDecodeSessionsPage(b *testing.B) {
	body, _ := pages(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := model.DecodeSessionsPage(body)
		if err != nil || len(p.Sessions) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeMessagesPage(b *testing.B) {
	_, body := pages(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := model.DecodeMessagesPage(body)
		if err != nil || len(p.Messages) != 100 {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseComponents parses every component of the 100 messages,
// the work a transcript does for what it shows.
func BenchmarkParseComponents(b *testing.B) {
	_, body := pages(b)
	p, _ := model.DecodeMessagesPage(body)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, m := range p.Messages {
			for _, c := range m.Components {
				_ = c.Parse()
			}
		}
	}
}

func FuzzDecodePages(f *testing.F) {
	f.Add(`{"total":1,"moreAvailable":"true","sessions":[{"sessionId":"a"},3,null],"invalidSessions":["x",{"sessionId":"y"}]}`)
	f.Add(`{"messages":[{"components":[{"cT":"text","data":{"text":"{}"}}]}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		_, _ = model.DecodeSessionsPage([]byte(body))
		p, _ := model.DecodeMessagesPage([]byte(body))
		for _, m := range p.Messages {
			for _, c := range m.Components {
				_ = c.Parse()
			}
		}
	})
}
