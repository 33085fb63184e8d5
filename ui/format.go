package ui

import (
	"fmt"
	"strings"
	"time"

	"konvo/model"
)

// humanDuration is a short, readable duration: 42s, 3m05s, 1h12m, 2d4h.
func humanDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
}

// humanGap words the time between two messages: "12 min later".
func humanGap(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d min later", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%s later", strings.TrimSuffix(humanDuration(d), "00m"))
	}
	return fmt.Sprintf("%d days later", int(d.Hours()/24))
}

// shortTime is a start time for a table cell: today's show the time only,
// this year's the month and day.
func shortTime(t, now time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "–"
	}
	t, now = t.In(loc), now.In(loc)
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return "today " + t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("Jan 02 15:04")
	}
	return t.Format("2006-01-02")
}

// longTime is a full timestamp with its zone.
func longTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}

// count formats n with thousands separators.
func count(n int) string { return model.Thousands(n) }

// tagsBrief is a session's tags as "name=value" pairs, session tags first.
func tagsBrief(s model.Session) string {
	var parts []string
	for _, group := range [][]model.Tag{s.SessionTags, s.UserTags} {
		for _, t := range group {
			parts = append(parts, t.Name+"="+t.Value)
		}
	}
	return safe(strings.Join(parts, " "))
}

func containmentLabel(s model.Session) string {
	if !s.ContainmentKnown {
		return "–"
	}
	return s.Containment.Label()
}

func typeLabel(t model.SessionType) string {
	switch t {
	case model.Interactive:
		return "interactive"
	case model.NonInteractive:
		return "non-inter."
	}
	return "–"
}

// rangeLabel words a range. Whole days read as dates, the last one
// inclusive ("Jan 01 → Jan 03" for [Jan 1, Jan 4)); otherwise to the
// minute. The year is shown when it is not the current one.
func rangeLabel(r model.Range, loc *time.Location, now time.Time) string {
	if r.From.IsZero() {
		return ""
	}
	from, to := r.From.In(loc), r.To.In(loc)
	year := from.Year() != now.In(loc).Year() || to.Year() != now.In(loc).Year()
	if midnight(from) && midnight(to) {
		layout := "Jan 02"
		if year {
			layout = "2006-01-02"
		}
		last := to.AddDate(0, 0, -1)
		if last.Equal(from) {
			return from.Format(layout)
		}
		return from.Format(layout) + " → " + last.Format(layout)
	}
	layout := "Jan 02 15:04"
	if year {
		layout = "2006-01-02 15:04"
	}
	return from.Format(layout) + " → " + to.Format(layout)
}

func midnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// humanSize spells a byte count, e.g. "488.3 KB".
func humanSize(n int) string { return model.HumanBytes(float64(n)) }

// channelLabel names a session's channel, with voice channels (Kore's IVR,
// its voice gateway, AudioCodes and the like) marked so at a glance.
func channelLabel(ch string) string {
	if model.IsVoiceChannel(ch) {
		return "voice " + safe(ch)
	}
	return safe(ch)
}
