package model

import (
	"testing"
	"time"
)

// The shapes below are those of Kore's getFeedbackSurveyResponses and
// conversationDetails documentation, with values of our own.
func TestDecodeSurveysPage(t *testing.T) {
	t.Parallel()
	p, err := DecodeSurveysPage([]byte(`{"moreAvailable":true,"totalCount":3,"result":[
		{"_id":"fb-1","surveyName":"after chat","surveyType":"CSAT","userId":"u-1","channelUId":"ana@example.com","sessionId":"s-1","channel":"rtm","language":"en","score":4,"comments":"quick and helpful","timestamp":"2026-11-20T10:00:00.000Z"},
		{"_id":"fb-2","surveyType":"NPS","sessionId":"s-2","score":"9","comments":null},
		{"_id":"fb-3","surveyType":"Like/Dislike","sessionId":"s-3","score":0},
		{"_id":"fb-4","surveyType":"CSAT","sessionId":"s-4","score":null},
		"not an object"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !p.MoreAvailable || p.Total != 3 || p.Received != 5 || len(p.Surveys) != 4 || p.Surveys[3].Scored || p.Surveys[3].Label() != "" {
		t.Fatalf("page %+v", p)
	}
	s := p.Surveys[0]
	if s.SessionID != "s-1" || s.Score != 4 || !s.Scored || s.Comment != "quick and helpful" || s.UserID != "ana@example.com" || !s.At.Equal(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("survey %+v", s)
	}
	for i, want := range []string{"CSAT 4", "NPS 9", "dislike"} {
		if got := p.Surveys[i].Label(); got != want {
			t.Errorf("label %d = %q, want %q", i, got, want)
		}
	}
	if p.Surveys[1].Comment != "" {
		t.Error("a null comment reads as none")
	}
	if _, err := DecodeSurveysPage([]byte(`{"totalCount":0}`)); err == nil {
		t.Error("a page without result is an error")
	}
}

func TestScoreFilter(t *testing.T) {
	t.Parallel()
	low, err := ParseScoreFilter("<=2 comment")
	if err != nil || low.String() != "<=2 comment" {
		t.Fatalf("%v %q", err, low.String())
	}
	for _, c := range []struct {
		s    Survey
		ok   bool
		want bool
	}{
		{Survey{Score: 1, Scored: true, Comment: "slow"}, true, true},
		{Survey{Score: 1, Scored: true}, true, false},
		{Survey{Score: 3, Scored: true, Comment: "x"}, true, false},
		{Survey{}, false, false},
	} {
		if got := low.Matches(c.s, c.ok); got != c.want {
			t.Errorf("%+v: %v", c.s, got)
		}
	}
	none, _ := ParseScoreFilter("none")
	if !none.Matches(Survey{}, false) || none.Matches(Survey{Scored: true}, true) {
		t.Error("none is the sessions without a survey")
	}
	if _, err := ParseScoreFilter("<=x"); err == nil {
		t.Error("a bad number")
	}
	if (ScoreFilter{}).Active() || !(ScoreFilter{}).Matches(Survey{}, false) {
		t.Error("no filter passes everything")
	}
}

func TestDecodeDetails(t *testing.T) {
	t.Parallel()
	d, err := DecodeDetails([]byte(`{"conversationInfo":{"userId":"u-1","sessionStartTime":"2026-11-20T10:00:00.000Z","agentHandOffTime":"2026-11-20T10:04:30.000Z","currentTask":"null","sessionId":"s-1"},
		"conversationFlow":[{"status":"completedTask","messageStoreId":"m1","taskName":"Check Balance"},{"status":"failedTask","taskName":"Loan Enquiry"},{"status":"x"}],
		"conversationHistory":[],"summary":{"ConversationSummary":"The customer asked for a loan.","time":"2026-11-21T08:00:00.000Z"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if d.SessionID != "s-1" || !d.HandedOff() || d.HandOff.Minute() != 4 || d.CurrentTask != "" || len(d.Flow) != 2 || d.Flow[1] != (TaskStep{"Loan Enquiry", "failedTask"}) ||
		d.Summary != "The customer asked for a loan." || d.SummaryAt.IsZero() {
		t.Errorf("details %+v", d)
	}
	for body, want := range map[string]string{`{"conversationInfo":{"agentHandOffTime":null},"summary":"plain"}`: "plain", `{"summary":[{"ConversationSummary":"a"},"b"]}`: "a\n\nb", `{"summary":null}`: "", `{}`: ""} {
		d, err := DecodeDetails([]byte(body))
		if err != nil || d.Summary != want || d.HandedOff() {
			t.Errorf("%s: %q %v", body, d.Summary, err)
		}
	}
	if _, err := DecodeDetails([]byte(`[]`)); err == nil {
		t.Error("not an object")
	}
}

func FuzzDecodeSurveysAndDetails(f *testing.F) {
	for _, s := range []string{`{"result":[{"sessionId":"s","score":4}]}`, `{"summary":[1,{"text":"x"}]}`, `{"conversationFlow":[{"taskName":null}]}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if p, err := DecodeSurveysPage(b); err == nil {
			for _, s := range p.Surveys {
				_ = s.Label()
			}
		}
		_, _ = DecodeDetails(b)
	})
}

func TestSummarizeSurveys(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC)
	r := Range{From: day.Add(-48 * time.Hour), To: day.Add(48 * time.Hour)}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	st := SummarizeSurveys([]Survey{
		{Type: "CSAT", Score: 4, Scored: true, At: day, Comment: "ok"},
		{Type: "CSAT", Score: 2, Scored: true, At: day.Add(time.Hour)},
		{Type: "NPS", Score: 9, Scored: true, At: day},
		{Type: "CSAT", Score: 5, Scored: false, At: day},
		{Type: "CSAT", Score: 5, Scored: true, At: r.To},
	}, r, tokyo)
	if len(st.Types) != 2 || st.Types[0].Type != "CSAT" {
		t.Fatalf("%+v", st)
	}
	c := st.Types[0]
	if c.Answers != 2 || c.Average != 3 || c.Scores["4"] != 1 || c.WithComment != 1 || len(c.Days) != 1 || c.Days[0].Date != "2026-11-21" {
		t.Errorf("CSAT %+v", c)
	}
}
