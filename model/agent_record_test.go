package model

import (
	"slices"
	"testing"
	"time"
)

// The two shapes below follow the two samples Kore documents for the
// contact center's conversation (the older by conversation id, the newer
// by session id); the values are made up.
const (
	agentRecordOlder = `{"participants":[{"queueId":"qu-1","queueName":"Cards","agentId":"u-7","name":"Priya N","status":"INACTIVE",
		"assignedAt":"2026-11-20T10:05:00.100Z","startTimeStamp":"2026-11-20T10:05:02.000Z","endTimeStamp":"2026-11-20T10:20:00.000Z","isTransferred":false}],
		"transferDetails":[{"fromQueue":"qu-1","fromAgent":"u-7","transferredType":"QUEUE","transferredTo":[{"id":"qu-2","name":"Loans","type":"QUEUE"}],
		"transferredBy":"u-7","priority":"HIGHEST","transferredAt":"2026-11-20T10:20:00.000Z","isManager":false}],
		"waitTime":2500,"status":"CLOSED","_id":"c-1","botSessionId":"s-1","conversationType":"messaging","notes":[],
		"dispositions":{"metaStatus":"SYSTEM_DROP_OFF","status":"DROP-OFF","remarks":"no agents free","dispositionSets":null}}`
	agentRecordNewer = `{"_id":"c-2","participants":[
		{"queueName":"Default Queue","agentId":"u-8","name":"Sam K","status":"INACTIVE","assignedAt":"2026-11-20T11:00:00.000Z","startTimeStamp":"2026-11-20T11:00:05.000Z","conversationTransferred":true,"reason":"OVERDUE","endTimeStamp":"2026-11-20T11:04:00.000Z"},
		{"queueName":"Default Queue","agentId":"u-8","name":"Sam K","status":"ACTIVE","startTimeStamp":"2026-11-20T11:06:00.000Z","endTimeStamp":"2026-11-20T11:09:00.000Z","endedChat":true}],
		"transferDetails":[{"fromQueue":"qu-3","transferredByAgentName":"Sam K","transferredType":"QUEUE","transferredTo":[{"id":"qu-3","name":"Default Queue","type":"QUEUE"}],
		"transferredAt":"2026-11-20T11:04:00.000Z","systemTransferReason":"OVERDUE","systemTransfer":true}],
		"conversationType":"livechat","status":"CLOSED","summary":["The customer asked about a card fee."],
		"dispositions":{"status":"Resolved","remarks":"fee refunded","dispositionSets":[{"dispositionsSet":"Resolution","dispositionCodes":"Resolved"},{"dispositionsSet":"Custom","dispositionCodes":["Web","Refund"]}],"metaStatus":"AGENT_CLOSED"},
		"notes":["called back at 11:30",{"note":"refund approved","agentName":"Sam K","createdAt":"2026-11-20T11:08:00.000Z"},{"id":"n-3"}]}`
)

func TestDecodeAgentRecord(t *testing.T) {
	t.Parallel()
	old, err := DecodeAgentRecord([]byte(agentRecordOlder))
	if err != nil {
		t.Fatal(err)
	}
	if old.ConversationID != "c-1" || old.Status != "CLOSED" || old.Wait != 2500*time.Millisecond || len(old.Participants) != 1 ||
		old.Participants[0].Queue != "Cards" || old.Participants[0].Start.Second() != 2 || len(old.Transfers) != 1 ||
		old.Transfers[0].By != "u-7" || !slices.Equal(old.Transfers[0].To, []string{"Loans"}) || old.Disposition.MetaStatus != "SYSTEM_DROP_OFF" ||
		old.Disposition.Codes != nil || old.Notes != nil {
		t.Errorf("older %+v", old)
	}
	r, err := DecodeAgentRecord([]byte(agentRecordNewer))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Participants) != 2 || r.Participants[0].Name != "Sam K" || r.Participants[1].Name != "Sam K" || !r.Participants[0].Transferred || !r.Participants[1].Ended || r.Participants[0].Reason != "OVERDUE" {
		t.Errorf("participants %+v", r.Participants)
	}
	if tr := r.Transfers[0]; !tr.System || tr.Reason != "OVERDUE" || tr.By != "Sam K" || tr.At.Minute() != 4 {
		t.Errorf("transfer %+v", tr)
	}
	want := []DispositionCode{{"Resolution", "Resolved"}, {"Custom", "Web"}, {"Custom", "Refund"}}
	if !slices.Equal(r.Disposition.Codes, want) || r.Disposition.Status != "Resolved" || r.Summary != "The customer asked about a card fee." {
		t.Errorf("disposition %+v summary %q", r.Disposition, r.Summary)
	}
	if len(r.Notes) != 2 || r.Notes[0].Text != "called back at 11:30" || r.Notes[1].By != "Sam K" || r.Notes[1].At.Minute() != 8 {
		t.Errorf("notes %+v", r.Notes)
	}
	for _, body := range []string{`{}`, `{"participants":null,"dispositions":"x","notes":{"a":1},"waitTime":"-5"}`} {
		if r, err := DecodeAgentRecord([]byte(body)); err != nil || r.Wait != 0 || r.Participants != nil {
			t.Errorf("%s: %+v %v", body, r, err)
		}
	}
	if _, err := DecodeAgentRecord([]byte(`"x"`)); err == nil {
		t.Error("not an object")
	}
}

func FuzzDecodeAgentRecord(f *testing.F) {
	for _, s := range []string{agentRecordOlder, agentRecordNewer, `{"notes":[1,null,{"text":{}}]}`, `{"transferDetails":[{"transferredTo":"x"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeAgentRecord(b)
		if err != nil {
			return
		}
		for _, n := range r.Notes {
			if n.Text == "" {
				t.Fatalf("a note without text from %q", b)
			}
		}
	})
}
