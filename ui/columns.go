package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"konvo/model"
)

// column is one column of the sessions table.
type column struct {
	title string
	min   int // the width it needs
	max   int // the width it may grow to (flexible columns only)
	prio  int // lower stays longer as the terminal narrows
	right bool
	// facts is set on a column of what the stored transcript tells: shown
	// only when the source has a store; surveys on one of the survey
	// answers, shown when the source reads them.
	facts, surveys bool
	cell           func(s model.Session, c cellCtx) string
}

type cellCtx struct {
	now time.Time
	loc *time.Location
	// facts is what the store knows of a session's transcript; survey
	// the feedback survey answered in it.
	facts  func(id string) (model.Facts, bool)
	survey func(id string) (model.Survey, bool)
}

// fact is the session's stored facts, when there are some.
func (c cellCtx) fact(id string) (model.Facts, bool) {
	if c.facts == nil {
		return model.Facts{}, false
	}
	return c.facts(id)
}

// sessionColumns are the table's columns in display order.
var sessionColumns = [...]column{
	{title: "Start", min: 12, prio: 0, cell: func(s model.Session, c cellCtx) string { return shortTime(s.Start, c.now, c.loc) }},
	{title: "Dur", min: 6, prio: 3, right: true, cell: func(s model.Session, _ cellCtx) string { return humanDuration(s.Duration()) }},
	{title: "Channel", min: 8, prio: 4, cell: func(s model.Session, _ cellCtx) string { return channelCell(s.Channel) }},
	{title: "User", min: 16, max: 34, prio: 1, cell: func(s model.Session, _ cellCtx) string { return safe(s.UserID) }},
	{title: "Containment", min: 12, prio: 0, cell: func(s model.Session, _ cellCtx) string { return containmentLabel(s) }},
	{title: "Type", min: 11, prio: 9, cell: func(s model.Session, _ cellCtx) string { return typeLabel(s.Type) }},
	{title: "Msgs", min: 4, prio: 2, right: true, cell: func(s model.Session, _ cellCtx) string { return strconv.Itoa(s.Messages) }},
	{title: "Tasks", min: 5, prio: 8, right: true, cell: func(s model.Session, _ cellCtx) string { return strconv.Itoa(s.Tasks) }},
	{title: "Score", min: 7, prio: 3, surveys: true, cell: scoreCell},
	{title: "Slow", min: 9, prio: 5, facts: true, cell: slowCell},
	{title: "Failed task", min: 12, max: 24, prio: 6, facts: true, cell: failedCell},
	{title: "Lang", min: 5, prio: 5, cell: func(s model.Session, _ cellCtx) string { return safe(strings.Join(s.Languages, ",")) }},
	{title: "Status", min: 6, prio: 10, cell: func(s model.Session, _ cellCtx) string { return safe(s.Status) }},
	{title: "Tags", min: 16, max: 80, prio: 7, cell: func(s model.Session, _ cellCtx) string { return tagsBrief(s) }},
	{title: "Session", min: 24, max: 26, prio: 11, cell: func(s model.Session, _ cellCtx) string { return safe(s.ID) }},
}

// layout is the columns that fit a width, and each one's width.
type layout struct {
	cols        []int // indices into sessionColumns, in display order
	widths      []int
	right       []bool
	containment int // the position of the containment column in cols, or -1
}

// layoutColumns drops columns by priority until the rest fit in width
// (one space between columns, two cells for the selection gutter), then
// gives the spare cells to the flexible columns.
func layoutColumns(width int, withFacts, withSurveys bool) layout {
	avail := width - 2
	keep := make([]bool, len(sessionColumns))
	for i, c := range sessionColumns {
		keep[i] = (withFacts || !c.facts) && (withSurveys || !c.surveys)
	}
	need := func() int {
		n, k := 0, 0
		for i, c := range sessionColumns {
			if keep[i] {
				n += c.min
				k++
			}
		}
		return n + max(k-1, 0)
	}
	for need() > avail {
		worst := -1
		for i, c := range sessionColumns {
			if keep[i] && c.prio > 0 && (worst < 0 || c.prio > sessionColumns[worst].prio) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		keep[worst] = false
	}
	l := layout{containment: -1}
	for i, c := range sessionColumns {
		if keep[i] {
			if c.title == "Containment" {
				l.containment = len(l.cols)
			}
			l.cols = append(l.cols, i)
			l.widths = append(l.widths, c.min)
			l.right = append(l.right, c.right)
		}
	}
	spare := avail - need()
	for spare > 0 {
		grown := false
		for j, i := range l.cols {
			c := sessionColumns[i]
			if c.max > l.widths[j] && spare > 0 {
				l.widths[j]++
				spare--
				grown = true
			}
		}
		if !grown {
			break
		}
	}
	return l
}

// channelCell is a channel in a narrow column: "voice" for every voice
// channel, the channel's own name otherwise.
func channelCell(ch string) string {
	if model.IsVoiceChannel(ch) {
		return "voice"
	}
	return safe(ch)
}

// slowCell is a session's slow voice turns, from its stored transcript:
// "2 ▲4.1s" (how many, the slowest), "–" when none was slow, blank when
// the store has no transcript or no turn timing.
// scoreCell is the survey answered in the session: "CSAT 4", "NPS 9",
// "like"; a comment is marked with a quote sign.
func scoreCell(s model.Session, c cellCtx) string {
	if c.survey == nil {
		return ""
	}
	v, ok := c.survey(s.ID)
	if !ok {
		return ""
	}
	label := v.Label()
	if strings.TrimSpace(v.Comment) != "" {
		label += "”"
	}
	return label
}

func slowCell(s model.Session, c cellCtx) string {
	f, ok := c.fact(s.ID)
	switch {
	case !ok || f.Worst == 0:
		return ""
	case f.SlowTurns == 0:
		return "–"
	}
	return fmt.Sprintf("%d ▲%.1fs", f.SlowTurns, f.Worst.Seconds())
}

// failedCell names the task that failed in a session's stored transcript,
// or quotes the failure when no task was named.
func failedCell(s model.Session, c cellCtx) string {
	f, ok := c.fact(s.ID)
	switch {
	case !ok || !f.Failed:
		return ""
	case f.FailedTask == "":
		// getMessagesV2 sends no task names: what the failure said.
		return "“" + safe(f.FailedText) + "”"
	}
	return safe(f.FailedTask)
}
