package koretest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func jwtIs(err, target error) bool { return errors.Is(err, target) }

func itoa(n int) string { return strconv.Itoa(n) }

func readBody(r *http.Request) []byte {
	if r.Body == nil { // a GET through the in-process transport
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return b
}

// writeError answers in Kore.ai's error shape.
func writeError(w http.ResponseWriter, status int, msg string, code int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"msg": msg, "code": code}}})
}

func writeJSON(w http.ResponseWriter, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
	return http.StatusOK
}

// badRequest answers 400 and returns the status, for handlers' brevity.
func badRequest(w http.ResponseWriter, format string, args ...any) int {
	writeError(w, http.StatusBadRequest, fmt.Sprintf(format, args...), 400)
	return http.StatusBadRequest
}

// flexInt reads a number sent as a number or a string.
type flexInt struct {
	N   int
	Set bool
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	var n float64
	if err := json.Unmarshal(b, &n); err == nil {
		*f = flexInt{int(n), true}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a number")
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("want a number, got %q", s)
	}
	*f = flexInt{v, true}
	return nil
}

// flexStrings reads a string or an array of strings.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		if one != "" {
			*f = flexStrings{one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or an array of strings")
	}
	*f = many
	return nil
}

type tagCond struct {
	Name   string      `json:"name"`
	Values flexStrings `json:"values"`
	Type   string      `json:"type"`
}

type tagsQuery struct {
	And []tagCond `json:"and"`
}

// parseAPIDate reads yyyy-mm-dd or yyyy-mm-ddThh:mm:ss.mssZ. A bare day as
// dateTo means the whole day, so its end is the next midnight.
func parseAPIDate(s string, isEnd bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if isEnd {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999Z0700", "2006-01-02 T15:04:05.999Z"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid date %q: use yyyy-mm-dd or yyyy-mm-ddThh:mm:ss.mssZ", s)
}

// dateRange applies the documented defaults and the 7-day rule.
func dateRange(from, to string, now time.Time) (time.Time, time.Time, error) {
	var f, t time.Time
	var err error
	if to != "" {
		if t, err = parseAPIDate(to, true); err != nil {
			return f, t, err
		}
	}
	if from != "" {
		if f, err = parseAPIDate(from, false); err != nil {
			return f, t, err
		}
	}
	switch {
	case from == "" && to == "":
		t = now
		f = t.Add(-7 * 24 * time.Hour)
	case from == "":
		f = t.Add(-7 * 24 * time.Hour)
	case to == "":
		t = f.Add(7 * 24 * time.Hour)
	default:
		if t.Sub(f) >= 7*24*time.Hour {
			return f, t, fmt.Errorf("the duration between dateFrom and dateTo should be less than 7 days")
		}
	}
	if !f.Before(t) {
		return f, t, fmt.Errorf("dateFrom must be before dateTo")
	}
	return f, t, nil
}

// pageBounds reads skip (or its alias offset) and limit, applying the
// server's maximum page size; ok is false for a negative skip.
func pageBounds(skip, offset, limit flexInt, maxPage int) (from, n int, ok bool) {
	from = skip.N
	if !skip.Set {
		from = offset.N
	}
	n = limit.N
	if !limit.Set || n <= 0 {
		n = maxPage
	}
	return from, min(n, maxPage), from >= 0
}

// writePage answers with one page of items under key, with the total and
// whether more are available.
func writePage[T any](w http.ResponseWriter, key string, items []T, from, n int, raw func(T) json.RawMessage) int {
	page := []json.RawMessage{}
	for i := from; i < len(items) && len(page) < n; i++ {
		page = append(page, raw(items[i]))
	}
	return writeJSON(w, map[string]any{"total": len(items), "moreAvailable": from+len(page) < len(items), key: page})
}
