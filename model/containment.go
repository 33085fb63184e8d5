package model

import (
	"fmt"
	"strings"
)

// Containment says how a session ended for the bot: contained by the bot
// (self-service), abandoned (drop-off) or handed to a human (agent).
type Containment int

// The containment values. All is the absence of a filter.
const (
	All Containment = iota
	SelfService
	DropOff
	Agent
)

// Containments lists the values in tab order.
var Containments = [...]Containment{All, SelfService, DropOff, Agent}

// ParseContainment accepts every spelling the Kore.ai documentation versions
// use ("selfService", "Selfservice", "dropOff", "agent", …) and the obvious
// human ones ("self-service", "drop off", "agent transfer").
func ParseContainment(s string) (Containment, error) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
	switch key {
	case "", "all", "any":
		return All, nil
	case "selfservice", "contained", "self":
		return SelfService, nil
	case "dropoff", "drop":
		return DropOff, nil
	case "agent", "agenttransfer", "transfer", "liveagent":
		return Agent, nil
	}
	return All, fmt.Errorf("unknown containment %q (want all, selfService, dropOff or agent)", s)
}

// APIValue is the containmentType query value; empty for All.
func (c Containment) APIValue() string {
	switch c {
	case SelfService:
		return "selfService"
	case DropOff:
		return "dropOff"
	case Agent:
		return "agent"
	}
	return ""
}

// String is the value as flags and config spell it.
func (c Containment) String() string {
	if v := c.APIValue(); v != "" {
		return v
	}
	return "all"
}

// Label is the value as a person reads it.
func (c Containment) Label() string {
	switch c {
	case SelfService:
		return "Self-service"
	case DropOff:
		return "Drop-off"
	case Agent:
		return "Agent"
	}
	return "All"
}

// SessionType separates conversations a user had from those the bot ran
// on its own (alerts, proactive messages).
type SessionType int

// The session types. AnySessionType is the absence of a filter.
const (
	AnySessionType SessionType = iota
	Interactive
	NonInteractive
)

// ParseSessionType accepts "interactive", "non-interactive" and near
// spellings; empty means any.
func ParseSessionType(s string) (SessionType, error) {
	switch strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-"), " ", "-") {
	case "", "any", "all":
		return AnySessionType, nil
	case "interactive":
		return Interactive, nil
	case "non-interactive", "noninteractive":
		return NonInteractive, nil
	}
	return AnySessionType, fmt.Errorf("unknown session type %q (want interactive or non-interactive)", s)
}

// APIValue is the sessionType body value; empty for any.
func (t SessionType) APIValue() string {
	switch t {
	case Interactive:
		return "interactive"
	case NonInteractive:
		return "non-interactive"
	}
	return ""
}

// String is the value as flags spell it.
func (t SessionType) String() string {
	if v := t.APIValue(); v != "" {
		return v
	}
	return "any"
}
