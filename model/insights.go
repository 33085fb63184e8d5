package model

import (
	"cmp"
	"slices"
	"time"
)

// QuarterMS is the width of the buckets sessions are counted in: a
// quarter of an hour, so every time zone's days and hours (+5:45
// included) are whole buckets, and the display zone is applied to a few
// thousand buckets rather than to every session.
const QuarterMS = 15 * 60 * 1000

// InsightData is what the store counts of a filter's sessions: the raw
// material of Stats.
type InsightData struct {
	// Buckets count sessions per quarter hour (UTC ms / QuarterMS) and
	// containment.
	Buckets []Bucket
	// Channels and Languages count sessions by channel and first language.
	Channels, Languages []Count
	// DropOffs are where drop-off sessions left: the bot's last words and
	// their task. Failed are the failed tasks (or, unnamed, what the
	// failure said). NotUnderstood are what users said just before a
	// fallback answer. The most common first.
	DropOffs, Failed, NotUnderstood []Group
	// Turns are the voice turns' latencies.
	Turns []Turn
	// Sessions counts the filter's stored sessions; Transcripts those of
	// them with a stored transcript (the rest count in Buckets only).
	Sessions, Transcripts int
}

// Bucket is sessions of one containment in one quarter hour.
type Bucket struct {
	Quarter     int64
	Containment Containment
	N           int
}

// Count is how many sessions have a value.
type Count struct {
	Value string `json:"value"`
	N     int    `json:"count"`
}

// Group is sessions that share a text (and task): N of them.
type Group struct {
	Text, Task string
	N          int
}

// Turn is N voice turns of one latency (to the store's 50 ms steps), in
// one quarter-hour bucket and task.
type Turn struct {
	Quarter int64
	MS      int64
	Task    string
	N       int
}

// Stats are the figures of a range, as konvo stats --json prints them and
// the insights screen draws them.
type Stats struct {
	From string `json:"from"`
	To   string `json:"to"`
	Zone string `json:"timeZone"`
	// Days are per day of the display zone, every day of the range; Hours
	// per hour, for ranges of two days or less.
	Days  []Period `json:"days"`
	Hours []Period `json:"hours,omitempty"`
	Total Period   `json:"total"`
	// DropOffRate and AgentRate are shares of the sessions of known
	// containment, 0 to 1.
	DropOffRate   float64     `json:"dropOffRate"`
	AgentRate     float64     `json:"agentTransferRate"`
	DropOffPoints []Point     `json:"dropOffPoints"`
	FailedTasks   []TaskCount `json:"failedTasks"`
	NotUnderstood []Point     `json:"notUnderstood"`
	Latency       Latencies   `json:"latency"`
	Channels      []Count     `json:"channels"`
	Languages     []Count     `json:"languages"`
	// Sessions and Transcripts are what the figures rest on: the stored
	// sessions, and of them those with a stored transcript (drop-off
	// points, failures and turns come from those).
	Sessions    int `json:"sessions"`
	Transcripts int `json:"transcripts"`
	// NotStored lists the parts of the range the store lacks: the
	// figures leave them out.
	NotStored []Range `json:"notStored"`
	// Surveys are the range's survey answers (getFeedbackSurveyResponses);
	// empty when the app lacks the Feedback Analytics scope.
	Surveys SurveyStats `json:"surveys"`
}

// Period is the sessions of a day or an hour by containment.
type Period struct {
	Date        string  `json:"date"` // YYYY-MM-DD, or YYYY-MM-DD HH:00 for an hour
	SelfService int     `json:"selfService"`
	DropOff     int     `json:"dropOff"`
	Agent       int     `json:"agent"`
	Unknown     int     `json:"unknown"`
	Total       int     `json:"total"`
	DropOffRate float64 `json:"dropOffRate"`
	AgentRate   float64 `json:"agentTransferRate"`
	// Start and End bound the period, for a drill-down.
	Start time.Time `json:"-"`
	End   time.Time `json:"-"`
}

func (p *Period) add(c Containment, n int) {
	switch c {
	case SelfService:
		p.SelfService += n
	case DropOff:
		p.DropOff += n
	case Agent:
		p.Agent += n
	default:
		p.Unknown += n
	}
	p.Total += n
}

