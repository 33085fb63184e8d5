package ui

import (
	"cmp"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/source"
	"konvo/model"
)

// agentRecordMsg brings the contact center's record of a session to its
// transcript.
type agentRecordMsg struct {
	to  *transcriptScreen
	r   model.AgentRecord
	err error
}

func (m agentRecordMsg) owner() screen { return m.to }

// askAgentRecord asks once, when the details view opens on a session that
// went to an agent, for what the contact center kept of it.
func (s *transcriptScreen) askAgentRecord() tea.Cmd {
	src, ok := s.src.(source.AgentRecorder)
	if !ok || s.session.Containment != model.Agent || s.agent != nil || s.agentAsked {
		return nil
	}
	s.agentAsked = true
	ctx, sess := s.d.ctx, s.session
	return func() tea.Msg {
		r, err := src.AgentRecord(ctx, sess)
		return agentRecordMsg{to: s, r: r, err: err}
	}
}

func (s *transcriptScreen) agentRecordArrived(msg agentRecordMsg) tea.Cmd {
	switch {
	case api.MissingScope(msg.err):
		s.agentNote = scopeNote("SmartAssist Analytics", "the agent's side (participants, dispositions, notes)")
	case errors.Is(msg.err, api.ErrNoAccount):
		s.agentNote = "the agent's side needs the account id: account_id in the profile, or KONVO_ACCOUNT_ID"
	case errors.Is(msg.err, api.ErrNoAgentRecord):
		s.agentNote = "the contact center has no record of this session (another agent system?)"
	case errors.Is(msg.err, source.ErrNotStored):
		s.agentNote = "no contact center record stored for this session (offline)"
	case msg.err != nil:
		s.agentNote = "contact center: " + model.Line(msg.err.Error())
		s.agentAsked = false // a failure may pass: i asks again
	default:
		s.agent, s.agentNote = &msg.r, ""
	}
	s.clampScroll()
	return nil
}

// agentLines are the contact center's record in the details view: who
// took the conversation and for how long, the transfers, how it was
// closed, and the agent's notes.
func (s *transcriptScreen) agentLines(w int) []string {
	t := s.d.theme
	if s.agentNote != "" {
		return []string{truncate(t.Dim.Render(s.agentNote), w)}
	}
	r := s.agent
	if r == nil {
		return nil
	}
	hm := func(p model.Participant) string {
		out := ""
		if !p.Start.IsZero() {
			out = p.Start.In(s.d.loc).Format("15:04")
			if !p.End.IsZero() {
				out += "–" + p.End.In(s.d.loc).Format("15:04")
			}
		}
		return out
	}
	var out []string
	for i, p := range r.Participants {
		parts := []string{safe(model.Line(cmp.Or(p.Name, p.AgentID, "an agent")))}
		if p.Queue != "" {
			parts = append(parts, safe(model.Line(p.Queue)))
		}
		if span := hm(p); span != "" {
			parts = append(parts, span)
		}
		if i == 0 && r.Wait > 0 {
			parts = append(parts, "waited "+api.Humanize(r.Wait))
		}
		if p.Reason != "" {
			parts = append(parts, t.Warn.Render(safe(model.Line(p.Reason))))
		}
		head := "agent "
		if i > 0 {
			head = "  then "
		}
		out = append(out, truncate(t.Dim.Render(head)+strings.Join(parts, t.Dim.Render(" · ")), w))
	}
	for _, tr := range r.Transfers {
		line := t.Dim.Render("  transferred ")
		if !tr.At.IsZero() {
			line += tr.At.In(s.d.loc).Format("15:04") + " "
		}
		if len(tr.To) > 0 {
			line += t.Dim.Render("to ") + safe(model.Line(strings.Join(tr.To, ", ")))
		}
		switch {
		case tr.System:
			line += t.Dim.Render(" by the system")
			if tr.Reason != "" {
				line += " (" + safe(model.Line(tr.Reason)) + ")"
			}
		case tr.By != "":
			line += t.Dim.Render(" by ") + safe(model.Line(tr.By))
		}
		out = append(out, truncate(line, w))
	}
	if d := r.Disposition; d.Status != "" || len(d.Codes) > 0 {
		parts := []string{safe(model.Line(cmp.Or(d.Status, "closed")))}
		for _, c := range d.Codes {
			parts = append(parts, safe(model.Line(c.Set+": "+c.Code)))
		}
		if d.MetaStatus != "" {
			parts = append(parts, t.Dim.Render(safe(model.Line(d.MetaStatus))))
		}
		line := t.Dim.Render("closed ") + strings.Join(parts, t.Dim.Render(" · "))
		if rm := strings.TrimSpace(d.Remarks); rm != "" {
			line += " “" + safe(model.Line(rm)) + "”"
		}
		out = append(out, truncate(line, w))
	} else if r.Status != "" {
		out = append(out, truncate(t.Dim.Render("status ")+safe(model.Line(r.Status)), w))
	}
	for _, n := range r.Notes {
		line := t.Dim.Render("note ")
		if !n.At.IsZero() {
			line += n.At.In(s.d.loc).Format("15:04") + " "
		}
		if n.By != "" {
			line += safe(model.Line(n.By)) + t.Dim.Render(": ")
		}
		out = append(out, truncate(line+safe(model.Line(n.Text)), w))
	}
	return out
}
