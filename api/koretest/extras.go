package koretest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"time"

	"konvo/model"
)

// The scopes an app is given in Kore's app settings, as the routes need
// them (Options.Scopes lists the ones a test's app has).
const (
	ScopeSessions = "Bot Sessions"
	ScopeHistory  = "Chat History"
	ScopeFeedback = "Feedback Analytics"
)

// scopeOf is the scope each route needs.
var scopeOf = map[string]string{
	"getSessions": ScopeSessions, "getMessages": ScopeHistory, "getMessagesV2": ScopeHistory,
	"conversationDetails": ScopeHistory, "getFeedbackSurveyResponses": ScopeFeedback,
	"agentSession": ScopeContactCenter,
}

// hasScope reports whether the app may call op: every scope when
// Options.Scopes is nil.
func (s *Server) hasScope(op string) bool {
	if s.opts.Scopes == nil {
		return true
	}
	need, ok := scopeOf[op]
	if !ok {
		return true
	}
	for _, have := range s.opts.Scopes {
		if have == need {
			return true
		}
	}
	return false
}

// Survey is the feedback survey answered in session s, if one was: about
// a third of the sessions, CSAT mostly, then NPS and Like/Dislike, the
// scores following how the conversation went, some with a comment. The
// same corpus always gives the same surveys.
func (c *Corpus) Survey(s *Session) (model.Survey, bool) {
	rng := rand.New(rand.NewPCG(s.seed, 0x5e4e7))
	if rng.IntN(100) >= 35 || s.Active || s.NonInteractive {
		return model.Survey{}, false
	}
	v := model.Survey{ID: "fb-" + s.ID, SessionID: s.ID, UserID: s.UserID, Channel: s.Channel,
		Lang: first(s.Langs), At: s.End.Add(20 * time.Second), Scored: true}
	good := map[model.Containment]int{model.SelfService: 85, model.Agent: 60, model.DropOff: 15}[s.Containment]
	happy := rng.IntN(100) < max(good, 30)
	switch t := rng.IntN(10); {
	case t < 6:
		v.Name, v.Type = "after chat", "CSAT"
		v.Score = either(happy, 4+rng.IntN(2), 1+rng.IntN(3))
	case t < 9:
		v.Name, v.Type = "recommend us", "NPS"
		v.Score = either(happy, 8+rng.IntN(3), rng.IntN(7))
	default:
		v.Name, v.Type = "thumbs", "Like/Dislike"
		v.Score = either(happy, 1, 0)
	}
	if rng.IntN(100) < 45 {
		words := surveyComments[happy]
		v.Comment = words[rng.IntN(len(words))]
	}
	return v, true
}

var surveyComments = map[bool][]string{
	true:  {"quick and helpful", "Sorted in two minutes, thanks", "The agent was great", "easy"},
	false: {"It kept asking for the code again", "I never got the loan rates", "Too slow, I gave up", "wanted a person, not a bot"},
}

