package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/guptarohit/asciigraph"

	"konvo/api/source"
	"konvo/model"
)

// The bars' patterns: each containment its own, so the chart reads the
// same without colour (NO_COLOR), the legend saying which is which.
const (
	barSelf    = "█"
	barDrop    = "▓"
	barAgent   = "░"
	barUnknown = "·"
)

func (s *insightsScreen) bodyHeight() int { return max(s.height-4, 1) }

// build lays the figures out as rows for the current width.
func (s *insightsScreen) build() {
	if !s.loaded || s.width < 20 {
		s.rows = nil
		return
	}
	t := s.d.theme
	w := s.width
	st := s.stats
	var rows []insightRow
	head := func(title string) {
		if len(rows) > 0 {
			rows = append(rows, insightRow{})
		}
		rows = append(rows, insightRow{text: t.Title.Render(truncate(title, w))})
	}
	plain := func(text string) { rows = append(rows, insightRow{text: truncate(text, w)}) }

	periods, per := st.Days, "day"
	if len(st.Hours) > 0 {
		periods, per = st.Hours, "hour"
	}
	head(fmt.Sprintf("Sessions per %s  %s self-service  %s drop-off  %s agent", per,
		t.SelfService.Render(barSelf), t.DropOff.Render(barDrop), t.Agent.Render(barAgent)))
	peak := 1
	for _, p := range periods {
		peak = max(peak, p.Total)
	}
	barW := max(w-22, 10)
	for _, p := range periods {
		if s.stored(p.Start, p.End) != whole {
			barW = max(w-22-len(" + not stored"), 10) // room to say it on every row alike
			break
		}
	}
	for _, p := range periods {
		label := p.Start.Format("Jan 02 Mon")
		if per == "hour" {
			label = p.Start.Format("Jan 02 15:00")
		}
		seg := func(n int, ch string, st interface{ Render(...string) string }) string {
			if n == 0 {
				return ""
			}
			return st.Render(strings.Repeat(ch, max(n*barW/peak, 1)))
		}
		bar := seg(p.SelfService, barSelf, t.SelfService) + seg(p.DropOff, barDrop, t.DropOff) + seg(p.Agent, barAgent, t.Agent) + seg(p.Unknown, barUnknown, t.Dim)
		d := source.Drill{Kind: "period", Range: model.Range{From: model.Later(p.Start, s.filter.Range.From), To: model.Earlier(p.End, s.filter.Range.To)}}
		total := count(p.Total)
		// Sessions read while browsing are stored outside the synced
		// ranges: a day the store did not sync whole is said so, and
		// counts whatever it holds.
		switch kept := s.stored(p.Start, p.End); {
		case kept == none && p.Total == 0:
			total, bar = "", t.Dim.Render("not stored")
		case kept != whole:
			bar += t.Dim.Render(" + not stored")
		}
		rows = append(rows, insightRow{text: truncate(fmt.Sprintf("%-12s %6s ", label, total)+bar, w), drill: &d,
			title: "the sessions of " + label,
			note:  fmt.Sprintf("%s of %s: %d self-service, %d drop-off, %d agent", per, label, p.SelfService, p.DropOff, p.Agent)})
	}
	plain(fmt.Sprintf("%-12s %6s   drop-off %.1f%% · agent transfer %.1f%%", "total", count(st.Total.Total), 100*st.DropOffRate, 100*st.AgentRate))
	if len(st.Days) > 1 {
		drop, agent := make([]float64, len(st.Days)), make([]float64, len(st.Days))
		for i, p := range st.Days {
			drop[i], agent[i] = 100*p.DropOffRate, 100*p.AgentRate
			if p.Total == 0 {
				drop[i], agent[i] = -1, -1 // no sessions: no rate (drawn ·)
			}
		}
		if s.height >= 40 && w >= 60 {
			head("Drop-off and agent-transfer rates per day, %")
			gaps := func(v []float64) []float64 { // asciigraph leaves NaN out
				out := slices.Clone(v)
				for i := range out {
					if out[i] < 0 {
						out[i] = math.NaN()
					}
				}
				return out
			}
			chart := asciigraph.PlotMany([][]float64{gaps(drop), gaps(agent)}, asciigraph.Height(6), asciigraph.Width(min(w-12, 4*len(drop))),
				asciigraph.Precision(0), asciigraph.SeriesChars(asciigraph.DefaultCharSet, asciigraph.CreateCharSet("•")))
			for _, l := range strings.Split(chart, "\n") {
				plain(l)
			}
			// The legend by the lines' own marks: it reads without colour.
			plain(t.Dim.Render("      ─ drop-off   • agent transfer"))
		} else {
			plain(fmt.Sprintf("%-12s        drop-off %s  agent %s", "trend", sparkline(drop), sparkline(agent)))
		}
	}

	head("Where users drop off: the bot's last words")
	if len(st.DropOffPoints) == 0 {
		plain(t.Dim.Render("  no drop-off with a stored transcript"))
	}
	for _, p := range st.DropOffPoints[:min(len(st.DropOffPoints), 12)] {
		d := source.Drill{Kind: "dropoff", Text: p.Text, Task: p.Task}
		task := ""
		if p.Task != "" {
			task = t.Accent.Render(safe(p.Task)) + t.Dim.Render(" · ")
		}
		rows = append(rows, insightRow{text: truncate(fmt.Sprintf("%6s %5.1f%%  ", count(p.Count), 100*p.Share)+task+safe(p.Text), w), drill: &d,
			title: "drop-offs after “" + truncate(safe(p.Text), 40) + "”", note: "left after: " + safe(p.Text)})
	}
	head("Failed tasks")
	if len(st.FailedTasks) == 0 {
		plain(t.Dim.Render("  none in the stored transcripts"))
	}
	for _, f := range st.FailedTasks[:min(len(st.FailedTasks), 8)] {
		name := safe(f.Task)
		if name == "" {
			name = "“" + safe(f.Text) + "”"
		}
		d := source.Drill{Kind: "failed", Task: f.Task, Text: f.Text}
		rows = append(rows, insightRow{text: truncate(fmt.Sprintf("%6s  ", count(f.Count))+name, w), drill: &d,
			title: "failures of " + truncate(name, 40), note: "failed: " + name})
	}
	head("What the bot did not understand: what users said before a fallback")
	if len(st.NotUnderstood) == 0 {
		plain(t.Dim.Render("  no fallback answer in the stored transcripts"))
	}
	for _, p := range st.NotUnderstood[:min(len(st.NotUnderstood), 8)] {
		d := source.Drill{Kind: "unclear", Text: p.Text}
		rows = append(rows, insightRow{text: truncate(fmt.Sprintf("%6s  ", count(p.Count))+safe(p.Text), w), drill: &d,
			title: "“" + truncate(safe(p.Text), 40) + "” not understood", note: "not understood: " + safe(p.Text)})
	}
	plain(t.Dim.Render("  (getAnalytics' unhandled utterances need the app's Metrics scope, which konvo does not ask for)"))

	l := st.Latency
	head("Voice turns")
	if l.Turns == 0 {
		plain(t.Dim.Render("  no voice turn with its timing in the stored transcripts"))
	} else {
		plain(fmt.Sprintf("%6s turns  p50 %s  p95 %s  %s slower than %s", count(l.Turns), seconds(time.Duration(l.P50MS)*time.Millisecond),
			seconds(time.Duration(l.P95MS)*time.Millisecond), count(l.Slow), seconds(s.d.slowTurn)))
		for _, dl := range l.PerDay {
			plain(t.Dim.Render(fmt.Sprintf("  %s  p50 %s  p95 %s  %d slow of %d", dl.Date, seconds(time.Duration(dl.P50MS)*time.Millisecond),
				seconds(time.Duration(dl.P95MS)*time.Millisecond), dl.Slow, dl.Turns)))
		}
		for _, ts := range l.SlowByTask[:min(len(l.SlowByTask), 6)] {
			name := ts.Task
			if name == "" {
				name = "(no task named)"
			}
			d := source.Drill{Kind: "slow", Task: ts.Task, Slow: s.d.slowTurn.Milliseconds()}
			rows = append(rows, insightRow{text: truncate(fmt.Sprintf("%6s of %-5d slow  ", count(ts.Slow), ts.Turns)+safe(name), w), drill: &d,
				title: "slow turns of " + truncate(safe(name), 40), note: "slow turns in " + safe(name)})
		}
	}
	breakdown := func(title, kind string, cs []model.Count) {
		head(title)
		for _, c := range cs[:min(len(cs), 8)] {
			name := c.Value
			if kind == "channel" {
				name = channelLabel(c.Value)
			}
			if name == "" {
				name = "(none)"
			}
			d := source.Drill{Kind: kind, Text: c.Value}
			share := 0.0
			if st.Sessions > 0 {
				share = 100 * float64(c.N) / float64(st.Sessions)
			}
			rows = append(rows, insightRow{text: truncate(fmt.Sprintf("%6s %5.1f%%  ", count(c.N), share)+safe(name), w), drill: &d,
				title: kind + " " + safe(name), note: kind + " " + safe(name)})
		}
	}
	breakdown("Channels", "channel", st.Channels)
	breakdown("Languages", "lang", st.Languages)
	s.rows = rows
	if s.cursor >= len(rows) || s.cursor < len(rows) && rows[s.cursor].drill == nil {
		s.cursor = s.next(-1, 1)
	}
	s.moveTo(s.cursor)
}

