package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Details are what conversationDetails tells about a session beyond its
// messages: when it was handed to an agent, the task it was in, the
// tasks it ran with their statuses, and the LLM summary when one was
// asked for.
//
// Kore's sample sends currentTask as the string "null" and leaves open
// whether summary is always an object; konvo reads "null" as none and
// takes a summary given as a string or as a list of them too.
type Details struct {
	SessionID   string
	HandOff     time.Time // zero: never handed to an agent
	CurrentTask string
	Flow        []TaskStep
	Summary     string
	SummaryAt   time.Time
	Raw         json.RawMessage
}

// TaskStep is one task of the conversation's flow and how it ended
// ("completedTask", "failedTask", …, as sent).
type TaskStep struct {
	Task, Status string
}

// DecodeDetails reads a conversationDetails answer; only a body that is
// not a JSON object is an error.
func DecodeDetails(body []byte) (Details, error) {
	f := fields(body)
	if f == nil {
		return Details{}, fmt.Errorf("conversation details: not a JSON object")
	}
	info := fields(f["conversationInfo"])
	d := Details{SessionID: str(info["sessionId"]), HandOff: timestamp(info["agentHandOffTime"]), CurrentTask: nullWord(str(info["currentTask"])),
		Raw: append(json.RawMessage(nil), body...)}
	for _, it := range array(f["conversationFlow"]) {
		step := fields(it)
		if step == nil {
			continue
		}
		if t := nullWord(str(step["taskName"])); t != "" {
			d.Flow = append(d.Flow, TaskStep{Task: t, Status: str(step["status"])})
		}
	}
	d.Summary, d.SummaryAt = summaryOf(f["summary"])
	return d, nil
}

// summaryOf reads the summary member: {ConversationSummary, time}, a
// string, or a list of either.
func summaryOf(raw json.RawMessage) (string, time.Time) {
	if s := str(raw); s != "" {
		return nullWord(s), time.Time{}
	}
	if items := array(raw); items != nil {
		var parts []string
		var at time.Time
		for _, it := range items {
			if s, t := summaryOf(it); s != "" {
				parts, at = append(parts, s), t
			}
		}
		return strings.Join(parts, "\n\n"), at
	}
	f := fields(raw)
	for _, k := range []string{"ConversationSummary", "conversationSummary", "summary", "text"} {
		if s := nullWord(str(f[k])); s != "" {
			return s, timestamp(f["time"])
		}
	}
	return "", time.Time{}
}

// nullWord is s, or "" when s is the word null (as Kore's sample sends it).
func nullWord(s string) string {
	if strings.EqualFold(strings.TrimSpace(s), "null") {
		return ""
	}
	return s
}

// HandedOff reports whether the details know an agent hand-off.
func (d Details) HandedOff() bool { return !d.HandOff.IsZero() }
