package model

import (
	"fmt"
	"strings"
)

// TagFilter is one tag condition; all conditions must hold.
type TagFilter struct {
	Name   string
	Values []string
	Type   string // "user", "session" or "message"; empty is "session"
}

// ParseTagFilter reads "name=value[,value…]" with an optional "user:" or
// "session:" prefix naming the tag type.
func ParseTagFilter(s string) (TagFilter, error) {
	t := TagFilter{Type: "session"}
	if kind, rest, ok := strings.Cut(s, ":"); ok && (kind == "user" || kind == "session" || kind == "message") {
		t.Type, s = kind, rest
	}
	name, vals, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(vals) == "" {
		return TagFilter{}, fmt.Errorf("tag %q: want name=value (or user:name=value)", s)
	}
	t.Name = name
	for _, v := range strings.Split(vals, ",") {
		if v = strings.TrimSpace(v); v != "" {
			t.Values = append(t.Values, v)
		}
	}
	return t, nil
}

// String spells the condition as ParseTagFilter reads it.
func (t TagFilter) String() string {
	prefix := ""
	if t.Type != "" && t.Type != "session" {
		prefix = t.Type + ":"
	}
	return prefix + t.Name + "=" + strings.Join(t.Values, ",")
}

// MaxSessionIDs is the most session ids one getSessions call takes.
const MaxSessionIDs = 50

// Filter is everything that narrows a sessions query on the server.
type Filter struct {
	Containment Containment
	Range       Range
	UserID      string
	Type        SessionType
	Tags        []TagFilter
	// SessionIDs, when set, selects just these sessions; the server then
	// ignores every other condition.
	SessionIDs []string
	// Channel and Language the API cannot filter by: konvo applies them
	// to the sessions it reads (Local). "voice" stands for every voice
	// channel.
	Channel, Language string
}

// HasLocal reports whether the filter has conditions the API cannot
// apply, so a server's count overstates what the filter shows.
func (f Filter) HasLocal() bool { return f.Channel != "" || f.Language != "" }

// Local reports whether s meets the conditions the API cannot apply.
func (f Filter) Local(s Session) bool {
	if f.Channel != "" && !strings.EqualFold(s.Channel, f.Channel) && !(strings.EqualFold(f.Channel, "voice") && IsVoiceChannel(s.Channel)) {
		return false
	}
	if f.Language != "" {
		found := false
		for _, l := range s.Languages {
			if strings.EqualFold(l, f.Language) || strings.HasPrefix(strings.ToLower(l), strings.ToLower(f.Language)+"-") {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// IsVoiceChannel reports whether a channel carries phone calls: Kore's
// IVR, its voice gateway, AudioCodes and the like.
func IsVoiceChannel(ch string) bool {
	c := strings.ToLower(ch)
	for _, v := range []string{"ivr", "voice", "korevg", "audiocodes", "twilio", "vxml", "sip", "genesys"} {
		if strings.Contains(c, v) {
			return true
		}
	}
	return false
}

// WithContainment returns a copy of f for another containment tab.
func (f Filter) WithContainment(c Containment) Filter {
	f.Containment = c
	return f
}

// Matches reports whether the filter selects s, as the server would: for
// answering from stored sessions. Message tags need the messages, so a
// condition on them is not checked here.
func (f Filter) Matches(s Session) bool {
	if len(f.SessionIDs) > 0 {
		for _, id := range f.SessionIDs {
			if id == s.ID {
				return true
			}
		}
		return false
	}
	if !f.Range.From.IsZero() && s.Start.Before(f.Range.From) || !f.Range.To.IsZero() && !s.Start.Before(f.Range.To) {
		return false
	}
	if f.Containment != All && (!s.ContainmentKnown || s.Containment != f.Containment) {
		return false
	}
	if f.UserID != "" && s.UserID != f.UserID {
		return false
	}
	if f.Type != AnySessionType && s.Type != f.Type {
		return false
	}
	if !f.Local(s) {
		return false
	}
	for _, t := range f.Tags {
		var tags []Tag
		switch t.Type {
		case "user":
			tags = s.UserTags
		case "message":
			continue
		default:
			tags = s.SessionTags
		}
		if !anyTag(tags, t) {
			return false
		}
	}
	return true
}

func anyTag(tags []Tag, t TagFilter) bool {
	for _, tag := range tags {
		if tag.Name != t.Name {
			continue
		}
		for _, v := range t.Values {
			if tag.Value == v {
				return true
			}
		}
	}
	return false
}