// How much of a period the store holds.
const (
	whole = iota
	part
	none
)

// stored says how much of [from, to) the store holds, by the gaps.
func (s *insightsScreen) stored(from, to time.Time) int {
	from, to = model.Later(from, s.filter.Range.From), model.Earlier(to, s.filter.Range.To)
	var lacking time.Duration
	for _, g := range s.gaps {
		if lo, hi := model.Later(g.From, from), model.Earlier(g.To, to); hi.After(lo) {
			lacking += hi.Sub(lo)
		}
	}
	switch {
	case lacking < time.Minute: // the moments since the last sync
		return whole
	case lacking >= to.Sub(from):
		return none
	}
	return part
}

// sparkline draws values as one line of block heights; a negative value
// is a gap (·).
func sparkline(v []float64) string {
	const ticks = "▁▂▃▄▅▆▇█"
	hi := 0.0
	for _, x := range v {
		hi = max(hi, x)
	}
	var b strings.Builder
	for _, x := range v {
		if x < 0 {
			b.WriteString("·")
			continue
		}
		i := 0
		if hi > 0 {
			i = int(x / hi * 7)
		}
		b.WriteString(string([]rune(ticks)[clamp(i, 0, 7)]))
	}
	return b.String()
}

func (s *insightsScreen) View(f frame) string {
	w, h := s.width, s.height
	if w < 20 || h < 6 {
		return tooSmall(w, h)
	}
	t := s.d.theme
	head := f.path + t.Dim.Render(" · ") + rangeLabel(s.filter.Range, s.d.loc, s.d.now())
	if c := s.filter.Containment; c != model.All {
		head += t.Dim.Render(" · ") + strings.ToLower(c.Label())
	}
	if chips := filterChips(s.filter); chips != "" {
		head += t.Dim.Render(" · ") + t.Accent.Render(chips)
	}
	lines := []string{truncate(head, w)}
	switch {
	case s.err != nil:
		lines = append(lines, t.Error.Render(truncate(errorText(s.d, s.err), w)))
	case !s.loaded:
		lines = append(lines, t.Dim.Render("counting the stored sessions…"))
	default:
		lines = append(lines, truncate(fmt.Sprintf("%s sessions, %s with a stored transcript", count(s.stats.Sessions), count(s.stats.Transcripts)), w))
	}
	body := s.bodyHeight()
	for i := s.top; i < s.top+body; i++ {
		switch {
		case i >= len(s.rows):
			lines = append(lines, "")
		case i == s.cursor:
			lines = append(lines, "▌"+s.rows[i].text)
		default:
			lines = append(lines, " "+s.rows[i].text)
		}
	}
	left := ""
	if n := s.drillable(); n > 0 {
		left = fmt.Sprintf("%d/%d", s.drillIndex()+1, n)
	}
	if f.activity != "" {
		left += "  " + f.activity
	}
	note := s.flash.text
	switch {
	case note != "":
	case s.syncing != nil:
		note = s.syncing.note()
	case s.missing > 0:
		note = notStored(s.missing, s.syncer != nil, s.d.keys)
	case s.cursor < len(s.rows):
		note = s.rows[s.cursor].note
	}
	status, bottom := statusLines(left, model.Line(note), t.Warn, shortHelp(t, w, hintsOf(s.d.keys, s.bindings())...), false, w)
	lines = append(lines, status, bottom)
	return strings.Join(fit(lines, w), "\n")
}

// drillable counts the rows that open sessions; drillIndex is the
// cursor's place among them.
func (s *insightsScreen) drillable() int {
	n := 0
	for _, r := range s.rows {
		if r.drill != nil {
			n++
		}
	}
	return n
}

func (s *insightsScreen) drillIndex() int {
	n := 0
	for i := 0; i < s.cursor && i < len(s.rows); i++ {
		if s.rows[i].drill != nil {
			n++
		}
	}
	return n
}
