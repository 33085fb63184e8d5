package source

import (
	"context"
	"encoding/json"

	"konvo/api"
	"konvo/api/store"
)

// hostCapsKind is where the store keeps what syncs learned of the host's
// limits (api.HostCaps): a store is one host's, so per host.
const hostCapsKind = "host_caps"

// learnCaps starts c from what the last sync into st learned. Nothing
// remembered, or something unreadable, leaves c at the safe sizes.
func learnCaps(ctx context.Context, c *api.Client, st *store.Store) {
	memos, err := st.Recall(ctx, "", hostCapsKind, 1)
	if err != nil || len(memos) == 0 {
		return
	}
	var h api.HostCaps
	if json.Unmarshal(memos[0].Value, &h) == nil {
		c.LearnCaps(h)
	}
}

// keepCaps remembers what c has learned for the next sync. A failure is
// not the sync's: the next one grows from the safe sizes again.
func keepCaps(ctx context.Context, c *api.Client, st *store.Store) {
	h := c.Caps()
	if h == (api.HostCaps{}) {
		return
	}
	if b, err := json.Marshal(h); err == nil {
		_ = st.Remember(ctx, "", hostCapsKind, "", b)
	}
}
