package ui

import (
	"strings"
	"testing"
)

// TestSyncProgressBeforeTheCount: a sync said "0 of 0 transcripts" while
// it was still listing the range's sessions.
func TestSyncProgressBeforeTheCount(t *testing.T) {
	s := &searchScreen{d: benchDeps(t), syncing: &syncProgress{}}
	if got := s.coverage(80); !strings.Contains(got, "listing its sessions") || strings.Contains(got, "0 of 0") {
		t.Errorf("before the count: %q", got)
	}
	s.syncing.want.Store(40)
	s.syncing.done.Store(3)
	if got := s.coverage(80); !strings.Contains(got, "3 of 40 transcripts") {
		t.Errorf("with the count: %q", got)
	}
}
