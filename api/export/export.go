// Package export writes sessions as JSON Lines: each line is the session
// object exactly as the server sent it (its own field names and values,
// unknown fields kept), newest first, optionally with its transcript added
// as "messages", oldest first.
package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"konvo/api"
	"konvo/model"
)

// Options shape an export.
type Options struct {
	// Messages adds each session's transcript, fetched in batched calls.
	Messages bool
	// Progress, when set, is told after every page that arrives.
	Progress func(Progress)
}

// Progress is how far an export has come.
type Progress struct {
	Sessions int  // written, or with their transcript fetched
	Total    int  // what the server reports for the range
	Exact    bool // false while some windows have not been asked yet
	Messages int  // transcript messages fetched
}

// Stats says what an export wrote.
type Stats struct {
	Sessions, Messages int
}

// Run writes the filter's sessions to w.
func Run(ctx context.Context, c *api.Client, f model.Filter, w io.Writer, o Options) (Stats, error) {
	var st Stats
	bw := bufio.NewWriterSize(w, 256<<10)
	p := c.Sessions(f)
	for {
		page, err := p.Next(ctx)
		if err != nil {
			_ = bw.Flush()
			return st, err
		}
		var transcripts map[string][]model.Message
		if o.Messages && len(page.Sessions) > 0 {
			written, before := st.Sessions, st.Messages
			tell := func(done, msgs int) {
				if o.Progress != nil {
					total, exact := p.Total()
					o.Progress(Progress{Sessions: written + done, Total: total, Exact: exact, Messages: before + msgs})
				}
			}
			if transcripts, err = c.TranscriptsWithProgress(ctx, page.Sessions, api.Interactive, tell); err != nil {
				_ = bw.Flush()
				return st, err
			}
		}
		for _, s := range page.Sessions {
			line := []byte(s.Raw)
			if o.Messages {
				msgs := transcripts[s.ID]
				st.Messages += len(msgs)
				line = withMessages(line, msgs)
			}
			if _, err := bw.Write(append(line, '\n')); err != nil {
				return st, fmt.Errorf("write: %w", err)
			}
			st.Sessions++
		}
		if o.Progress != nil {
			total, exact := p.Total()
			o.Progress(Progress{Sessions: st.Sessions, Total: total, Exact: exact, Messages: st.Messages})
		}
		if page.Done {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("write: %w", err)
	}
	if inv := p.Invalid(); len(inv) > 0 {
		return st, &UnknownIDsError{IDs: inv}
	}
	return st, nil
}

// UnknownIDsError lists requested session ids the server did not know; the
// sessions it did know were written.
type UnknownIDsError struct{ IDs []string }

func (e *UnknownIDsError) Error() string {
	return fmt.Sprintf("%d session id(s) not found: %v", len(e.IDs), e.IDs)
}

// withMessages adds "messages": [...] as the last member of the session
// object, leaving every byte the server sent as it was. The session is
// compacted first, so the line stays one line.
func withMessages(session []byte, msgs []model.Message) []byte {
	var b bytes.Buffer
	if json.Compact(&b, session) != nil {
		return session
	}
	obj := bytes.TrimRight(b.Bytes(), " \n\t\r")
	if len(obj) < 2 || obj[len(obj)-1] != '}' {
		return session
	}
	out := make([]byte, 0, len(obj)+64*len(msgs)+16)
	out = append(out, obj[:len(obj)-1]...)
	if len(bytes.TrimSpace(obj[1:len(obj)-1])) > 0 {
		out = append(out, ',')
	}
	out = append(out, `"messages":[`...)
	for i, m := range msgs {
		if i > 0 {
			out = append(out, ',')
		}
		var mb bytes.Buffer
		if json.Compact(&mb, m.Raw) == nil {
			out = append(out, mb.Bytes()...)
		} else {
			out = append(out, "null"...)
		}
	}
	return append(out, "]}"...)
}
