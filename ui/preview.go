package ui

import (
	"fmt"
	"strings"
	"time"

	"konvo/model"
)

// field is one labelled value of a details view.
type field struct{ label, value string }

// sessionFieldList is every field of a session, in reading order.
func sessionFieldList(s model.Session, loc *time.Location) []field {
	tags := func(ts []model.Tag) string {
		parts := make([]string, len(ts))
		for i, t := range ts {
			parts[i] = t.Name + "=" + t.Value
		}
		return strings.Join(parts, ", ")
	}
	dev := "no"
	if s.IsDeveloper {
		dev = "yes"
	}
	fs := []field{
		{"session", s.ID},
		{"user", s.UserID},
		{"bot", s.BotID},
		{"channel", s.Channel},
		{"start", longTime(s.Start, loc)},
		{"end", longTime(s.End, loc)},
		{"duration", humanDuration(s.Duration())},
		{"containment", containmentLabel(s)},
		{"type", s.Type.String()},
		{"status", s.Status},
		{"languages", strings.Join(s.Languages, ", ")},
		{"messages", fmt.Sprint(s.Messages)},
		{"tasks", fmt.Sprint(s.Tasks)},
		{"developer", dev},
		{"user tags", tags(s.UserTags)},
		{"session tags", tags(s.SessionTags)},
		{"alt text", tags(s.AltText)},
	}
	return fs
}

// fieldLines lays fields out as "label  value", values sanitised and
// wrapped under themselves; empty values are left out.
func fieldLines(t Theme, fs []field, w int) []string {
	labelW := 0
	for _, f := range fs {
		labelW = max(labelW, Width(f.label))
	}
	valueW := max(w-labelW-3, 8)
	var out []string
	for _, f := range fs {
		if f.value == "" {
			continue
		}
		for i, line := range wrap(safe(f.value), valueW) {
			label := ""
			if i == 0 {
				label = f.label
			}
			out = append(out, " "+t.Label.Render(pad(label, labelW))+"  "+line)
		}
	}
	return fit(out, w)
}

func sessionFields(t Theme, s model.Session, loc *time.Location, w int) []string {
	return fieldLines(t, sessionFieldList(s, loc), w)
}
