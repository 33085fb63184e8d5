package source

import (
	"konvo/api"
	"konvo/model"
)

// FromClient is the Source that asks the Kore.ai API for everything. (Go
// has no covariant results, so *api.Client's concrete pagers need these
// few lines to stand in for the interfaces.)
func FromClient(c *api.Client) Source { return live{c} }

type live struct{ *api.Client }

func (c live) Sessions(f model.Filter) SessionPager       { return c.Client.Sessions(f) }
func (c live) Transcript(s model.Session) TranscriptPager { return c.Client.Transcript(s) }
