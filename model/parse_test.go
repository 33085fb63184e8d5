package model

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// textComponent wraps a document the way Kore.ai stores rich messages: as
// a JSON string in data.text of a "text" component.
func textComponent(doc string) Component {
	data, _ := json.Marshal(map[string]string{"text": doc})
	return Component{Type: "text", Data: data}
}

func TestParseComponents(t *testing.T) {
	tests := []struct {
		name string
		c    Component
		want Part
	}{
		{"plain text", textComponent("Hello\nthere"), Text{Body: "Hello\nthere"}},
		{"ssml", textComponent(`<speak>Your balance is <say-as interpret-as="currency">$42</say-as>.<break time="1s"/>Bye &amp; thanks</speak>`),
			Speech{Text: "Your balance is $42 . Bye & thanks", SSML: `<speak>Your balance is <say-as interpret-as="currency">$42</say-as>.<break time="1s"/>Bye &amp; thanks</speak>`}},
		{"button", textComponent(`{"type":"template","payload":{"template_type":"button","text":"Pick","buttons":[{"type":"postback","title":"Yes","payload":"YES"},{"type":"web_url","title":"Docs","url":"https://x.test/d"}]}}`),
			ButtonTemplate{Text: "Pick", Buttons: []Button{{Kind: "postback", Title: "Yes", Payload: "YES"}, {Kind: "web_url", Title: "Docs", URL: "https://x.test/d"}}}},
		{"quick replies", textComponent(`{"type":"template","payload":{"template_type":"quick_replies","text":"Size?","quick_replies":[{"content_type":"text","title":"S","payload":"s"},{"content_type":"text","title":"M","payload":{"v":1}}]}}`),
			QuickReplies{Text: "Size?", Replies: []Button{{Kind: "text", Title: "S", Payload: "s"}, {Kind: "text", Title: "M", Payload: `{"v":1}`}}}},
		{"list", textComponent(`{"type":"template","payload":{"template_type":"list","elements":[{"title":"A","subtitle":"a","image_url":"https://x.test/a.png","default_action":{"type":"web_url","url":"https://x.test/a"},"buttons":[{"type":"postback","title":"Buy","payload":"buy-a"}]}],"buttons":[{"title":"More"}]}}`),
			List{Template: "list", Items: []ListItem{{Title: "A", Subtitle: "a", ImageURL: "https://x.test/a.png", URL: "https://x.test/a", Buttons: []Button{{Kind: "postback", Title: "Buy", Payload: "buy-a"}}}}, Buttons: []Button{{Title: "More"}}}},
		{"listView value object", textComponent(`{"type":"template","payload":{"template_type":"listView","text":"Bills","elements":[{"title":"Power","subtitle":"Due 1 Dec","value":{"type":"text","text":"$20"}}]}}`),
			List{Template: "listView", Heading: "Bills", Items: []ListItem{{Title: "Power", Subtitle: "Due 1 Dec", Value: "$20"}}}},
		{"advanced list", textComponent(`{"type":"template","payload":{"template_type":"advancedListTemplate","title":"Plans","description":"pick one","listItems":[{"title":"Gold","description":"all in","icon":"https://x.test/g.png","buttons":[{"type":"postback","title":"Choose","payload":"gold"}]}]}}`),
			List{Template: "advancedListTemplate", Heading: "Plans — pick one", Items: []ListItem{{Title: "Gold", Subtitle: "all in", ImageURL: "https://x.test/g.png", Buttons: []Button{{Kind: "postback", Title: "Choose", Payload: "gold"}}}}}},
		{"carousel", textComponent(`{"type":"template","payload":{"template_type":"carousel","elements":[{"title":"One"},{"title":"Two","subtitle":"2"}]}}`),
			Carousel{Cards: []ListItem{{Title: "One"}, {Title: "Two", Subtitle: "2"}}}},
		{"table", textComponent(`{"type":"template","payload":{"template_type":"table","columns":[["No.","center"],["Name"]],"elements":[{"Values":["1","Ann"]},{"values":[2,"Bo"]},["3","Cy"]]}}`),
			Table{Template: "table", Tables: []TableBlock{{Columns: []Column{{"No.", "center"}, {"Name", ""}}, Rows: [][]string{{"1", "Ann"}, {"2", "Bo"}, {"3", "Cy"}}}}}},
		{"mini table", textComponent(`{"type":"template","payload":{"template_type":"mini_table","elements":[{"primary":[["Item"],["Qty","right"]],"additional":[["Tea","2"],["Jam","1"]]}]}}`),
			Table{Template: "mini_table", Tables: []TableBlock{{Columns: []Column{{"Item", ""}, {"Qty", "right"}}, Rows: [][]string{{"Tea", "2"}, {"Jam", "1"}}}}}},
		{"form", textComponent(`{"type":"template","payload":{"template_type":"form_template","heading":"Sign in","formFields":[{"type":"password","label":"PIN","placeholder":"4 digits","fieldButton":{"title":"Go"}}]}}`),
			Form{Template: "form_template", Heading: "Sign in", Fields: []FormField{{Kind: "password", Label: "PIN", Placeholder: "4 digits"}}, Buttons: []Button{{Title: "Go"}}}},
		{"feedback stars", textComponent(`{"type":"template","payload":{"template_type":"feedbackTemplate","view":"star","text":"Rate us","starArrays":[]}}`),
			Feedback{Heading: "Rate us", View: "star", Options: []string{"1", "2", "3", "4", "5"}}},
		{"feedback emojis", textComponent(`{"type":"template","payload":{"template_type":"feedbackTemplate","view":"emojis","heading":"How was it?","smileyArrays":[{"smileyId":1,"reviewText":"Angry"},{"smileyId":2,"value":2}]}}`),
			Feedback{Heading: "How was it?", View: "emojis", Options: []string{"Angry", "2"}}},
		{"pie", textComponent(`{"type":"template","payload":{"template_type":"piechart","text":"Spend","elements":[{"title":"Food","value":"30","displayValue":"$30"},{"title":"Rent","value":70}]}}`),
			Chart{Kind: "piechart", Title: "Spend", Series: []ChartSeries{{Title: "Food", Values: []float64{30}, Display: []string{"$30"}}, {Title: "Rent", Values: []float64{70}}}}},
		{"bar", textComponent(`{"type":"template","payload":{"template_type":"barchart","headers":["Jan","Feb"],"elements":[{"title":"A","values":[1,2],"displayValues":["1","2"]}]}}`),
			Chart{Kind: "barchart", Headers: []string{"Jan", "Feb"}, Series: []ChartSeries{{Title: "A", Values: []float64{1, 2}, Display: []string{"1", "2"}}}}},
		{"other template keeps payload", textComponent(`{"type":"template","payload":{"template_type":"weather_widget","text":"Sunny"}}`),
			OtherTemplate{Template: "weather_widget", Text: "Sunny", Payload: json.RawMessage(`{"template_type":"weather_widget","text":"Sunny"}`)}},
		{"live_agent is what the agent said", textComponent(`{"type":"template","payload":{"template_type":"live_agent","text":"Hi, Mika here"}}`),
			Text{Body: "Hi, Mika here"}},
		{"SYSTEM is an event line", textComponent(`{"type":"template","payload":{"template_type":"SYSTEM","text":"Mika joined the conversation"}}`),
			Event{Text: "Mika joined the conversation"}},
		{"bar chart labels from X_axis", textComponent(`{"type":"template","payload":{"template_type":"barchart","text":"Usage","X_axis":["Sep","Oct"],"elements":[{"title":"A","values":[1,2]}]}}`),
			Chart{Kind: "barchart", Title: "Usage", Headers: []string{"Sep", "Oct"}, Series: []ChartSeries{{Title: "A", Values: []float64{1, 2}}}}},
		{"table caption", textComponent(`{"type":"template","payload":{"template_type":"table","text":"Fees","columns":[["Item"]],"elements":[{"Values":["ATM"]}]}}`),
			Table{Template: "table", Text: "Fees", Tables: []TableBlock{{Columns: []Column{{"Item", ""}}, Rows: [][]string{{"ATM"}}}}}},
		{"custom_table button cell", textComponent(`{"type":"template","payload":{"template_type":"custom_table","columns":[["Name"],["Act"]],"elements":[{"Values":[["Ann","text"],["42","button",{"type":"postback","title":"Open","payload":"o"}]]}]}}`),
			Table{Template: "custom_table", Tables: []TableBlock{{Columns: []Column{{"Name", ""}, {"Act", ""}}, Rows: [][]string{{"Ann", "42 [Open]"}}}}}},
		{"dropdown", textComponent(`{"type":"template","payload":{"template_type":"dropdown_template","heading":"Currency","elements":[{"title":"Euro","value":"EUR"},{"title":"Yen","value":"JPY"}]}}`),
			Choice{Template: "dropdown_template", Heading: "Currency", Groups: []ChoiceGroup{{Options: []ListItem{{Title: "Euro", Value: "EUR"}, {Title: "Yen", Value: "JPY"}}}}}},
		{"data: icons are not addresses", textComponent(`{"type":"template","payload":{"template_type":"list","elements":[{"title":"A","image_url":"data:image/png;base64,iVBORw0KGgo="}]}}`),
			List{Template: "list", Items: []ListItem{{Title: "A"}}}},
		{"inline form", textComponent(`{"type":"template","payload":{"formData":{"formLink":"https://x.test/f?h=1","renderType":"inline"}}}`),
			Form{Template: "inline form", Link: "https://x.test/f?h=1"}},
		{"voice command", textComponent(`{"type":"command","command":"redirect","data":[{"verb":"gather","say":{"text":["Say or key your account number","<speak>Then press hash</speak>"]},"input":["digits","speech"],"numDigits":8,"timeout":5,"finishOnKey":"#"}]}`),
			VoiceCommand{Command: "redirect", Steps: []VoiceStep{{Verb: "gather", Say: []string{"Say or key your account number", "Then press hash"}, Input: []string{"digits", "speech"}, Extra: "up to 8 digits, timeout 5 s, ends on #"}}}},
		{"error payload", textComponent(`{"type":"error","payload":{"text":"Something broke"}}`), ErrorPart{Text: "Something broke"}},
		{"message with audio", textComponent(`{"type":"message","payload":{"text":"Listen","audioUrl":"https://x.test/a/clip.mp3"}}`),
			Text{Body: "Listen", Attachment: &Media{Kind: "audio", URL: "https://x.test/a/clip.mp3", Name: "clip.mp3"}}},
		{"image document", textComponent(`{"type":"image","payload":{"url":"https://x.test/i/cat.png"}}`), Media{Kind: "image", URL: "https://x.test/i/cat.png", Name: "cat.png"}},
		{"image component", Component{Type: "image", Data: json.RawMessage(`{"url":"https://x.test/p.jpg","fileName":"receipt.jpg","size":20480}`)},
			Media{Kind: "image", URL: "https://x.test/p.jpg", Name: "receipt.jpg", Detail: "20.0 KB"}},
		{"location", Component{Type: "location", Data: json.RawMessage(`{"latitude":35.6812,"longitude":"139.7671","address":"Tokyo Station"}`)},
			Media{Kind: "location", Name: "Tokyo Station", Detail: "35.68120, 139.76710"}},
		{"contact", Component{Type: "contact", Data: json.RawMessage(`{"name":"Ann","phone":"+81 3 0000"}`)}, Media{Kind: "contact", Name: "Ann", Detail: "+81 3 0000"}},
		{"text as object not string", Component{Type: "text", Data: json.RawMessage(`{"text":{"type":"template","payload":{"template_type":"carousel","elements":[]}}}`)}, Carousel{}},
		{"json without type", textComponent(`{"foo":1}`), Unknown{Type: "json", Raw: json.RawMessage(`{"foo":1}`)}},
		{"unknown cT", Component{Type: "timeline", Data: json.RawMessage(`{"events":[1]}`)}, Unknown{Type: "timeline", Raw: json.RawMessage(`{"events":[1]}`)}},
		{"broken json in text stays text", textComponent(`{"type":"template",`), Text{Body: `{"type":"template",`}},
		{"numeric text", Component{Type: "text", Data: json.RawMessage(`{"text":42}`)}, Text{Body: "42"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.Parse()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestMessageSpeakerAndFields(t *testing.T) {
	in := `{"_id":"ms-1","type":"outgoing","ms":1,"createdOn":"2026-11-20T10:00:00.000Z","channels":[{"type":"msteams"}],"tN":"Pay Bill","traceId":"tr-1","tags":{"messageTags":[{"name":"intent","value":"pay"}]},"components":[{"_id":"c1","cT":"text","data":{"text":"hi"}},"garbage"]}`
	var m Message
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if m.Speaker() != SpeakerBot || m.Channel != "msteams" || m.TaskName != "Pay Bill" || len(m.Components) != 2 || len(m.MessageTags) != 1 {
		t.Errorf("got %+v", m)
	}
	if _, ok := m.Components[1].Parse().(Unknown); !ok {
		t.Errorf("garbage component should parse as unknown")
	}
	var agent Message
	_ = json.Unmarshal([]byte(`{"type":"outgoing","author":{"type":"agent","id":"a-1","name":"Mika Sato"}}`), &agent)
	if agent.Speaker() != SpeakerAgent || agent.AgentName != "Mika Sato" {
		t.Errorf("agent: %v %q", agent.Speaker(), agent.AgentName)
	}
	for in, want := range map[string]Speaker{
		`{"type":"incoming"}`:                           SpeakerUser,
		`{"type":"outgoing"}`:                           SpeakerBot,
		`{"type":"outgoing","ms":0}`:                    SpeakerBot, // a task alert is the bot's output
		`{"type":"outgoing","ms":2}`:                    SpeakerBot, // so is a task action
		`{"type":"outgoing","ms":"4"}`:                  SpeakerSystem,
		`{"type":"outgoing","isAgent":true}`:            SpeakerAgent,
		`{"type":"outgoing","author":{"type":"agent"}}`: SpeakerAgent,
		// The web SDK's reading: a named author is an agent.
		`{"type":"outgoing","author":{"firstName":"Mika","lastName":"Sato"}}`: SpeakerAgent,
		`{"type":"outgoing","author":{"aId":"a-17"}}`:                         SpeakerAgent,
		`{"type":"outgoing","author":{"type":"EVENT"}}`:                       SpeakerEvent,
		`{"type":"outgoing","author":{"type":"SYSTEM"}}`:                      SpeakerSystem,
		`{"type":"incoming","author":{"type":"FORM"}}`:                        SpeakerForm,
		`{"type":"outgoing","components":[{"cT":"text","data":{"text":"{\"type\":\"template\",\"payload\":{\"template_type\":\"live_agent\",\"text\":\"hi\"}}"}}]}`: SpeakerAgent,
	} {
		var m Message
		_ = json.Unmarshal([]byte(in), &m)
		if m.Speaker() != want {
			t.Errorf("%s: got %v want %v", in, m.Speaker(), want)
		}
	}
}

func TestDocumentedMessageShapes(t *testing.T) {
	decode := func(in string) Message {
		t.Helper()
		var m Message
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	named := decode(`{"type":"outgoing","author":{"firstName":"Mika","lastName":"Sato","aId":"a-17"}}`)
	if named.AgentName != "Mika Sato" {
		t.Errorf("agent name %q, want the SDK's firstName lastName", named.AgentName)
	}
	if id := decode(`{"type":"outgoing","author":{"aId":"a-17"}}`); id.AgentName != "a-17" {
		t.Errorf("agent known by id only: %q", id.AgentName)
	}
	for name, tt := range map[string]struct {
		in    string
		total time.Duration
		bot   time.Duration
	}{
		"documented nested object": {`{"totalMs":1234,"asr":{"durationMs":310,"provider":"google","confidenceScore":0.92},"bot":{"durationMs":680},"tts":{"durationMs":244,"provider":"azure","firstByteMs":85}}`, 1234 * time.Millisecond, 680 * time.Millisecond},
		"nested without total":     {`{"asr":{"durationMs":300},"bot":{"durationMs":700},"tts":{"durationMs":200}}`, 1200 * time.Millisecond, 700 * time.Millisecond},
		"flat, as older bots sent": {`{"asr":100,"bot":200,"tts":300}`, 600 * time.Millisecond, 200 * time.Millisecond},
		"total only":               {`{"totalMs":"2500"}`, 2500 * time.Millisecond, 0},
	} {
		m := decode(`{"type":"outgoing","latency":` + tt.in + `}`)
		if !m.Latency.Known || m.Latency.Total() != tt.total || m.Latency.Bot != tt.bot {
			t.Errorf("%s: %+v total %v, want total %v bot %v", name, m.Latency, m.Latency.Total(), tt.total, tt.bot)
		}
	}
	if m := decode(`{"type":"outgoing","latency":{"asr":{"provider":"x"}}}`); m.Latency.Known {
		t.Errorf("a latency without durations is not known: %+v", m.Latency)
	}
	alt := decode(`{"type":"outgoing","tags":{"altText":[{"name":"altText","value":"Your balance"}]}}`)
	if alt.AltText != "Your balance" {
		t.Errorf("altText %q", alt.AltText)
	}
	for in, want := range map[string]string{`{"type":"outgoing","ms":0}`: "alert", `{"type":"outgoing","ms":2}`: "action", `{"type":"outgoing","ms":1}`: "", `{"type":"outgoing"}`: ""} {
		if got := decode(in).TaskKind(); got != want {
			t.Errorf("%s: task kind %q, want %q", in, got, want)
		}
	}
	// A getMessagesV2 record as some revisions of the docs show it.
	trimmed := decode(`{"_id":"ms-9","botId":"st-1","type":"outgoing","status":"sent","components":[{"cT":"text","data":{"text":"hi"}}],"createdOn":"2026-11-20T10:00:00.000Z","lang":"en","sessionId":"s-1"}`)
	trimmed.FillFrom(Session{ID: "s-1", Channel: "rtm", UserID: "u-1"})
	if trimmed.Channel != "rtm" || trimmed.UserID != "u-1" || trimmed.Speaker() != SpeakerBot || trimmed.TaskKind() != "" {
		t.Errorf("trimmed record: %+v", trimmed)
	}
}

func FuzzComponentParse(f *testing.F) {
	f.Add("text", `{"text":"{\"type\":\"template\",\"payload\":{\"template_type\":\"table\",\"columns\":[[1]],\"elements\":[{\"Values\":[{}]}]}}"}`)
	f.Add("image", `{"url":"x","size":"9e99"}`)
	f.Add("text", `{"text":"{\"type\":\"command\",\"data\":{\"verb\":\"say\",\"text\":\"<speak>hi\"}}"}`)
	f.Add("location", `{"latitude":"NaN","longitude":1e400}`)
	for _, kind := range []string{"button", "quick_replies", "list", "listView", "advancedListTemplate", "carousel", "mini_table", "form_template", "feedbackTemplate", "piechart", "barchart", "linechart",
		"dropdown_template", "multi_select", "advanced_multi_select", "advancedMultiListTemplate", "radioOptionTemplate", "checkListTemplate", "listWidget", "tableList", "custom_table",
		"cardTemplate", "articleTemplate", "answerTemplate", "search", "otpValidationTemplate", "resetPinTemplate", "dateTemplate", "daterange", "clockTemplate", "like_dislike",
		"quick_replies_welcome", "taskPickerTemplate", "live_agent", "SYSTEM"} {
		doc := `{"type":"template","payload":{"template_type":` + strconv.Quote(kind) + `,"elements":[{"title":1,"values":["x",null]}]}}`
		f.Add("text", `{"text":`+strconv.Quote(doc)+`}`)
	}
	f.Fuzz(func(t *testing.T, cT, data string) {
		c := Component{Type: cT, Data: json.RawMessage(data)}
		if c.Parse() == nil {
			t.Fatal("nil part")
		}
		_ = textComponent(data).Parse()
	})
}
