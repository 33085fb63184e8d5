package model

import "strconv"

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
