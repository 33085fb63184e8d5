package source

import (
	"context"
	"fmt"
	"time"

	"konvo/api"
	"konvo/api/store"
	"konvo/model"
)

// surveyLag is how long after a session ends its survey may still be
// answered: the stretch of a range newer than that is asked again.
const surveyLag = time.Hour

func (c live) Surveys(ctx context.Context, r model.Range) (map[string]model.Survey, error) {
	got, err := c.Client.SurveyResponses(ctx, r, api.Prefetch)
	return bySession(got), err
}

func (c live) Details(ctx context.Context, s model.Session, summary bool) (model.Details, error) {
	return c.Client.ConversationDetails(ctx, s.ID, summary)
}

func (c live) AgentRecord(ctx context.Context, s model.Session) (model.AgentRecord, error) {
	return c.Client.AgentRecord(ctx, s.ID)
}

func bySession(vs []model.Survey) map[string]model.Survey {
	out := make(map[string]model.Survey, len(vs))
	for _, v := range vs {
		out[v.SessionID] = v // the latest: they come oldest first
	}
	return out
}

// Surveys come from the store for what it holds, and from the server
// for the stretches it does not (a page per 100 answers each), kept: a
// list seen again asks only for its newest hour.
func (s cached) Surveys(ctx context.Context, r model.Range) (map[string]model.Survey, error) {
	gaps, err := s.St.SurveysMissing(ctx, r)
	if err != nil {
		return nil, err
	}
	for _, g := range gaps {
		got, err := s.Client.SurveyResponses(ctx, g, api.Prefetch)
		if err != nil {
			return nil, err
		}
		if err := s.St.PutSurveys(ctx, g, s.St.Now().Add(-surveyLag), got); err != nil {
			return nil, err
		}
	}
	return s.St.Surveys(ctx, r)
}

// Details come from the store when kept (with the summary, when it is
// asked for), else from the server, kept: a summary is asked for once.
func (s cached) Details(ctx context.Context, ss model.Session, summary bool) (model.Details, error) {
	d, withSummary, ok, err := s.St.Details(ctx, ss.ID)
	if err == nil && ok && (withSummary || !summary) && !store.Active(ss, s.St.Now()) {
		return d, nil
	}
	d, err = s.Client.ConversationDetails(ctx, ss.ID, summary)
	if err != nil {
		return d, err
	}
	s.fail(s.St.PutDetails(ctx, ss.ID, d, summary))
	return d, nil
}

// Surveys offline are what the store holds, and say what it lacks.
func (s offline) Surveys(ctx context.Context, r model.Range) (map[string]model.Survey, error) {
	return s.St.Surveys(ctx, r)
}

// Details offline are the stored ones; a summary never asked for is not
// stored.
func (s offline) Details(ctx context.Context, ss model.Session, summary bool) (model.Details, error) {
	d, withSummary, ok, err := s.St.Details(ctx, ss.ID)
	switch {
	case err != nil:
		return d, err
	case !ok || summary && !withSummary:
		return d, fmt.Errorf("the details of %s are %w", model.Line(ss.ID), store.ErrNotStored)
	}
	return d, nil
}

// AgentRecord comes from the store once the session has ended and its
// record is kept, else from the contact center, kept.
func (s cached) AgentRecord(ctx context.Context, ss model.Session) (model.AgentRecord, error) {
	r, ok, err := s.St.AgentRecord(ctx, ss.ID)
	if err == nil && ok && !store.Active(ss, s.St.Now()) {
		return r, nil
	}
	r, err = s.Client.AgentRecord(ctx, ss.ID)
	if err != nil {
		return r, err
	}
	s.fail(s.St.PutAgentRecord(ctx, ss.ID, r))
	return r, nil
}

// AgentRecord offline is the stored one.
func (s offline) AgentRecord(ctx context.Context, ss model.Session) (model.AgentRecord, error) {
	r, ok, err := s.St.AgentRecord(ctx, ss.ID)
	switch {
	case err != nil:
		return r, err
	case !ok:
		return r, fmt.Errorf("the contact center's record of %s is %w", model.Line(ss.ID), store.ErrNotStored)
	}
	return r, nil
}
