package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/source"
	"konvo/model"
)

// detailsMsg brings a session's conversationDetails to its transcript.
type detailsMsg struct {
	to      *transcriptScreen
	d       model.Details
	summary bool
	err     error
}

func (m detailsMsg) owner() screen { return m.to }

// askDetails asks once for the session's conversationDetails: for an
// agent session when it opens (where it went to an agent), for the
// details view (the task flow), and with the summary for S.
func (s *transcriptScreen) askDetails(summary bool) tea.Cmd {
	src, ok := s.src.(source.Detailer)
	if !ok || s.detailsAsking || s.info != nil && (s.infoSummary || !summary) {
		return nil
	}
	s.detailsAsking = true
	ctx, sess := s.d.ctx, s.session
	return func() tea.Msg {
		d, err := src.Details(ctx, sess, summary)
		return detailsMsg{to: s, d: d, summary: summary, err: err}
	}
}

func (s *transcriptScreen) detailsArrived(msg detailsMsg) tea.Cmd {
	s.detailsAsking = false
	if msg.summary {
		s.flash = flash{} // "asking for the summary…" is answered
	}
	switch {
	case api.MissingScope(msg.err):
		s.infoNote = scopeNote("Chat History", "the summary and task flow")
		return nil
	case errors.Is(msg.err, source.ErrNotStored):
		s.infoNote = "no summary stored for this session (offline)"
		return nil
	case msg.err != nil:
		s.infoNote = "conversation details: " + model.Line(msg.err.Error())
		return nil
	}
	s.info, s.infoSummary, s.infoNote = &msg.d, msg.summary, ""
	if msg.summary {
		s.showSummary = true
		if msg.d.Summary == "" {
			s.infoNote = "Kore sent no summary for this session"
		}
	}
	s.markHandoff()
	s.clampScroll()
	return nil
}

// markHandoff puts the hand-off divider at the first message at or after
// the time conversationDetails gives, when the messages showed none.
func (s *transcriptScreen) markHandoff() {
	if s.info == nil || !s.info.HandedOff() || s.handoff >= 0 {
		return
	}
	for i, m := range s.msgs {
		if !m.Created.Before(s.info.HandOff) {
			s.handoff = i
			if i < len(s.layouts) {
				s.layouts[i] = nil
			}
			return
		}
	}
}

// toggleSummary shows or hides the LLM summary, asking for it the first
// time (a source with a store keeps it: asked once).
func (s *transcriptScreen) toggleSummary() tea.Cmd {
	if s.info != nil && s.infoSummary {
		s.showSummary = !s.showSummary
		s.clampScroll()
		return nil
	}
	if _, ok := s.src.(source.Detailer); !ok {
		s.flash.set("this source has no conversation details")
		return nil
	}
	s.flash.set("asking for the summary…")
	return s.askDetails(true)
}

// infoKey is what infoLines depend on: laid out again only when it
// changes, since bodyHeight asks for them on every key and frame.
type infoKey struct {
	w, h             int
	summary, details bool
	info             *model.Details
	note             string
	survey           [3]string // label, comment, name
	agent            *model.AgentRecord
	agentNote        string
}

// infoLines are the lines between the header and the messages: the
// survey answered, the summary when shown, and, in the details view, the
// task flow; at most a third of the screen.
func (s *transcriptScreen) infoLines(w int) []string {
	v := s.d.surveys[s.session.ID]
	key := infoKey{w: w, h: s.height, summary: s.showSummary, details: s.details, info: s.info, note: s.infoNote, survey: [3]string{v.Label(), v.Comment, v.Name},
		agent: s.agent, agentNote: s.agentNote}
	if s.infoMemo.lines != nil && s.infoMemo.key == key {
		return s.infoMemo.lines
	}
	lines := s.layoutInfo(w)
	s.infoMemo.key, s.infoMemo.lines = key, append([]string{}, lines...)
	return lines
}

func (s *transcriptScreen) layoutInfo(w int) []string {
	t := s.d.theme
	var out []string
	if v, ok := s.d.surveys[s.session.ID]; ok && v.Scored {
		line := v.Label()
		if c := strings.TrimSpace(v.Comment); c != "" {
			line += " “" + safe(model.Line(c)) + "”"
		}
		out = append(out, truncate(t.Dim.Render("survey ")+line+t.Dim.Render(" · "+safe(v.Name)), w))
	}
	if s.infoNote != "" {
		out = append(out, truncate(t.Dim.Render(s.infoNote), w))
	}
	if s.info != nil && s.showSummary && s.info.Summary != "" {
		head := "Summary"
		if !s.info.SummaryAt.IsZero() {
			head += " · " + s.info.SummaryAt.In(s.d.loc).Format("Jan 02 15:04")
		}
		out = append(out, t.Dim.Render(head))
		for _, l := range wrap(safeBlock(s.info.Summary), max(w-2, 10)) {
			out = append(out, "  "+l)
		}
	}
	if s.info != nil && s.details && len(s.info.Flow) > 0 {
		var steps []string
		for _, st := range s.info.Flow {
			mark := "✓"
			if strings.Contains(strings.ToLower(st.Status), "fail") {
				mark = t.Warn.Render("✗ failed")
			} else if !strings.Contains(strings.ToLower(st.Status), "complete") {
				mark = safe(st.Status)
			}
			steps = append(steps, safe(st.Task)+" "+mark)
		}
		line := "tasks " + strings.Join(steps, t.Dim.Render(" → "))
		if c := s.info.CurrentTask; c != "" {
			line += t.Dim.Render(" · in ") + safe(c)
		}
		if s.info.HandedOff() {
			line += t.Dim.Render(" · to an agent at ") + s.info.HandOff.In(s.d.loc).Format("15:04:05")
		}
		out = append(out, truncate(line, w))
	}
	if s.details {
		out = append(out, s.agentLines(w)...)
	}
	if limit := max(s.height/3, 1); len(out) > limit {
		out = append(out[:limit-1], truncate(t.Dim.Render(fmt.Sprintf("… %d more lines (S hides the summary)", len(out)-limit+1)), w))
	}
	return out
}
