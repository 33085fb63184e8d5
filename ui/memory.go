package ui

import (
	"context"
	"encoding/json"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// The kinds of what konvo remembers (source.Memory).
const (
	memRecent  = "recent"  // transcripts read, by session id
	memStar    = "star"    // sessions starred, by id, with a note
	memState   = "state"   // the list as it was left ("list")
	memCommand = "command" // ":" lines typed
)

// sessionMemo is a remembered session: its record as the server sent it,
// its containment (which the record may not carry) and a note.
type sessionMemo struct {
	Raw         json.RawMessage `json:"raw"`
	Containment int             `json:"containment,omitempty"`
	Note        string          `json:"note,omitempty"`
}

func memoOf(s model.Session, note string) sessionMemo {
	m := sessionMemo{Raw: s.Raw, Note: note}
	if s.ContainmentKnown {
		m.Containment = int(s.Containment)
	}
	return m
}

// session reads a remembered session back.
func (m sessionMemo) session() (model.Session, bool) {
	var s model.Session
	if json.Unmarshal(m.Raw, &s) != nil || s.ID == "" {
		return s, false
	}
	if !s.ContainmentKnown && m.Containment > 0 {
		s.Containment, s.ContainmentKnown = model.Containment(m.Containment), true
	}
	return s, true
}

// remember keeps v under (kind, key) in a command: nothing is written on
// the UI thread. Without a store it does nothing.
func (d *deps) remember(kind, key string, v any) tea.Cmd {
	mem, ok := d.src.(source.Memory)
	if !ok {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	ctx, owner := d.ctx, d.owner
	return func() tea.Msg {
		_ = mem.Remember(ctx, owner, kind, key, b) // memory is a convenience: a failed write loses only it
		return nil
	}
}

// forget drops (kind, key) in a command.
func (d *deps) forget(kind, key string) tea.Cmd {
	mem, ok := d.src.(source.Memory)
	if !ok {
		return nil
	}
	ctx, owner := d.ctx, d.owner
	return func() tea.Msg {
		_ = mem.Forget(ctx, owner, kind, key)
		return nil
	}
}

// recalledMsg brings the stars and the command history at start.
type recalledMsg struct {
	stars    map[string]bool
	commands []string
}

// recall reads the stars and the command history, in a command.
func (d *deps) recall() tea.Cmd {
	mem, ok := d.src.(source.Memory)
	if !ok {
		return nil
	}
	ctx, owner := d.ctx, d.owner
	return func() tea.Msg {
		var out recalledMsg
		stars, _ := mem.Recall(ctx, owner, memStar, 0)
		out.stars = make(map[string]bool, len(stars))
		for _, m := range stars {
			out.stars[m.Key] = true
		}
		cmds, _ := mem.Recall(ctx, owner, memCommand, 50)
		for _, m := range cmds {
			out.commands = append(out.commands, m.Key)
		}
		return out
	}
}

// rememberedSessions is a finding of remembered sessions (recent,
// starred), newest first, each said by words(memo, when).
func rememberedSessions(d *deps, kind string, words func(sessionMemo, time.Time) string) func(ctx context.Context) (source.Searched, error) {
	mem, _ := d.src.(source.Memory)
	owner := d.owner
	return func(ctx context.Context) (source.Searched, error) {
		if mem == nil {
			return source.Searched{}, nil
		}
		got, err := mem.Recall(ctx, owner, kind, 0)
		if err != nil {
			return source.Searched{}, err
		}
		var out source.Searched
		for _, m := range got {
			var sm sessionMemo
			if json.Unmarshal(m.Value, &sm) != nil {
				continue
			}
			if s, ok := sm.session(); ok {
				out.Found = append(out.Found, source.Found{Session: s, Snippet: words(sm, m.At)})
			}
		}
		return out, nil
	}
}

// toggleStar stars sess, then asks for an optional note, or takes its
// star off. below shows the note of what was done.
func toggleStar(d *deps, below screen, sess model.Session) tea.Cmd {
	if d.stars == nil {
		d.stars = map[string]bool{}
	}
	if d.stars[sess.ID] {
		delete(d.stars, sess.ID)
		if f, ok := below.(flasher); ok {
			f.showFlash("took the star off " + safe(sess.ID))
		}
		return d.forget(memStar, sess.ID)
	}
	d.stars[sess.ID] = true
	p := newPrompt(d, below, "note for the star: ", "", func(note string) (string, error) {
		if note == "" {
			return "starred " + safe(sess.ID), nil
		}
		return "starred " + safe(sess.ID) + ": " + safe(note), nil
	})
	p.allowEmpty, p.hint = true, "starred: a note to find it by, or enter for none"
	p.after = func(note string) tea.Cmd { return d.remember(memStar, sess.ID, memoOf(sess, note)) }
	// The star is kept at once; the note, if any, when it is typed.
	return tea.Batch(d.remember(memStar, sess.ID, memoOf(sess, "")), d.nav.push(p))
}
