package ui

import (
	"reflect"
	"testing"
)

func TestSearchFollowsArrivingPages(t *testing.T) {
	d := benchDeps(t)
	s, msgs := longTranscript(t)
	ts := newTranscriptWith(d, s, msgs[:100])
	ts.resize(100, 30)
	ts.search("Message 1")
	before := append([]int(nil), ts.matches...)
	ts.append(msgs[100:300])
	all := newTranscriptWith(d, s, msgs[:300])
	all.resize(100, 30)
	all.search("Message 1")
	if !reflect.DeepEqual(ts.matches, all.matches) {
		t.Fatalf("after a page arrived: %v\nsearching all at once: %v", ts.matches, all.matches)
	}
	if len(ts.matches) <= len(before) {
		t.Fatalf("no match found in the new page (%d before, %d after)", len(before), len(ts.matches))
	}
	for _, i := range ts.matches {
		if !ts.isMatch(i) || ts.isMatch(i+1) && !containsInt(ts.matches, i+1) {
			t.Fatalf("isMatch disagrees with matches at %d", i)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
