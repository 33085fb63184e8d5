package koretest

import (
	"math/rand/v2"
	"net/http"
	"time"

	"konvo/model"
)

// DemoAccountID is the account the demo bot belongs to: the contact
// center's routes want it in their accountid header.
const DemoAccountID = "acc-acme"

// ScopeContactCenter is the scope of the contact center's APIs.
const ScopeContactCenter = "SmartAssist Analytics"

// The agents and queues of the demo's contact center.
var (
	demoAgents = []string{"Mika Sato", "Jonas Berg", "Ana Ruiz"}
	demoQueues = []string{"Cards", "Loans", "Default Queue"}
	// demoClosings are the dispositions agents pick, with the remarks
	// they leave.
	demoClosings = []struct{ status, set, code, remarks string }{
		{"Resolved", "Resolution", "Resolved", "Explained the fee and refunded it."},
		{"Resolved", "Resolution", "Resolved", "Card unblocked after ID check."},
		{"Follow-up", "Resolution", "Callback", "Customer will call back with the loan documents."},
		{"Escalated", "Resolution", "Escalated", "Sent to the fraud team."},
	}
	demoNotes = []string{"customer verified by security questions", "asked for a written confirmation", "second contact this week", "wants a call back on " + PersonalPhone}
)

// AgentRecord is the contact center's record of session s, for a
// session that went to an agent: the agent (or two, after a transfer),
// when they took it, how they closed it and their notes. It agrees with
// Details: the queue is entered at the hand-off.
func (c *Corpus) AgentRecord(s *Session) (map[string]any, bool) {
	if s.Containment != model.Agent {
		return nil, false
	}
	rng := rand.New(rand.NewPCG(s.seed, 0xa6e47))
	at := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	handoff := c.Details(s).HandOff
	if handoff.IsZero() {
		handoff = s.Start
	}
	end := s.End
	if !end.After(handoff) {
		// Handed over in the last message: the agent's part is the
		// session's last third, so it stays within the session.
		handoff = s.Start.Add(end.Sub(s.Start) * 2 / 3).Truncate(time.Millisecond)
	}
	queue := rng.IntN(len(demoQueues))
	wait := time.Duration(5+rng.IntN(90)) * time.Second
	if wait >= end.Sub(handoff) {
		wait = end.Sub(handoff) / 2 // taken before the session ends
	}
	first := 0 // Mika Sato, who writes the agent's lines of the transcripts
	taken := handoff.Add(wait)
	participant := func(agent, queue int, from, to time.Time) map[string]any {
		w := min(wait, to.Sub(from)/2) // taken before their part ends
		return map[string]any{"queueId": "qu-" + demoQueues[queue], "queueName": demoQueues[queue], "queueStartTime": at(from),
			"agentId": "u-agent-" + string(rune('a'+agent)), "name": demoAgents[agent], "status": "INACTIVE",
			"assignedAt": at(from.Add(w / 2)), "startTimeStamp": at(from.Add(w)), "endTimeStamp": at(to)}
	}
	parts := []any{}
	transfers := []any{}
	if s.Active {
		p := participant(first, queue, handoff, end)
		p["status"] = "ACTIVE"
		delete(p, "endTimeStamp")
		parts = append(parts, p)
	} else if rng.IntN(4) == 0 {
		// Handed on halfway, to another queue's agent.
		mid := taken.Add(end.Sub(taken) / 2).Truncate(time.Millisecond)
		next, nextQueue := (first+1)%len(demoAgents), (queue+1)%len(demoQueues)
		p := participant(first, queue, handoff, mid)
		p["conversationTransferred"] = true
		parts = append(parts, p)
		q := participant(next, nextQueue, mid, end)
		q["endedChat"] = true
		parts = append(parts, q)
		transfers = append(transfers, map[string]any{"fromQueue": "qu-" + demoQueues[queue], "transferredByAgentName": demoAgents[first], "transferredType": "QUEUE",
			"transferredTo": []any{map[string]any{"id": "qu-" + demoQueues[nextQueue], "name": demoQueues[nextQueue], "type": "QUEUE"}},
			"priority":      "HIGHEST", "transferredAt": at(mid)})
	} else {
		p := participant(first, queue, handoff, end)
		p["endedChat"] = true
		parts = append(parts, p)
	}
	status, disp := "CLOSED", map[string]any{"status": nil, "remarks": nil, "dispositionSets": nil, "metaStatus": nil}
	notes := []any{}
	if s.Active {
		status = "ACTIVE"
	} else {
		cl := demoClosings[rng.IntN(len(demoClosings))]
		disp = map[string]any{"status": cl.status, "remarks": cl.remarks, "metaStatus": "AGENT_CLOSED",
			"dispositionSets": []any{map[string]any{"dispositionsSet": cl.set, "dispositionCodes": cl.code}}}
		if rng.IntN(2) == 0 {
			// Kore documents notes as an array and shows none: the demo
			// sends them as objects with the note's text and author.
			notes = append(notes, map[string]any{"note": demoNotes[rng.IntN(len(demoNotes))], "agentName": demoAgents[first], "createdAt": at(taken.Add(30 * time.Second))})
		}
	}
	return map[string]any{
		"_id": "c-" + s.ID, "botSessionId": s.ID, "participants": parts, "transferDetails": transfers,
		"conversationType": "livechat", "status": status, "waitTime": wait.Milliseconds(), "source": s.Channel,
		"startTime": at(handoff), "endTime": at(end), "dispositions": disp, "notes": notes,
		"userInfo": map[string]any{"firstName": "", "lastName": "", "activationStatus": "active"},
	}, true
}

// agentSession answers GET /agentassist/api/v1/public/{bot}/conversations/
// sessions/{session}: the account must be named in the accountid header;
// a session the contact center never saw is a 404.
func (s *Server) agentSession(w http.ResponseWriter, r *http.Request, _ []byte) int {
	if r.Header.Get("accountid") == "" {
		return badRequest(w, "accountid header is required")
	}
	if r.Header.Get("accountid") != DemoAccountID {
		writeError(w, http.StatusForbidden, "Account not found", 403)
		return http.StatusForbidden
	}
	sess, ok := s.opts.Corpus.Lookup(r.PathValue("session"))
	if !ok {
		writeError(w, http.StatusNotFound, "Conversation not found", 404)
		return http.StatusNotFound
	}
	rec, ok := s.opts.Corpus.AgentRecord(sess)
	if !ok {
		writeError(w, http.StatusNotFound, "Conversation not found", 404)
		return http.StatusNotFound
	}
	s.mu.Lock()
	hostile := s.faults.Hostile
	s.mu.Unlock()
	if hostile != "" {
		hostileRecord(rec, hostile)
	}
	return writeJSON(w, rec)
}

// hostileRecord puts Faults.Hostile's payload where an agent or a
// customer writes: a note, the remarks, an agent's name (a pasted name
// that ends a bracketed paste and runs a command).
func hostileRecord(rec map[string]any, kind string) {
	text := HostileText(kind)
	rec["notes"] = []any{map[string]any{"note": text, "agentName": text}}
	if d, ok := rec["dispositions"].(map[string]any); ok {
		d["remarks"], d["status"] = text, text
	}
	for _, p := range rec["participants"].([]any) {
		p.(map[string]any)["name"] = text
	}
}
