package ui

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/model"
)

var benchNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// benchDeps is a UI context whose client never sends a request.
func benchDeps(b testing.TB) *deps {
	c, err := api.New(api.Options{Host: "http://127.0.0.1:1", BotID: "st-bench", Credentials: api.StaticToken("t")})
	if err != nil {
		b.Fatal(err)
	}
	return &deps{src: source.FromClient(c), keys: testKeys(), theme: NewTheme(Palette{Name: "bench", Accent: benchColor{}, Muted: benchColor{}}), loc: time.UTC, now: func() time.Time { return benchNow }}
}

type benchColor struct{}

func (benchColor) RGBA() (r, g, b, a uint32) { return 0x8000, 0x8000, 0xffff, 0xffff }

func benchSessions(n int) []model.Session {
	out := make([]model.Session, n)
	for i := range out {
		start := benchNow.Add(-time.Duration(i) * time.Minute)
		out[i] = model.Session{
			ID: fmt.Sprintf("%024x", i), UserID: fmt.Sprintf("u-%08x-%04x", i*7919, i%1000), Channel: []string{"rtm", "msteams", "ivrVoice"}[i%3],
			Start: start, End: start.Add(3 * time.Minute), Languages: []string{"en"}, Type: model.Interactive,
			Containment: model.Containment(1 + i%3), ContainmentKnown: true, Status: "closed", Messages: 12, Tasks: 2,
			SessionTags: []model.Tag{{Name: "topic", Value: "balance"}}, UserTags: []model.Tag{{Name: "tier", Value: "gold"}},
		}
	}
	return out
}

// BenchmarkSessionsView renders the sessions screen at 120x40 with the
// cursor in the middle of n loaded sessions.
func BenchmarkSessionsView(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			s := newSessionsScreen(benchDeps(b), model.Filter{Range: model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}}, "", "")
			s.width, s.height = 120, 40
			l := s.list()
			l.rows, l.started, l.pager = benchSessions(n), true, s.d.src.Sessions(s.filter)
			l.move(n/2, s.bodyHeight())
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = s.View(frame{})
			}
		})
	}
}

// benchTable is a bubbles/table at 120x40 holding the same n sessions as
// the sessions screen's benchmarks, with the cursor in the middle.
func benchTable(n int) table.Model {
	cols := []table.Column{{Title: "Start", Width: 12}, {Title: "Dur", Width: 6}, {Title: "Channel", Width: 8}, {Title: "User", Width: 24},
		{Title: "Containment", Width: 12}, {Title: "Type", Width: 11}, {Title: "Msgs", Width: 4}, {Title: "Tasks", Width: 5}, {Title: "Lang", Width: 5}, {Title: "Tags", Width: 16}}
	rows := make([]table.Row, n)
	for i, s := range benchSessions(n) {
		rows[i] = table.Row{shortTime(s.Start, benchNow, time.UTC), humanDuration(s.Duration()), s.Channel, s.UserID, containmentLabel(s), typeLabel(s.Type),
			strconv.Itoa(s.Messages), strconv.Itoa(s.Tasks), "en", tagsBrief(s)}
	}
	t := table.New(table.WithColumns(cols), table.WithRows(rows), table.WithHeight(35), table.WithWidth(120), table.WithFocused(true))
	t.SetCursor(n / 2)
	return t
}

// BenchmarkBubblesTableView is the same measure for bubbles/table holding
// the same rows, for comparison.
func BenchmarkBubblesTableView(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			t := benchTable(n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = t.View()
			}
		})
	}
}

// longTranscript is the demo corpus' 5,000-message session, decoded.
func longTranscript(b testing.TB) (model.Session, []model.Message) {
	c := koretest.Generate(koretest.CorpusOptions{Seed: 1, End: benchNow, Sessions: 10, Showcase: true})
	cs, _ := c.Lookup("showcase-long-5000")
	s, msgs, err := c.Decoded(cs)
	if err != nil {
		b.Fatal(err)
	}
	return s, msgs
}

// BenchmarkTranscriptFirstFrame opens a 5,000-message transcript (all of
// it loaded) at 120x40 and draws the first frame.
func BenchmarkTranscriptFirstFrame(b *testing.B) {
	d := benchDeps(b)
	s, msgs := longTranscript(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ts := newTranscriptWith(d, s, msgs)
		ts.resize(120, 40)
		_ = ts.View(frame{})
	}
}

// BenchmarkTranscriptScrollStep is one j press and the frame after it,
// deep inside the same transcript.
func BenchmarkTranscriptScrollStep(b *testing.B) {
	d := benchDeps(b)
	s, msgs := longTranscript(b)
	ts := newTranscriptWith(d, s, msgs)
	ts.resize(120, 40)
	ts.selectBlock(2500)
	_ = ts.View(frame{})
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	up := tea.KeyPressMsg{Code: 'k', Text: "k"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%400 < 200 {
			ts.Update(down)
		} else {
			ts.Update(up)
		}
		_ = ts.View(frame{})
	}
}

// BenchmarkSessionsStep is a key press and the frame after it: the cost a
// user feels per step while scrolling.
func BenchmarkSessionsStep(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			s := newSessionsScreen(benchDeps(b), model.Filter{Range: model.Range{From: benchNow.AddDate(0, 0, -7), To: benchNow}}, "", "")
			s.width, s.height = 120, 40
			l := s.list()
			l.rows, l.started, l.done, l.pager = benchSessions(n), true, true, s.d.src.Sessions(s.filter)
			l.move(n/2, s.bodyHeight())
			down, up := tea.KeyPressMsg{Code: 'j', Text: "j"}, tea.KeyPressMsg{Code: 'k', Text: "k"}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%200 < 100 {
					s.Update(down)
				} else {
					s.Update(up)
				}
				_ = s.View(frame{})
			}
		})
	}
}

// BenchmarkBubblesTableStep is the same step for bubbles/table.
func BenchmarkBubblesTableStep(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			t := benchTable(n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%200 < 100 {
					t.MoveDown(1)
				} else {
					t.MoveUp(1)
				}
				_ = t.View()
			}
		})
	}
}

// BenchmarkTranscriptLoad5000 receives a 5,000-message transcript page by
// page, as the pager brings it, and draws the first frame (target: under
// 2 MB allocated by the screen; it was 8.5 MB).
func BenchmarkTranscriptLoad5000(b *testing.B) {
	d := benchDeps(b)
	s, msgs := longTranscript(b)
	var pages [][]model.Message
	for i := 0; i < len(msgs); i += 100 {
		pages = append(pages, append([]model.Message(nil), msgs[i:min(i+100, len(msgs))]...))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ts := newTranscriptWith(d, s, nil)
		ts.done, ts.total = false, -1
		ts.resize(120, 40)
		for i, p := range pages {
			ts.receive(transcriptMsg{to: ts, page: api.TranscriptPage{Messages: p, Done: i == len(pages)-1}, total: len(msgs)})
		}
		_ = ts.View(frame{})
	}
}

// BenchmarkFilterRows100k: one key press of "/" over 100,000 loaded rows,
// two terms, one of them fuzzy ("gold whtsp" matches nothing exactly).
func BenchmarkFilterRows100k(b *testing.B) {
	l := sessionList{rows: benchSessions(100_000)}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.setQuery([]string{"gold msteam", "gold whtsp"}[i%2])
	}
}
