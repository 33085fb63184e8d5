package model

import (
	"strconv"
	"time"
)

// Quantity words a count with its noun: "1 session", "0 sessions",
// "12,345 messages". Every count konvo prints goes through it, so none
// says "1 sessions".
func Quantity(n int, one, many string) string { return Thousands(n) + " " + Pick(n, one, many) }

// Pick is one for a count of one and many otherwise: a verb that agrees
// with a count ("was", "were").
func Pick(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// Thousands writes n with commas between groups of three digits.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

// Span words a stretch of a range coarsely, as coverage is said: "6
// days", "1 day", "3 h", "5 min" (at least 1 min).
func Span(d time.Duration) string {
	switch {
	case d.Round(time.Hour) >= 24*time.Hour:
		return Quantity(int(d.Round(time.Hour)/(24*time.Hour)), "day", "days")
	case d >= time.Hour:
		return Thousands(int(d.Round(time.Hour)/time.Hour)) + " h"
	}
	return Thousands(max(int(d.Round(time.Minute)/time.Minute), 1)) + " min"
}
