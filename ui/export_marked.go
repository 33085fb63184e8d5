package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"konvo/api/export"
	"konvo/api/source"
	"konvo/model"
)

// markedTranscriptsMsg brings the transcripts of the sessions to export.
type markedTranscriptsMsg struct {
	to       screen
	sessions []model.Session
	msgs     map[string][]model.Message
	err      error
}

func (m markedTranscriptsMsg) owner() screen { return m.to }

// exportTranscripts fetches the sessions' transcripts (from the store
// when it has them, batched ahead when the source can) and then asks
// where to write them. esc stops it.
func (s *listScreen) exportTranscripts(sessions []model.Session) tea.Cmd {
	sessions = slices.Clone(sessions)
	src, to := s.d.src, s.self
	ctx, stop := context.WithCancel(s.d.ctx)
	s.gathering, s.gatherStop = true, stop
	s.flash.set(fmt.Sprintf("fetching the transcripts of %s… (%s stops)", model.Quantity(len(sessions), "session", "sessions"), s.d.keys.Key(Back)))
	return func() tea.Msg {
		defer stop()
		if p, ok := src.(source.Prefetcher); ok {
			// A few batched calls instead of one a session; what they
			// miss is asked for below.
			_ = p.Prefetch(ctx, sessions)
		}
		out := make(map[string][]model.Message, len(sessions))
		for _, ss := range sessions {
			msgs, err := wholeTranscript(ctx, src.Transcript(ss))
			if err != nil {
				return markedTranscriptsMsg{to: to, err: fmt.Errorf("the transcript of %s: %w", ss.ID, err)}
			}
			out[ss.ID] = msgs
		}
		return markedTranscriptsMsg{to: to, sessions: sessions, msgs: out}
	}
}

// wholeTranscript pages a transcript to its end.
func wholeTranscript(ctx context.Context, p source.TranscriptPager) ([]model.Message, error) {
	var out []model.Message
	for {
		page, err := p.Next(ctx)
		if err != nil {
			return out, err
		}
		out = append(out, page.Messages...)
		if page.Done {
			return out, nil
		}
	}
}

// markedArrived offers the file (or, over SSH, the clipboard) once the
// transcripts are in.
func (s *listScreen) markedArrived(msg markedTranscriptsMsg) tea.Cmd {
	s.gathering, s.gatherStop = false, nil
	if errors.Is(msg.err, context.Canceled) {
		s.flash.set("export stopped: nothing written")
		return nil
	}
	if msg.err != nil {
		s.flash.set(errorText(s.d, msg.err))
		return nil
	}
	s.flash.clear()
	render := func(ext string) ([]byte, string, bool) {
		what := model.Quantity(len(msg.sessions), "session", "sessions") + " with " + model.Pick(len(msg.sessions), "its transcript", "their transcripts")
		var b bytes.Buffer
		switch ext {
		case ".md", ".markdown":
			for _, ss := range msg.sessions {
				b.Write(TranscriptMarkdown(ss, msg.msgs[ss.ID], s.d.loc))
				b.WriteByte('\n')
			}
		case ".jsonl", ".json", ".ndjson":
			for _, ss := range msg.sessions {
				b.Write(export.WithMessages(ss.Raw, msg.msgs[ss.ID]))
				b.WriteByte('\n')
			}
		default:
			return nil, "", false
		}
		return b.Bytes(), what, true
	}
	name := fmt.Sprintf("konvo-%d-sessions.md", len(msg.sessions))
	ids := make([]string, len(msg.sessions))
	for i, ss := range msg.sessions {
		ids[i] = ss.ID
	}
	return offerFile(s.d, s.self, strings.Join(ids, ","), name, ".md (readable) or .jsonl (as the API sent them)", render)
}
