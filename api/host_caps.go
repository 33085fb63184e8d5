package api

// HostCaps is what a client has learned of its host's limits, which Kore
// does not document: how many session ids a getMessagesV2 call may name
// and how many sessions a getSessions page gives, each with whether the
// host has shown its own cap (settled). Kept between runs (the store
// keeps it per host), a sync starts where the last one ended instead of
// growing from the safe sizes again.
type HostCaps struct {
	SessionIDs         int  `json:"sessionIds,omitempty"`
	SessionIDsSettled  bool `json:"sessionIdsSettled,omitempty"`
	SessionPage        int  `json:"sessionPage,omitempty"`
	SessionPageSettled bool `json:"sessionPageSettled,omitempty"`
}

// Caps is what the client has learned so far (zero where it has asked
// nothing yet).
func (c *Client) Caps() HostCaps {
	var h HostCaps
	h.SessionIDs, h.SessionIDsSettled = c.ids.state()
	h.SessionPage, h.SessionPageSettled = c.pages.state()
	return h
}

// LearnCaps starts the client from what an earlier run learned, where it
// has learned nothing itself yet. Sizes outside what konvo asks are
// ignored. A remembered page size above a reader's page is tried, not
// trusted: on a host that no longer says whether more remain, a short
// page is followed by one more ask (SessionPager.step).
func (c *Client) LearnCaps(h HostCaps) {
	c.ids.seed(h.SessionIDs, h.SessionIDsSettled, c.opts.TranscriptBatch, maxIDs)
	c.pages.seed(h.SessionPage, h.SessionPageSettled, c.opts.SessionPageSize, maxSessionPage)
}
