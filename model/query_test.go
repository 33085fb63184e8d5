package model

import (
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	u, b, a := SpeakerUser, SpeakerBot, SpeakerAgent
	for _, c := range []struct {
		in    string
		terms []string
		who   []Speaker
	}{
		{"card 4821", []string{"card", "4821"}, nil},
		{`"card ending 4821"`, []string{"card ending 4821"}, nil},
		{`user: card 4821`, []string{"card", "4821"}, []Speaker{u}},
		{`USER:card`, []string{"card"}, []Speaker{u}},
		{`bot:"card   ending" 4821`, []string{"card ending", "4821"}, []Speaker{b}},
		{`agent: refund user:`, []string{"refund"}, []Speaker{a, u}},
		{`"unclosed phrase`, []string{"unclosed phrase"}, nil},
		{`time: 10:30`, []string{"time:", "10:30"}, nil},
		{`""`, nil, nil},
	} {
		q := ParseQuery(c.in)
		if !reflect.DeepEqual(q.Terms, c.terms) || !reflect.DeepEqual(q.Speakers, c.who) {
			t.Errorf("ParseQuery(%q) = %q %v, want %q %v", c.in, q.Terms, q.Speakers, c.terms, c.who)
		}
	}
}

// FuzzParseQuery: any text parses, and no term is empty or carries the
// scope it named.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`user: "card 4821"`, `bot:"a`, `"`, `agent:`, `  "" x:y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		for _, term := range q.Terms {
			if term == "" {
				t.Fatalf("%q: an empty term", s)
			}
		}
		_ = q.Who()
		_ = q.Words()
	})
}
