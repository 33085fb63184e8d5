package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/source"
	"konvo/model"
)

// surveysMsg brings the survey answers of a list's range.
type surveysMsg struct {
	to  screen
	r   model.Range
	got map[string]model.Survey
	err error
}

func (m surveysMsg) owner() screen { return m.to }

// askSurveys asks once per range for the range's survey answers, in bulk
// (getFeedbackSurveyResponses pages 100 answers a request), for the Score
// column and :score.
func (s *listScreen) askSurveys() tea.Cmd {
	src, ok := s.d.src.(source.Surveyor)
	// Whole hours: a range that ends "now" moves at every filter, and
	// would ask again each time for what it has.
	r := model.Range{From: s.filter.Range.From.Truncate(time.Hour), To: s.filter.Range.To.Add(time.Hour - 1).Truncate(time.Hour)}
	if !ok || s.surveysFor == r || r.From.IsZero() {
		return nil
	}
	s.surveysFor = r
	if s.d.surveysHave(r) {
		// Another list of this app read them: a new filter over the same
		// days asks nothing.
		s.surveys = s.d.surveysIn(r)
		return nil
	}
	// At prefetch priority (Surveyor's sources ask so): behind what the
	// engineer asks for.
	ctx, to := s.d.ctx, s.self
	return func() tea.Msg {
		got, err := src.Surveys(ctx, r)
		return surveysMsg{to: to, r: r, got: got, err: err}
	}
}

// scopeNote is the one line a missing scope costs: which scope would
// show what.
func scopeNote(scope, what string) string {
	return fmt.Sprintf("%s need the app's %s scope (Kore.ai app settings)", what, scope)
}

func (s *listScreen) surveysArrived(msg surveysMsg) tea.Cmd {
	if msg.r != s.surveysFor {
		return nil
	}
	switch {
	case api.MissingScope(msg.err):
		s.flash.set(scopeNote("Feedback Analytics", "survey scores"))
		return nil
	case msg.err != nil:
		s.flash.set("survey scores: " + model.Line(msg.err.Error()))
		return nil
	}
	if msg.got == nil {
		msg.got = map[string]model.Survey{}
	}
	s.surveys = msg.got
	if s.d.surveys == nil {
		s.d.surveys = map[string]model.Survey{}
	}
	for id, v := range msg.got {
		s.d.surveys[id] = v
	}
	s.d.surveyRanges = append(s.d.surveyRanges, msg.r)
	return nil
}

// surveysHave reports whether the app has read the survey answers of a
// range holding r.
func (d *deps) surveysHave(r model.Range) bool {
	return slices.ContainsFunc(d.surveyRanges, func(h model.Range) bool { return !r.From.Before(h.From) && !r.To.After(h.To) })
}

// surveysIn are the answers read that were given in r.
func (d *deps) surveysIn(r model.Range) map[string]model.Survey {
	out := map[string]model.Survey{}
	for id, v := range d.surveys {
		if r.Contains(v.At) {
			out[id] = v
		}
	}
	return out
}

// scoreCommand lists the sessions of the range whose survey passes a
// score filter (":score <=2", ">=9", "comment", "none" is sessions of
// the list without one).
func (s *listScreen) scoreCommand(args []string) tea.Cmd {
	f, err := model.ParseScoreFilter(strings.Join(args, " "))
	switch {
	case err != nil:
		s.flash.set(err.Error())
		return nil
	case !f.Active():
		s.flash.set(":score needs <=N, >=N, comment or none")
		return nil
	case s.surveys == nil:
		if _, ok := s.d.src.(source.Surveyor); !ok {
			s.flash.set("this source reads no survey scores")
		} else {
			s.flash.set("the survey scores have not arrived yet")
		}
		return nil
	}
	var ids []string
	if f.WithoutSurveys {
		l := s.list()
		for i := 0; i < l.size(); i++ {
			if r, _ := l.at(i); !hasSurvey(s.surveys, r.ID) {
				ids = append(ids, r.ID)
			}
		}
	} else {
		for id, v := range s.surveys {
			if f.Matches(v, true) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		s.flash.set("no session of the range has a survey " + f.String())
		return nil
	}
	slices.Sort(ids)
	ls := newLookupScreen(s.d, ids, s.filter.Range)
	ls.named = "score " + f.String()
	ls.surveys, ls.surveysFor = s.surveys, s.surveysFor
	ls.notice = fmt.Sprintf("%s with a survey %s", model.Quantity(len(ids), "session", "sessions"), f.String())
	return s.d.nav.push(ls)
}

func hasSurvey(m map[string]model.Survey, id string) bool {
	_, ok := m[id]
	return ok
}
