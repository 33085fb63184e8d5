package koretest

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// koreTemplatesJSON holds one payload of every message template Kore
// documents (its web SDK's template pages and its message-formatting
// page), in the documented shapes with konvo's own demo content, and
// for each the strings a reader sees on Kore's web client.
//
//go:embed kore_templates.json
var koreTemplatesJSON []byte

// Template is one documented template payload.
type Template struct {
	Name    string          `json:"name"`
	Payload json.RawMessage `json:"payload"`
	// Visible are the strings Kore's web client shows for it.
	Visible []string `json:"visible"`
}

// Doc is the template as a bot message stores it: the JSON document
// that goes in a text component's data.text.
func (t Template) Doc() string {
	b, _ := json.Marshal(map[string]any{"type": "template", "payload": t.Payload})
	return string(b)
}

// Templates are the documented template payloads, in the order the
// kore-templates showcase sends them.
func Templates() []Template {
	var out []Template
	if err := json.Unmarshal(koreTemplatesJSON, &out); err != nil {
		panic(fmt.Sprintf("koretest: kore_templates.json: %v", err))
	}
	return out
}

// koreTemplateSteps is a conversation in which the bot answers with every
// documented template, an agent joins (the SYSTEM line, then the agent's
// words as live_agent) and the session ends.
func koreTemplateSteps() []step {
	var steps []step
	for i, t := range Templates() {
		switch t.Name {
		case "SYSTEM":
			steps = append(steps,
				step{author: "FORM", comps: []comp{textComp("Loan enquiry form submitted: amount 5000, term 24 months")}},
				step{author: "EVENT", comps: []comp{textComp("Conversation queued for the cards team")}},
				step{system: true, comps: []comp{textComp(t.Doc())}})
		case "live_agent":
			steps = append(steps, step{agent: true, comps: []comp{textComp(t.Doc())}})
		default:
			steps = append(steps, userSays(fmt.Sprintf("show me %s", t.Name)), botSays(textComp(t.Doc())).withTask(taskOf(i)))
		}
	}
	return steps
}

func taskOf(i int) string {
	tasks := []string{"Welcome", "Check Balance", "Card Plans", "Transfer Funds", "Alerts"}
	return tasks[i%len(tasks)]
}
