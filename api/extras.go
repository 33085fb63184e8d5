package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"konvo/model"
)

// SurveyResponses are the feedback survey answers given in r, from
// getFeedbackSurveyResponses (scope Feedback Analytics): one range in
// pages of surveyPage, oldest first, under the client's scheduler and
// budget. Kore documents no largest page; konvo asks for 100.
func (c *Client) SurveyResponses(ctx context.Context, r model.Range, p Priority) ([]model.Survey, error) {
	type filters struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	type sorting struct {
		By    string `json:"by"`
		Order string `json:"order"`
	}
	type body struct {
		Filters filters `json:"filters"`
		Sort    sorting `json:"sort"`
		Limit   int     `json:"limit"`
		Skip    int     `json:"skip"`
	}
	const surveyPage = 100
	iso := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	var out []model.Survey
	for skip := 0; ; {
		data, err := c.call(ctx, p, "getFeedbackSurveyResponses", nil, body{
			Filters: filters{From: iso(r.From), To: iso(r.To.Add(-time.Millisecond))}, Sort: sorting{By: "timestamp", Order: "asc"}, Limit: surveyPage, Skip: skip})
		if err != nil {
			return out, fmt.Errorf("survey scores: %w", err)
		}
		page, err := model.DecodeSurveysPage(data)
		if err != nil {
			return out, fmt.Errorf("survey scores: %w", err)
		}
		out = append(out, page.Surveys...)
		skip += page.Received
		// A page that adds nothing ends the walk, whatever it says.
		if !page.MoreAvailable || page.Received == 0 || skip > 1_000_000 {
			return out, nil
		}
	}
}

// ConversationDetails are conversationDetails for one session (scope Chat History),
// with the LLM summary when summary is set.
func (c *Client) ConversationDetails(ctx context.Context, sessionID string, summary bool) (model.Details, error) {
	type body struct {
		SessionID         string `json:"sessionId"`
		IsSummaryRequired bool   `json:"isSummaryRequired"`
	}
	data, err := c.call(ctx, Interactive, "conversationDetails", nil, body{SessionID: sessionID, IsSummaryRequired: summary})
	if err != nil {
		return model.Details{}, fmt.Errorf("conversation details: %w", err)
	}
	return model.DecodeDetails(data)
}

// ErrNoAccount is AgentRecord's answer when no account id is set: the
// contact center's APIs need one.
var ErrNoAccount = errors.New("no account id (account_id in the profile, or KONVO_ACCOUNT_ID)")

// ErrNoAgentRecord is AgentRecord's answer when the contact center has
// no conversation for the session (it went to an agent through another
// system, or never reached one).
var ErrNoAgentRecord = errors.New("the contact center has no conversation for this session")

// AgentRecord is the contact center's record of a session that went to
// an agent (scope SmartAssist Analytics): participants, transfers,
// dispositions and notes. Kore documents it as a GET under
// /agentassist naming the account in an accountid header.
func (c *Client) AgentRecord(ctx context.Context, sessionID string) (model.AgentRecord, error) {
	if c.opts.AccountID == "" {
		return model.AgentRecord{}, ErrNoAccount
	}
	r := route{op: "agentSession", method: http.MethodGet,
		path:   "/agentassist/api/v1/public/" + url.PathEscape(c.bot) + "/conversations/sessions/" + url.PathEscape(sessionID),
		header: http.Header{"Accountid": {c.opts.AccountID}}}
	data, err := c.callRoute(ctx, Interactive, r, nil, nil)
	var e *APIError
	if errors.As(err, &e) && e.Status == http.StatusNotFound {
		return model.AgentRecord{}, ErrNoAgentRecord
	}
	if err != nil {
		return model.AgentRecord{}, fmt.Errorf("contact center: %w", err)
	}
	return model.DecodeAgentRecord(data)
}

// MissingScope reports whether err is the server saying the app lacks
// the scope of the API called (401 "Scope is incorrect").
func MissingScope(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusUnauthorized && strings.Contains(strings.ToLower(e.Message), "scope")
}
