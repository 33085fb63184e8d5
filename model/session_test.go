package model

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestSessionDecodesEveryDocumentedShape(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want func(t *testing.T, s Session)
	}{
		{"v8 string language", `{"sessionId":"5cb1","botId":"st-1","channel":"rtm","userId":"u-1","start_time":"2019-04-23T10:25:34.075Z","end_time":"2019-04-23T10:52:10.638Z","session_lang":"en"}`,
			func(t *testing.T, s Session) {
				if s.ID != "5cb1" || s.Channel != "rtm" || !reflect.DeepEqual(s.Languages, []string{"en"}) {
					t.Errorf("got %+v", s)
				}
				if s.Duration() != 26*time.Minute+36*time.Second+563*time.Millisecond {
					t.Errorf("duration %v", s.Duration())
				}
			}},
		{"v9 containment in sessionType, array language, developer 1", `{"sessionId":"a","session_lang":["en","ja"],"sessionType":"dropOff","isDeveloper":1}`,
			func(t *testing.T, s Session) {
				if s.Containment != DropOff || !s.ContainmentKnown || !s.IsDeveloper || len(s.Languages) != 2 {
					t.Errorf("got %+v", s)
				}
			}},
		{"v10 full", `{"sessionId":"b","sessionType":"non-interactive","containmentType":"agent","isDeveloper":false,"sessionStatus":"closed","tags":{"userTags":[{"name":"tier","value":"gold"}],"sessionTags":[{"name":"topic","value":["billing","refund"]}],"altText":[]},"noOfMessagesExchanged":"12","noOfTasksExecuted":3}`,
			func(t *testing.T, s Session) {
				if s.Type != NonInteractive || s.Containment != Agent || s.IsDeveloper || s.Messages != 12 || s.Tasks != 3 {
					t.Errorf("got %+v", s)
				}
				if len(s.SessionTags) != 2 || s.SessionTags[1].Value != "refund" || s.UserTags[0] != (Tag{"tier", "gold"}) {
					t.Errorf("tags %+v %+v", s.UserTags, s.SessionTags)
				}
			}},
		{"wrong types everywhere", `{"sessionId":12345,"start_time":{"x":1},"end_time":false,"session_lang":7,"noOfMessagesExchanged":"many","tags":"oops","containmentType":["agent"]}`,
			func(t *testing.T, s Session) {
				if s.ID != "12345" || !s.Start.IsZero() || s.Messages != 0 || s.ContainmentKnown {
					t.Errorf("got %+v", s)
				}
			}},
		{"epoch millis", `{"sessionId":"c","start_time":1700000000000}`,
			func(t *testing.T, s Session) {
				if !s.Start.Equal(time.UnixMilli(1700000000000)) {
					t.Errorf("start %v", s.Start)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Session
			if err := json.Unmarshal([]byte(tt.in), &s); err != nil {
				t.Fatal(err)
			}
			if string(s.Raw) != tt.in {
				t.Errorf("raw not kept: %s", s.Raw)
			}
			tt.want(t, s)
		})
	}
}

func TestOddSessionDoesNotFailThePage(t *testing.T) {
	var page struct {
		Sessions []Session `json:"sessions"`
	}
	in := `{"sessions":[{"sessionId":"a"},{"sessionId":"b","start_time":[1,2]},{"sessionId":null}]}`
	if err := json.Unmarshal([]byte(in), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Sessions) != 3 || page.Sessions[1].ID != "b" {
		t.Fatalf("got %+v", page.Sessions)
	}
}

func TestContainmentSpellings(t *testing.T) {
	for in, want := range map[string]Containment{
		"": All, "all": All, "selfService": SelfService, "Selfservice": SelfService, "self-service": SelfService,
		"dropOff": DropOff, "drop off": DropOff, "DROP_OFF": DropOff, "agent": Agent, "Agent Transfer": Agent,
	} {
		got, err := ParseContainment(in)
		if err != nil || got != want {
			t.Errorf("%q: got %v, %v", in, got, err)
		}
	}
	if _, err := ParseContainment("bogus"); err == nil {
		t.Error("bogus accepted")
	}
	for _, c := range Containments {
		back, err := ParseContainment(c.String())
		if err != nil || back != c {
			t.Errorf("%v does not round-trip", c)
		}
	}
}

func TestSessionTypeSpellings(t *testing.T) {
	for in, want := range map[string]SessionType{"": AnySessionType, "interactive": Interactive, "non-interactive": NonInteractive, "Non Interactive": NonInteractive} {
		if got, err := ParseSessionType(in); err != nil || got != want {
			t.Errorf("%q: got %v %v", in, got, err)
		}
	}
	if _, err := ParseSessionType("sometimes"); err == nil {
		t.Error("accepted nonsense")
	}
}

func FuzzSessionDecode(f *testing.F) {
	f.Add(`{"sessionId":"a","session_lang":["en"],"tags":{"userTags":[{"name":"x","value":1}]}}`)
	f.Add(`{"start_time":"2019-04-23T10:25:34.075Z","isDeveloper":"yes"}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		var s Session
		_ = json.Unmarshal([]byte(in), &s)
		_ = s.Duration()
		var m Message
		_ = json.Unmarshal([]byte(in), &m)
		_ = m.Speaker()
		for _, c := range m.Components {
			_ = c.Parse()
		}
	})
}
