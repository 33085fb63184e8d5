package koretest

import (
	"encoding/json"
	"net/http"
	"time"

	"konvo/model"
)

type sessionsRequest struct {
	UserID      string      `json:"userId"`
	Skip        flexInt     `json:"skip"`
	Offset      flexInt     `json:"offset"`
	Limit       flexInt     `json:"limit"`
	DateFrom    string      `json:"dateFrom"`
	DateTo      string      `json:"dateTo"`
	Tags        *tagsQuery  `json:"tags"`
	SessionType string      `json:"sessionType"`
	SessionID   flexStrings `json:"sessionId"`
}

func (s *Server) getSessions(w http.ResponseWriter, r *http.Request, body []byte) int {
	var req sessionsRequest
	if len(body) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return badRequest(w, "Invalid request body: %v", err)
		}
	}
	c := s.opts.Corpus
	if len(req.SessionID) > 0 {
		if len(req.SessionID) > model.MaxSessionIDs {
			return badRequest(w, "sessionId accepts at most %d ids", model.MaxSessionIDs)
		}
		found := []json.RawMessage{}
		invalid := []string{}
		want := map[string]bool{}
		for _, id := range req.SessionID {
			if _, ok := c.Lookup(id); ok {
				want[id] = true
			} else {
				invalid = append(invalid, id)
			}
		}
		for _, sess := range c.Sessions() {
			if want[sess.ID] {
				found = append(found, sess.JSON(c.BotID))
			}
		}
		return writeJSON(w, map[string]any{"total": len(found), "moreAvailable": false, "sessions": found, "invalidSessions": invalid})
	}
	containment, err := model.ParseContainment(r.URL.Query().Get("containmentType"))
	if err != nil {
		return badRequest(w, "Invalid containmentType: %s", r.URL.Query().Get("containmentType"))
	}
	stype, err := model.ParseSessionType(req.SessionType)
	if err != nil {
		return badRequest(w, "Invalid sessionType: %s", req.SessionType)
	}
	from, to, err := dateRange(req.DateFrom, req.DateTo, s.now())
	if err != nil {
		return badRequest(w, "%v", err)
	}
	skip, limit, ok := pageBounds(req.Skip, req.Offset, req.Limit, s.opts.MaxSessionPage)
	if !ok {
		return badRequest(w, "skip must not be negative")
	}
	var match []*Session
	for _, sess := range c.Sessions() {
		if sessionMatches(sess, containment, stype, req, from, to) {
			match = append(match, sess)
		}
	}
	return writePage(w, "sessions", match, skip, limit, func(s *Session) json.RawMessage { return s.JSON(c.BotID) })
}

func sessionMatches(sess *Session, c model.Containment, t model.SessionType, req sessionsRequest, from, to time.Time) bool {
	if sess.Start.Before(from) || !sess.Start.Before(to) {
		return false
	}
	if c != model.All && sess.Containment != c {
		return false
	}
	if t == model.Interactive && sess.NonInteractive || t == model.NonInteractive && !sess.NonInteractive {
		return false
	}
	if req.UserID != "" && sess.UserID != req.UserID {
		return false
	}
	if req.Tags != nil {
		for _, cond := range req.Tags.And {
			tags := sess.SessionTags
			if cond.Type == "user" {
				tags = sess.UserTags
			}
			if !hasTag(tags, cond) {
				return false
			}
		}
	}
	return true
}

func hasTag(tags []model.Tag, cond tagCond) bool {
	for _, t := range tags {
		if t.Name != cond.Name {
			continue
		}
		if len(cond.Values) == 0 {
			return true
		}
		for _, v := range cond.Values {
			if t.Value == v {
				return true
			}
		}
	}
	return false
}
