package model

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"time"
)

// SurveyStats are the survey answers of a range, per survey type: how
// many, their average, how the scores are spread, how many carry a
// comment, and the average per day of the display zone. Scales differ
// by type (and Kore does not document them), so nothing is averaged
// across types.
type SurveyStats struct {
	Types []SurveyType `json:"types"`
}

// SurveyType is one survey type's figures.
type SurveyType struct {
	Type        string         `json:"type"`
	Answers     int            `json:"answers"`
	Average     float64        `json:"average"`
	Scores      map[string]int `json:"scores"` // score → answers
	WithComment int            `json:"withComment"`
	Days        []SurveyDay    `json:"days"`
}

// SurveyDay is one day's answers of a type.
type SurveyDay struct {
	Date    string  `json:"date"`
	Answers int     `json:"answers"`
	Average float64 `json:"average"`
}

// SummarizeSurveys counts the answers given in r, by type, days in loc.
func SummarizeSurveys(surveys []Survey, r Range, loc *time.Location) SurveyStats {
	type acc struct {
		t    SurveyType
		sum  int
		days map[string][2]int // date → answers, sum
	}
	by := map[string]*acc{}
	for _, v := range surveys {
		if !v.Scored || !r.Contains(v.At) {
			continue
		}
		a := by[v.Type]
		if a == nil {
			a = &acc{t: SurveyType{Type: v.Type, Scores: map[string]int{}}, days: map[string][2]int{}}
			by[v.Type] = a
		}
		a.t.Answers++
		a.sum += v.Score
		a.t.Scores[strconv.Itoa(v.Score)]++
		if v.Comment != "" {
			a.t.WithComment++
		}
		day := v.At.In(loc).Format(time.DateOnly)
		d := a.days[day]
		a.days[day] = [2]int{d[0] + 1, d[1] + v.Score}
	}
	out := SurveyStats{Types: []SurveyType{}}
	for _, a := range by {
		a.t.Average = float64(a.sum) / float64(a.t.Answers)
		a.t.Days = []SurveyDay{}
		for _, day := range slices.Sorted(maps.Keys(a.days)) {
			d := a.days[day]
			a.t.Days = append(a.t.Days, SurveyDay{Date: day, Answers: d[0], Average: float64(d[1]) / float64(d[0])})
		}
		out.Types = append(out.Types, a.t)
	}
	slices.SortFunc(out.Types, func(a, b SurveyType) int { return cmp.Or(b.Answers-a.Answers, cmp.Compare(a.Type, b.Type)) })
	return out
}
