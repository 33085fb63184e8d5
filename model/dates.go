package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Range is a half-open interval of time [From, To).
type Range struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Duration is the range's length.
func (r Range) Duration() time.Duration { return r.To.Sub(r.From) }

// Contains reports whether t falls in [From, To).
func (r Range) Contains(t time.Time) bool { return !t.Before(r.From) && t.Before(r.To) }

// Bound says whether a date is read as the start or the end of a range. A
// bare day means its first instant as a start and the next midnight as an
// end, so "--from 2026-11-01 --to 2026-11-03" covers all three days.
type Bound int

// The two bounds.
const (
	StartBound Bound = iota
	EndBound
)

// ParseDate reads a date as a person types it: yyyy-mm-dd, an RFC 3339
// date-time (milliseconds allowed), "now", "today", "yesterday", or an age
// such as 30m, 24h, 7d or 2w before now. Days are taken in loc.
func ParseDate(s string, b Bound, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	now = now.In(loc)
	day := func(t time.Time) time.Time {
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		if b == EndBound {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	switch strings.ToLower(s) {
	case "":
		return time.Time{}, fmt.Errorf("empty date")
	case "now":
		return now, nil
	case "today":
		return day(now), nil
	case "yesterday":
		return day(now.AddDate(0, 0, -1)), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return day(t), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if d, ok := parseAge(s); ok {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("cannot read date %q: use yyyy-mm-dd, an RFC 3339 time, today, yesterday, or an age like 24h, 7d, 2w", s)
}

// parseAge reads "90m", "24h", "7d", "2w".
func parseAge(s string) (time.Duration, bool) {
	if len(s) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100000 {
		return 0, false
	}
	unit := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

// ParseRange reads a from/to pair. Empty from means the last 7 calendar
// days including today (which fits one API window); empty to means now.
// Its errors are *RangeError, worded by whoever knows where the user
// typed the dates (a flag, a form field).
func ParseRange(from, to string, now time.Time, loc *time.Location) (Range, error) {
	if loc == nil {
		loc = time.UTC
	}
	r := Range{To: now}
	var err error
	if to != "" {
		if r.To, err = ParseDate(to, EndBound, now, loc); err != nil {
			return Range{}, &RangeError{Field: "to", Err: err}
		}
	}
	if from == "" {
		n := now.In(loc)
		r.From = time.Date(n.Year(), n.Month(), n.Day()-6, 0, 0, 0, 0, loc)
		if !r.From.Before(r.To) {
			r.From = r.To.AddDate(0, 0, -7)
		}
	} else if r.From, err = ParseDate(from, StartBound, now, loc); err != nil {
		return Range{}, &RangeError{Field: "from", Err: err}
	}
	if !r.From.Before(r.To) {
		return Range{}, &RangeError{From: r.From, To: r.To, loc: loc, now: now}
	}
	return r, nil
}

// RangeError is a from/to pair konvo cannot use: one end unreadable
// (Field and Err), or the ends the wrong way round (From, To).
type RangeError struct {
	Field    string // "from" or "to"; empty when the pair is at fault
	Err      error
	From, To time.Time
	loc      *time.Location
	now      time.Time
}

func (e *RangeError) Error() string { return e.Words("From", "To") }

func (e *RangeError) Unwrap() error { return e.Err }

// Words says what is wrong, naming the ends as the user knows them
// ("--from" on the command line, "From" in the filter form), with the
// dates as the user would write them.
func (e *RangeError) Words(fromName, toName string) string {
	switch e.Field {
	case "from":
		return fromName + ": " + e.Err.Error()
	case "to":
		return toName + ": " + e.Err.Error()
	}
	if e.To.Equal(e.From) {
		return fmt.Sprintf("the range is empty: %s (%s) is the same time as %s", toName, e.show(e.To), fromName)
	}
	return fmt.Sprintf("%s (%s) is before %s (%s)", toName, e.showEnd(e.To), fromName, e.show(e.From))
}

// showEnd shows a range's end: a midnight end is the whole day before,
// as the user wrote it ("--to 2026-11-10" ends at Nov 11 00:00).
func (e *RangeError) showEnd(t time.Time) string {
	loc := e.loc
	if loc == nil {
		loc = time.UTC
	}
	if lt := t.In(loc); lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 {
		return e.show(lt.AddDate(0, 0, -1))
	}
	return e.show(t)
}

func (e *RangeError) show(t time.Time) string {
	loc := e.loc
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	layout := "Jan 2"
	if t.Year() != e.now.In(loc).Year() {
		layout += ", 2006"
	}
	if t.Hour() != 0 || t.Minute() != 0 {
		layout += " 15:04"
	}
	return t.Format(layout)
}

// MaxWindow is the longest window the APIs accept: dateTo − dateFrom must
// be under 7 days. The API's times have millisecond resolution.
const MaxWindow = 7*24*time.Hour - time.Millisecond

// Windows splits r into consecutive windows no longer than max, newest
// first. Window i+1 ends exactly where window i starts: no gap, no overlap.
// Boundaries are whole milliseconds, the resolution the API speaks.
func (r Range) Windows(max time.Duration) []Range {
	if max < time.Millisecond {
		max = MaxWindow
	}
	from, to := r.From.Truncate(time.Millisecond), r.To.Truncate(time.Millisecond)
	if r.To.After(to) {
		to = to.Add(time.Millisecond) // keep the end inside the range
	}
	var out []Range
	for end := to; end.After(from); {
		start := end.Add(-max)
		if start.Before(from) {
			start = from
		}
		out = append(out, Range{From: start, To: end})
		end = start
	}
	return out
}

// Later is the later of two times.
func Later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Earlier is the earlier of two times.
func Earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
