package ui

import (
	"context"

	"konvo/api"
	"konvo/model"
)

// Source is everything the UI reads. The UI knows nothing else of where
// sessions come from: api.Client answers it today (through FromClient),
// the local store will answer it by wrapping the client, and tests answer
// it with fakes.
type Source interface {
	// Sessions walks a filter's sessions, newest first.
	Sessions(model.Filter) SessionPager
	// Transcript pages one session's messages, oldest first.
	Transcript(model.Session) TranscriptPager
	// CountSessions counts a filter's sessions; it gives up when ctx ends.
	CountSessions(ctx context.Context, f model.Filter) (int, error)
	// Pacing says whether requests are held back and why.
	Pacing() api.Status
	// BotID is the bot being read; empty for the admin console.
	BotID() string
}

// SessionPager is one walk over a filter's sessions.
type SessionPager interface {
	Next(ctx context.Context) (api.SessionPage, error)
	Total() (n int, exact bool)
	Invalid() []string
	Filter() model.Filter
}

// TranscriptPager is one walk over a session's messages.
type TranscriptPager interface {
	Next(ctx context.Context) (api.TranscriptPage, error)
	Total() int
}

// FromClient is the Source that asks the Kore.ai API for everything. (Go
// has no covariant results, so *api.Client's concrete pagers need these
// few lines to stand in for the interfaces.)
func FromClient(c *api.Client) Source { return clientSource{c} }

type clientSource struct{ *api.Client }

func (c clientSource) Sessions(f model.Filter) SessionPager {
	return c.Client.Sessions(f)
}

func (c clientSource) Transcript(s model.Session) TranscriptPager {
	return c.Client.Transcript(s)
}