func either(ok bool, yes, no int) int {
	if ok {
		return yes
	}
	return no
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// surveyJSON is a survey as getFeedbackSurveyResponses sends it.
func surveyJSON(v model.Survey) map[string]any {
	var comments any
	if v.Comment != "" {
		comments = v.Comment
	}
	return map[string]any{"_id": v.ID, "surveyName": v.Name, "surveyType": v.Type, "userId": "u-" + v.ID[3:], "channelUId": v.UserID,
		"sessionId": v.SessionID, "channel": v.Channel, "language": v.Lang, "score": v.Score, "comments": comments,
		"timestamp": v.At.UTC().Format("2006-01-02T15:04:05.000Z")}
}

// maxSurveyPage is the most records a page holds: Kore documents limit
// and skip but no maximum, so the test server picks one a client must
// page through.
const maxSurveyPage = 100

// getFeedbackSurveyResponses answers POST …/getFeedbackSurveyResponses:
// filters.from and filters.to required, channels, sorting by timestamp,
// limit and skip.
func (s *Server) getFeedbackSurveyResponses(w http.ResponseWriter, r *http.Request, body []byte) int {
	var req struct {
		Filters struct {
			From, To string
			Channel  []string
		}
		Sort  struct{ By, Order string }
		Limit int
		Skip  int
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return badRequest(w, "Invalid request body: %v", err)
	}
	if req.Filters.From == "" || req.Filters.To == "" {
		return badRequest(w, "filters.from and filters.to are required")
	}
	from, err1 := time.Parse(time.RFC3339, req.Filters.From)
	to, err2 := time.Parse(time.RFC3339, req.Filters.To)
	if err1 != nil || err2 != nil {
		return badRequest(w, "filters.from and filters.to must be ISO 8601 dates")
	}
	channels := map[string]bool{}
	for _, ch := range req.Filters.Channel {
		channels[strings.ToLower(ch)] = true
	}
	c := s.opts.Corpus
	var all []model.Survey
	for _, sess := range c.Sessions() {
		if v, ok := c.Survey(sess); ok && !v.At.Before(from) && !v.At.After(to) && (len(channels) == 0 || channels[strings.ToLower(v.Channel)]) {
			all = append(all, v)
		}
	}
	desc := strings.EqualFold(req.Sort.Order, "desc")
	sort.SliceStable(all, func(i, j int) bool {
		if desc {
			return all[i].At.After(all[j].At)
		}
		return all[i].At.Before(all[j].At)
	})
	limit := req.Limit
	if limit <= 0 || limit > maxSurveyPage {
		limit = maxSurveyPage
	}
	skip := max(req.Skip, 0)
	page := []map[string]any{}
	for i := skip; i < len(all) && len(page) < limit; i++ {
		page = append(page, surveyJSON(all[i]))
	}
	return writeJSON(w, map[string]any{"moreAvailable": skip+len(page) < len(all), "totalCount": len(all), "result": page})
}

// Details are what conversationDetails says of session s, read from its
// transcript: the tasks in the order they ran (failed when one of their
// messages is an error), the hand-off to an agent (the first agent
// transfer or agent message; for a generated agent session without one,
// two thirds in), and a summary.
func (c *Corpus) Details(s *Session) model.Details {
	d := model.Details{SessionID: s.ID}
	_, msgs, err := c.Decoded(s)
	if err != nil {
		return d
	}
	status := map[string]string{}
	for _, m := range msgs {
		if t := m.TaskName; t != "" {
			if _, seen := status[t]; !seen {
				d.Flow = append(d.Flow, model.TaskStep{Task: t})
				status[t] = "completedTask"
			}
			if _, failed := m.ErrorText(); failed {
				status[t] = "failedTask"
			}
		}
		if d.HandOff.IsZero() && s.Containment == model.Agent && (m.TaskName == "Agent Transfer" || m.Speaker() == model.SpeakerAgent) {
			d.HandOff = m.Created
		}
	}
	for i := range d.Flow {
		d.Flow[i].Status = status[d.Flow[i].Task]
	}
	if s.Containment == model.Agent && d.HandOff.IsZero() {
		d.HandOff = s.Start.Add(s.End.Sub(s.Start) * 2 / 3).Truncate(time.Millisecond)
	}
	if s.Containment == model.DropOff && len(d.Flow) > 0 {
		d.CurrentTask = d.Flow[len(d.Flow)-1].Task
	}
	d.Summary = summaryFor(s, d)
	return d
}

// summaryFor is a summary as an LLM might write one, from the facts.
func summaryFor(s *Session, d model.Details) string {
	var tasks []string
	failed := ""
	for _, st := range d.Flow {
		tasks = append(tasks, st.Task)
		if st.Status == "failedTask" && failed == "" {
			failed = st.Task
		}
	}
	what := "a question"
	if len(tasks) > 0 {
		what = strings.Join(tasks, ", ")
	}
	b := "The customer contacted the bot on " + s.Channel + " about " + what + "."
	if failed != "" {
		b += " The " + failed + " task failed with an error."
	}
	switch s.Containment {
	case model.Agent:
		b += " The conversation was handed to a live agent, who took it from there."
	case model.DropOff:
		b += " The customer left before the bot finished."
	default:
		b += " The bot resolved it without help."
	}
	return b
}

// detailsJSON is d as conversationDetails sends it; the summary only when
// asked for. currentTask is the string "null" when there is none, as in
// Kore's sample.
func detailsJSON(s *Session, d model.Details, summary bool) map[string]any {
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	current := d.CurrentTask
	if current == "" {
		current = "null"
	}
	flow := []map[string]any{}
	for i, st := range d.Flow {
		flow = append(flow, map[string]any{"status": st.Status, "messageStoreId": fmt.Sprintf("ms-%s-%d", s.ID, i), "taskName": st.Task})
	}
	out := map[string]any{
		"conversationInfo": map[string]any{"userId": "u-" + s.ID, "callId": nil, "sessionStartTime": at(s.Start), "agentHandOffTime": at(d.HandOff),
			"userDetails": map[string]any{"firstName": "", "lastName": "", "phoneNumber": nil}, "currentTask": current, "sessionId": s.ID},
		"conversationFlow":    flow,
		"conversationHistory": []any{},
	}
	if summary {
		out["summary"] = map[string]any{"ConversationSummary": d.Summary, "time": at(s.End.Add(time.Minute))}
	}
	return out
}

// conversationDetails answers POST …/conversationDetails by sessionId (or
// conversationId, sessionId first), the summary when isSummaryRequired.
func (s *Server) conversationDetails(w http.ResponseWriter, r *http.Request, body []byte) int {
	var req struct {
		SessionID         string `json:"sessionId"`
		ConversationID    string `json:"conversationId"`
		IsSummaryRequired bool   `json:"isSummaryRequired"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return badRequest(w, "Invalid request body: %v", err)
	}
	id := req.SessionID
	if id == "" {
		id = req.ConversationID
	}
	if id == "" {
		return badRequest(w, "sessionId or conversationId is required")
	}
	sess, ok := s.opts.Corpus.Lookup(id)
	if !ok {
		writeError(w, http.StatusNotFound, "Conversation not found", 404)
		return http.StatusNotFound
	}
	return writeJSON(w, detailsJSON(sess, s.opts.Corpus.Details(sess), req.IsSummaryRequired))
}