func (p *Period) rates() {
	if known := p.SelfService + p.DropOff + p.Agent; known > 0 {
		p.DropOffRate = float64(p.DropOff) / float64(known)
		p.AgentRate = float64(p.Agent) / float64(known)
	}
}

// Point is a text many sessions share: the bot's last words before a
// drop-off, or what users said that was not understood.
type Point struct {
	Text  string  `json:"text"`
	Task  string  `json:"task,omitempty"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// TaskCount is a failed task and how many sessions it failed in; Text is
// what the failure said when no task was named.
type TaskCount struct {
	Task  string `json:"task"`
	Text  string `json:"text,omitempty"`
	Count int    `json:"count"`
}

// Latencies are the voice turns' timing.
type Latencies struct {
	Turns int   `json:"turns"`
	P50MS int64 `json:"p50ms"`
	P95MS int64 `json:"p95ms"`
	// Slow counts the turns slower than the threshold given to Summarize.
	Slow   int          `json:"slow"`
	PerDay []DayLatency `json:"perDay"`
	// SlowByTask counts slow turns per task, the most first.
	SlowByTask []TaskSlow `json:"slowByTask"`
}

// DayLatency is one day's turns.
type DayLatency struct {
	Date  string `json:"date"`
	Turns int    `json:"turns"`
	P50MS int64  `json:"p50ms"`
	P95MS int64  `json:"p95ms"`
	Slow  int    `json:"slow"`
}

// TaskSlow is a task's slow turns.
type TaskSlow struct {
	Task  string `json:"task"`
	Slow  int    `json:"slow"`
	Turns int    `json:"turns"`
}

// Summarize makes the figures of r from the store's counts, days and
// hours in loc; turns slower than slow count as slow.
func Summarize(d InsightData, r Range, loc *time.Location, slow time.Duration) Stats {
	zone := loc.String()
	if zone == "Local" {
		zone = r.To.In(loc).Format("MST -07:00") // "Local" tells a reader nothing
	}
	st := Stats{From: r.From.In(loc).Format(time.RFC3339Nano), To: r.To.In(loc).Format(time.RFC3339Nano), Zone: zone,
		Sessions: d.Sessions, Transcripts: d.Transcripts, Channels: orEmpty(d.Channels), Languages: orEmpty(d.Languages), NotStored: []Range{}}
	days, dayOf := periods(r, loc, false)
	var hours []Period
	var hourOf func(time.Time) int
	if r.To.Sub(r.From) <= 48*time.Hour {
		hours, hourOf = periods(r, loc, true)
	}
	for _, b := range d.Buckets {
		at := bucketTime(b.Quarter, r)
		if i := dayOf(at); i >= 0 {
			days[i].add(b.Containment, b.N)
		}
		if hourOf != nil {
			if i := hourOf(at); i >= 0 {
				hours[i].add(b.Containment, b.N)
			}
		}
		st.Total.add(b.Containment, b.N)
	}
	for i := range days {
		days[i].rates()
	}
	for i := range hours {
		hours[i].rates()
	}
	st.Total.rates()
	st.Days, st.Hours = days, hours
	st.DropOffRate, st.AgentRate = st.Total.DropOffRate, st.Total.AgentRate
	st.DropOffPoints = points(d.DropOffs, st.Total.DropOff)
	st.NotUnderstood = points(d.NotUnderstood, 0)
	st.FailedTasks = []TaskCount{}
	for _, g := range d.Failed {
		st.FailedTasks = append(st.FailedTasks, TaskCount{Task: g.Task, Text: g.Text, Count: g.N})
	}
	st.Latency = latencies(d.Turns, days, dayOf, r, slow)
	return st
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// bucketTime is when a quarter-hour bucket starts, or the range's start
// for the bucket the range starts in: its sessions are in the range.
func bucketTime(q int64, r Range) time.Time {
	at := time.UnixMilli(q * QuarterMS)
	if at.Before(r.From) {
		return r.From
	}
	return at
}

// points are groups as points, share of total (0: of the groups' sum).
func points(gs []Group, total int) []Point {
	if total == 0 {
		for _, g := range gs {
			total += g.N
		}
	}
	out := []Point{}
	for _, g := range gs {
		p := Point{Text: g.Text, Task: g.Task, Count: g.N}
		if total > 0 {
			p.Share = float64(g.N) / float64(total)
		}
		out = append(out, p)
	}
	return out
}

// periods are the days (or hours) of r in loc, and the index of the one
// a time falls in (-1: outside r).
func periods(r Range, loc *time.Location, hourly bool) ([]Period, func(time.Time) int) {
	var out []Period
	start := r.From.In(loc)
	if hourly {
		start = start.Truncate(time.Hour)
	} else {
		start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	}
	for at := start; at.Before(r.To); {
		next := at.AddDate(0, 0, 1)
		format := time.DateOnly
		if hourly {
			next, format = at.Add(time.Hour), "2006-01-02 15:00"
		}
		out = append(out, Period{Date: at.Format(format), Start: at, End: next})
		at = next
	}
	return out, func(t time.Time) int {
		if t.Before(r.From) || !t.Before(r.To) {
			return -1
		}
		i, _ := slices.BinarySearchFunc(out, t, func(p Period, t time.Time) int {
			switch {
			case !p.End.After(t):
				return -1
			case p.Start.After(t):
				return 1
			}
			return 0
		})
		if i >= len(out) {
			return -1
		}
		return i
	}
}

// latencies are the turns' percentiles overall and per day, and the slow
// turns per task.
func latencies(turns []Turn, days []Period, dayOf func(time.Time) int, r Range, slow time.Duration) Latencies {
	out := Latencies{PerDay: []DayLatency{}, SlowByTask: []TaskSlow{}}
	var all []Turn
	perDay := make([][]Turn, len(days))
	byTask := map[string]*TaskSlow{}
	for _, t := range turns {
		t.N = max(t.N, 1)
		all = append(all, t)
		if i := dayOf(bucketTime(t.Quarter, r)); i >= 0 {
			perDay[i] = append(perDay[i], t)
		}
		ts := byTask[t.Task]
		if ts == nil {
			ts = &TaskSlow{Task: t.Task}
			byTask[t.Task] = ts
		}
		ts.Turns += t.N
		if time.Duration(t.MS)*time.Millisecond > slow {
			ts.Slow += t.N
			out.Slow += t.N
		}
	}
	out.Turns = weight(all)
	out.P50MS, out.P95MS = percentile(all, 50), percentile(all, 95)
	for i, ts := range perDay {
		if len(ts) == 0 {
			continue
		}
		dl := DayLatency{Date: days[i].Date, Turns: weight(ts), P50MS: percentile(ts, 50), P95MS: percentile(ts, 95)}
		for _, t := range ts {
			if time.Duration(t.MS)*time.Millisecond > slow {
				dl.Slow += t.N
			}
		}
		out.PerDay = append(out.PerDay, dl)
	}
	for _, ts := range byTask {
		if ts.Slow > 0 {
			out.SlowByTask = append(out.SlowByTask, *ts)
		}
	}
	slices.SortFunc(out.SlowByTask, func(a, b TaskSlow) int { return cmp.Or(b.Slow-a.Slow, cmp.Compare(a.Task, b.Task)) })
	return out
}

// weight is how many turns ts hold.
func weight(ts []Turn) int {
	n := 0
	for _, t := range ts {
		n += max(t.N, 1)
	}
	return n
}

// percentile is the p-th percentile of the turns' latencies (nearest
// rank, each Turn counting N times); it sorts ts.
func percentile(ts []Turn, p int) int64 {
	n := weight(ts)
	if n == 0 {
		return 0
	}
	slices.SortFunc(ts, func(a, b Turn) int { return cmp.Compare(a.MS, b.MS) })
	rank := max((p*n+99)/100, 1) // ceil(p/100 × n)
	for _, t := range ts {
		if rank -= max(t.N, 1); rank <= 0 {
			return t.MS
		}
	}
	return ts[len(ts)-1].MS
}
