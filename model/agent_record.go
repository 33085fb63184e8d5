package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AgentRecord is what the contact center keeps of a session that went to
// a live agent (GET …/agentassist/api/v1/public/{botId}/conversations/
// sessions/{sessionId}, scope SmartAssist Analytics): the agents who
// took part, the transfers between queues and agents, how the agent
// closed it, and the agent's notes.
//
// Kore documents two samples of this answer that differ (one with
// transferredBy as an agent id, one with transferredByAgentName and a
// system transfer reason; dispositionSets null or a list) and names
// notes an array without showing one: konvo reads notes given as strings
// or as objects under the usual names, and any member may be missing.
type AgentRecord struct {
	ConversationID string
	Status         string // CLOSED, ACTIVE, …
	Type           string // livechat, messaging, voice
	Wait           time.Duration
	Participants   []Participant
	Transfers      []Transfer
	Disposition    Disposition
	Notes          []AgentNote
	Summary        string
	Raw            json.RawMessage
}

// Participant is one agent's part in the conversation.
type Participant struct {
	Name, AgentID, Queue string
	Start, End           time.Time
	Reason               string // why the agent's part ended (OVERDUE, …)
	Transferred, Ended   bool   // it was passed on; the agent ended the chat
}

// Transfer is one hand-over between queues or agents.
type Transfer struct {
	At     time.Time
	Kind   string   // QUEUE, AGENT
	By     string   // the agent's name, else id
	To     []string // names, else ids
	Reason string   // the system's reason, when the system moved it
	System bool
}

// Disposition is how the conversation was closed.
type Disposition struct {
	Status, MetaStatus, Remarks string
	Codes                       []DispositionCode
}

// DispositionCode is one code chosen from a disposition set.
type DispositionCode struct{ Set, Code string }

// AgentNote is one note an agent wrote.
type AgentNote struct {
	Text, By string
	At       time.Time
}

// DecodeAgentRecord reads the contact center's record of a session; only
// a body that is not a JSON object is an error.
func DecodeAgentRecord(body []byte) (AgentRecord, error) {
	f := fields(body)
	if f == nil {
		return AgentRecord{}, fmt.Errorf("contact center record: not a JSON object")
	}
	r := AgentRecord{ConversationID: cmp.Or(str(f["_id"]), str(f["conversationId"])), Status: str(f["status"]), Type: str(f["conversationType"]),
		Raw: append(json.RawMessage(nil), body...)}
	if w, ok := num(f["waitTime"]); ok && w > 0 && w < 1e12 {
		r.Wait = time.Duration(w) * time.Millisecond
	}
	for _, p := range objects(f["participants"]) {
		r.Participants = append(r.Participants, Participant{
			Name: str(p["name"]), AgentID: str(p["agentId"]), Queue: str(p["queueName"]),
			Start: firstTime(p["startTimeStamp"], p["assignedAt"]), End: timestamp(p["endTimeStamp"]),
			Reason: str(p["reason"]), Transferred: boolean(p["conversationTransferred"]) || boolean(p["isTransferred"]), Ended: boolean(p["endedChat"]),
		})
	}
	for _, t := range objects(f["transferDetails"]) {
		tr := Transfer{At: timestamp(t["transferredAt"]), Kind: str(t["transferredType"]),
			By: cmp.Or(str(t["transferredByAgentName"]), str(t["transferredBy"]), str(t["fromAgent"])), Reason: str(t["systemTransferReason"]), System: boolean(t["systemTransfer"])}
		for _, to := range objects(t["transferredTo"]) {
			if n := cmp.Or(str(to["name"]), str(to["id"])); n != "" {
				tr.To = append(tr.To, n)
			}
		}
		r.Transfers = append(r.Transfers, tr)
	}
	d := fields(f["dispositions"])
	r.Disposition = Disposition{Status: str(d["status"]), MetaStatus: str(d["metaStatus"]), Remarks: str(d["remarks"])}
	for _, set := range objects(d["dispositionSets"]) {
		name := cmp.Or(str(set["dispositionsSet"]), str(set["dispositionSet"]), str(set["name"]))
		for _, code := range strs(set["dispositionCodes"]) {
			r.Disposition.Codes = append(r.Disposition.Codes, DispositionCode{Set: name, Code: code})
		}
	}
	for _, n := range array(f["notes"]) {
		if note, ok := agentNote(n); ok {
			r.Notes = append(r.Notes, note)
		}
	}
	r.Summary, _ = summaryOf(f["summary"])
	return r, nil
}

// agentNote reads a note: a string, or an object with its text under one
// of the names such records use.
func agentNote(raw json.RawMessage) (AgentNote, bool) {
	if s := strings.TrimSpace(str(raw)); s != "" {
		return AgentNote{Text: s}, true
	}
	f := fields(raw)
	text := ""
	for _, k := range []string{"note", "notes", "text", "content", "message", "comment", "description"} {
		if text = strings.TrimSpace(str(f[k])); text != "" {
			break
		}
	}
	if text == "" {
		return AgentNote{}, false
	}
	by := cmp.Or(str(f["agentName"]), str(f["createdByName"]), str(f["name"]), str(f["createdBy"]), str(f["agentId"]))
	return AgentNote{Text: text, By: by, At: firstTime(f["createdAt"], f["timestamp"], f["time"], f["updatedAt"])}, true
}

// firstTime is the first of the values that reads as a time.
func firstTime(raws ...json.RawMessage) time.Time {
	for _, raw := range raws {
		if t := timestamp(raw); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
