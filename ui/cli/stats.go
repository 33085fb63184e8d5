package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"konvo/api/source"
	"konvo/api/store"

	"konvo/api"
	"konvo/model"
)

func runStats(args []string, e Env) error {
	c := newCommand("konvo stats")
	c.lead = "konvo stats [flags]\n\n" +
		"The range's figures from the store: sessions per day by containment,\n" +
		"where users dropped off, failed tasks, slow voice turns, survey\n" +
		"scores (--json: one document).\n\n"
	defer c.done()
	// Task names come only through getMessages (getMessagesV2 trims
	// them), and the drop-off points and failures are named by them.
	c.withMessagesAPI(api.MessagesV1)
	asJSON := c.fs.Bool("json", false, "one JSON document with every figure (the shape is in the README)")
	if err := c.prepare(args, e); err != nil {
		return err
	}
	slow := c.settings.SlowTurn
	if slow <= 0 {
		slow = 2 * time.Second // as the TUI marks them
	}
	st, err := c.syncedStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := e.ctx
	d, err := st.Insights(ctx, c.filter)
	if err != nil {
		return err
	}
	if err := sayCoverage(ctx, e, st, c.filter.Range, "counted"); err != nil {
		return err
	}
	if c.settings.Mask {
		m, err := c.settings.Masker()
		if err != nil {
			return err
		}
		d = m.Insights(d)
	}
	stats := model.Summarize(d, c.filter.Range, c.settings.Location, slow)
	if stats.NotStored, _, err = st.Missing(ctx, c.filter.Range); err != nil {
		return err
	}
	if stats.NotStored == nil {
		stats.NotStored = []model.Range{}
	}
	answers, err := c.surveys(e, st)
	if err != nil {
		return err
	}
	stats.Surveys = model.SummarizeSurveys(answers, c.filter.Range, c.settings.Location)
	if *asJSON {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(stats)
	}
	writeStats(e.Stdout, stats, slow)
	return nil
}

// surveys are the range's survey answers: fetched in bulk into the store
// (offline, what it holds). A missing scope is a line on stderr, not a
// failure: the other figures stand.
func (c *command) surveys(e Env, st *store.Store) ([]model.Survey, error) {
	var got map[string]model.Survey
	var err error
	if c.offline {
		got, err = st.Surveys(e.ctx, c.filter.Range)
	} else {
		got, err = source.FromStore(&source.Cached{Client: c.client, St: st}).(source.Surveyor).Surveys(e.ctx, c.filter.Range)
	}
	if api.MissingScope(err) {
		fmt.Fprintln(e.Stderr, "konvo: survey scores need the app's Feedback Analytics scope; left out")
		return nil, nil
	}
	out := make([]model.Survey, 0, len(got))
	for _, v := range got {
		out = append(out, v)
	}
	return out, err
}

// writeStats prints the figures for a reader: the days as bars, then the
// rankings.
func writeStats(w io.Writer, s model.Stats, slow time.Duration) {
	t := s.Total
	fmt.Fprintf(w, "%s sessions from %s to %s (%s)\n", model.Thousands(t.Total), s.From, s.To, s.Zone)
	fmt.Fprintf(w, "  self-service %s · drop-off %s (%.1f%%) · agent %s (%.1f%%) · unknown %s\n\n",
		model.Thousands(t.SelfService), model.Thousands(t.DropOff), 100*s.DropOffRate, model.Thousands(t.Agent), 100*s.AgentRate, model.Thousands(t.Unknown))
	peak := 1
	for _, d := range s.Days {
		peak = max(peak, d.Total)
	}
	fmt.Fprintln(w, "Per day (S self-service, D drop-off, A agent)")
	for _, d := range s.Days {
		bar := func(n int, ch string) string { return strings.Repeat(ch, n*40/peak) }
		fmt.Fprintf(w, "  %s %6s %s%s%s\n", d.Date, model.Thousands(d.Total), bar(d.SelfService, "S"), bar(d.DropOff, "D"), bar(d.Agent, "A"))
	}
	section := func(title string, rows []string) {
		fmt.Fprintf(w, "\n%s\n", title)
		if len(rows) == 0 {
			fmt.Fprintln(w, "  none")
		}
		for _, r := range rows {
			fmt.Fprintln(w, "  "+r)
		}
	}
	var rows []string
	for _, p := range top(s.DropOffPoints, 10) {
		rows = append(rows, fmt.Sprintf("%5d %5.1f%%  %s%s", p.Count, 100*p.Share, model.Line(p.Text), taskOf(p.Task)))
	}
	section("Where users drop off (the bot's last words)", rows)
	rows = nil
	for _, f := range top(s.FailedTasks, 10) {
		name := f.Task
		if name == "" {
			name = "“" + f.Text + "”"
		}
		rows = append(rows, fmt.Sprintf("%5d  %s", f.Count, model.Line(name)))
	}
	section("Failed tasks", rows)
	rows = nil
	for _, p := range top(s.NotUnderstood, 10) {
		rows = append(rows, fmt.Sprintf("%5d  %s", p.Count, model.Line(p.Text)))
	}
	section("What the bot did not understand (what users said before a fallback answer)", rows)
	l := s.Latency
	rows = nil
	if l.Turns > 0 {
		rows = append(rows, fmt.Sprintf("%s turns · p50 %.1f s · p95 %.1f s · %s slower than %s", model.Thousands(l.Turns), float64(l.P50MS)/1000, float64(l.P95MS)/1000, model.Thousands(l.Slow), slow))
		for _, ts := range top(l.SlowByTask, 5) {
			rows = append(rows, fmt.Sprintf("%5d of %d slow  %s", ts.Slow, ts.Turns, model.Line(orUnnamed(ts.Task))))
		}
	}
	section("Voice turns", rows)
	rows = nil
	for _, c := range top(s.Channels, 8) {
		rows = append(rows, fmt.Sprintf("%6s  %s", model.Thousands(c.N), model.Line(orUnnamed(c.Value))))
	}
	section("Channels", rows)
	rows = nil
	for _, c := range top(s.Languages, 8) {
		rows = append(rows, fmt.Sprintf("%6s  %s", model.Thousands(c.N), model.Line(orUnnamed(c.Value))))
	}
	section("Languages", rows)
	rows = nil
	for _, ty := range s.Surveys.Types {
		rows = append(rows, fmt.Sprintf("%-12s %5d answers · average %.1f · %d with a comment", model.Line(orUnnamed(ty.Type)), ty.Answers, ty.Average, ty.WithComment))
	}
	section("Survey scores", rows)
	if s.Transcripts < s.Sessions {
		fmt.Fprintf(w, "\n%s of %s sessions have a stored transcript: drop-offs, failures and turns count those.\n", model.Thousands(s.Transcripts), model.Thousands(s.Sessions))
	}
}

func top[T any](s []T, n int) []T { return s[:min(n, len(s))] }

func taskOf(task string) string {
	if task == "" {
		return ""
	}
	return "  (" + model.Line(task) + ")"
}

func orUnnamed(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
