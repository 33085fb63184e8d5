package store_test

import (
	"context"
	"encoding/json"
	"testing"
)

// TestMemory: what konvo remembers comes back newest first, per owner
// (engineers under serve do not see each other's), and goes with the
// sessions it names when they are erased.
func TestMemory(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 5)
	ctx := context.Background()
	ids := []string{f.sessions[0].ID, f.sessions[1].ID, f.sessions[2].ID}
	for _, id := range ids {
		if err := f.st.Remember(ctx, "", "recent", id, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	_ = f.st.Remember(ctx, "", "recent", ids[0], []byte(`{"again":true}`)) // read again: newest
	_ = f.st.Remember(ctx, "alice", "recent", "theirs", []byte(`{}`))
	got, err := f.st.Recall(ctx, "", "recent", 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range got {
		keys = append(keys, m.Key)
	}
	if want := []string{ids[0], ids[2], ids[1]}; len(keys) != 3 || keys[0] != want[0] || keys[1] != want[1] || keys[2] != want[2] {
		t.Errorf("recall order %v, want %v", keys, want)
	}
	var v map[string]bool
	if json.Unmarshal(got[0].Value, &v); !v["again"] {
		t.Errorf("the newer value did not replace the older: %s", got[0].Value)
	}
	if alice, _ := f.st.Recall(ctx, "alice", "recent", 0); len(alice) != 1 {
		t.Errorf("alice recalls %d", len(alice))
	}
	if _, err := f.st.PurgeSession(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.st.Recall(ctx, "", "recent", 0); len(got) != 2 {
		t.Errorf("an erased session is still remembered: %d", len(got))
	}
	if err := f.st.Forget(ctx, "", "recent", ids[0]); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.st.Recall(ctx, "", "recent", 0); len(got) != 1 || got[0].Key != ids[1] {
		t.Errorf("after Forget: %v", got)
	}
}
