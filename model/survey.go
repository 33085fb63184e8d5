package model

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Survey is one feedback survey answer as getFeedbackSurveyResponses
// sends it: the survey's name and type (NPS, CSAT or Like/Dislike), the
// session it was given in, the score and the comment.
//
// Kore documents the score as an integer and the comment as a string or
// null; it does not document the scales (NPS 0–10 and CSAT 1–5 are the
// usual ones) nor what Like/Dislike scores (konvo reads 1 as like, 0 as
// dislike), so the score is kept as sent and shown with its type.
type Survey struct {
	ID, Name, Type string
	SessionID      string
	UserID         string
	Channel, Lang  string
	Score          int
	Scored         bool // false when the record carried no readable score
	Comment        string
	At             time.Time
	Raw            json.RawMessage
}

// SurveysPage is one page of getFeedbackSurveyResponses.
type SurveysPage struct {
	Surveys       []Survey
	Total         int
	MoreAvailable bool
	Received      int // records in the page, read or not
}

// DecodeSurveysPage reads a getFeedbackSurveyResponses answer: only a body
// that is not a JSON object, or has no result member, is an error; a
// record that is not an object is skipped.
func DecodeSurveysPage(body []byte) (SurveysPage, error) {
	f := fields(body)
	if f == nil {
		return SurveysPage{}, fmt.Errorf("surveys page: not a JSON object")
	}
	items, ok := f["result"]
	if !ok {
		return SurveysPage{}, fmt.Errorf("surveys page: %w (no \"result\" member)", ErrMissingMember)
	}
	p := SurveysPage{Total: integer(f["totalCount"]), MoreAvailable: boolean(f["moreAvailable"])}
	for _, it := range array(items) {
		p.Received++
		if s, ok := DecodeSurvey(it); ok {
			p.Surveys = append(p.Surveys, s)
		}
	}
	return p, nil
}

// DecodeSurvey reads one survey record; ok is false when it is not an
// object naming a survey or a session.
func DecodeSurvey(raw json.RawMessage) (Survey, bool) {
	f := fields(raw)
	if f == nil {
		return Survey{}, false
	}
	s := Survey{ID: str(f["_id"]), Name: str(f["surveyName"]), Type: str(f["surveyType"]), SessionID: str(f["sessionId"]),
		UserID: str(f["channelUId"]), Channel: str(f["channel"]), Lang: str(f["language"]), Comment: str(f["comments"]),
		At: timestamp(f["timestamp"]), Raw: append(json.RawMessage(nil), raw...)}
	if s.UserID == "" {
		s.UserID = str(f["userId"])
	}
	if v, ok := num(f["score"]); ok {
		s.Score, s.Scored = int(v), true
	} else if v, err := strconv.Atoi(strings.TrimSpace(str(f["score"]))); err == nil {
		s.Score, s.Scored = v, true
	}
	return s, s.SessionID != "" || s.ID != ""
}

// Label is the survey as a list column shows it: "CSAT 4", "NPS 9",
// "like" or "dislike"; "" for no survey.
func (s Survey) Label() string {
	if !s.Scored {
		return ""
	}
	t := strings.ToUpper(s.Type)
	switch {
	case strings.Contains(t, "LIKE"), strings.Contains(t, "THUMB"):
		if s.Score > 0 {
			return "like"
		}
		return "dislike"
	case t == "":
		return strconv.Itoa(s.Score)
	}
	return Line(s.Type) + " " + strconv.Itoa(s.Score)
}

// Worse reports whether a is the worse answer of two for one session:
// the one a reader should see first (a dislike, a lower score).
func (a Survey) Worse(b Survey) bool {
	return a.Scored && (!b.Scored || a.Score < b.Score)
}

// ScoreFilter narrows sessions by their survey: at most or at least a
// score (of the survey's own scale), or with a comment. Zero is no
// condition.
type ScoreFilter struct {
	Max, Min       *int
	WithComment    bool
	WithoutSurveys bool // the sessions no survey was answered in
}

// Active reports whether the filter has a condition.
func (f ScoreFilter) Active() bool {
	return f.Max != nil || f.Min != nil || f.WithComment || f.WithoutSurveys
}

// Matches reports whether a session with survey s (ok false: none) passes.
func (f ScoreFilter) Matches(s Survey, ok bool) bool {
	if f.WithoutSurveys {
		return !ok
	}
	if !f.Active() {
		return true
	}
	if !ok || !s.Scored && (f.Max != nil || f.Min != nil) {
		return false
	}
	if f.Max != nil && s.Score > *f.Max || f.Min != nil && s.Score < *f.Min {
		return false
	}
	return !f.WithComment || strings.TrimSpace(s.Comment) != ""
}

// ParseScoreFilter reads "<=2", ">=9", "comment", "none" (no survey), or
// several of them separated by spaces ("<=3 comment").
func ParseScoreFilter(s string) (ScoreFilter, error) {
	var f ScoreFilter
	for _, w := range strings.Fields(strings.ToLower(s)) {
		switch {
		case w == "comment" || w == "comments":
			f.WithComment = true
		case w == "none":
			f.WithoutSurveys = true
		case strings.HasPrefix(w, "<="), strings.HasPrefix(w, ">="):
			n, err := strconv.Atoi(w[2:])
			if err != nil {
				return f, fmt.Errorf("score %q: a number after %s", w, w[:2])
			}
			if w[0] == '<' {
				f.Max = &n
			} else {
				f.Min = &n
			}
		default:
			return f, fmt.Errorf("score %q: use <=N, >=N, comment or none", w)
		}
	}
	return f, nil
}

// String is the filter as ParseScoreFilter reads it.
func (f ScoreFilter) String() string {
	var parts []string
	if f.Max != nil {
		parts = append(parts, "<="+strconv.Itoa(*f.Max))
	}
	if f.Min != nil {
		parts = append(parts, ">="+strconv.Itoa(*f.Min))
	}
	if f.WithComment {
		parts = append(parts, "comment")
	}
	if f.WithoutSurveys {
		parts = append(parts, "none")
	}
	return strings.Join(parts, " ")
}
