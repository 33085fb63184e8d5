package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"konvo/model"
)

// maxClipboard is about what terminals take through OSC 52 (xterm's
// default and tmux's buffer are near 100 KB): beyond it a copy is cut or
// dropped without a word, so konvo says so instead of sending it.
const maxClipboard = 100 << 10

// clip copies text to the clipboard through OSC 52, which reaches the
// engineer's own clipboard across SSH and tmux. It returns the command
// and the status line's words for it: what was copied and its size, or
// why nothing was and what to do instead.
//
// Everything copied is neutralised here, whoever calls: text pasted into
// a shell is typed into it, and an ESC[201~ (the end of a bracketed
// paste) or a carriage return from the server would run what follows.
// Line breaks stay; escapes, lone CRs and bidi controls do not.
//
// session names the sessions copied from, for the audit log: one id, or
// several separated by commas.
func clip(d *deps, session, what, text string) (tea.Cmd, string) {
	text = model.Sanitize(text, true)
	if len(text) > maxClipboard {
		if d.remote {
			return nil, fmt.Sprintf("%s is %s, more than terminals take in a copy (about 100 KB), and konvo serve writes nothing on the server: copy less (a message with y)",
				what, humanSize(len(text)))
		}
		return nil, fmt.Sprintf("%s is %s, more than terminals take in a copy (about 100 KB); %s exports it to a file",
			what, humanSize(len(text)), d.keys.Key(Export))
	}
	d.audit(Event{Action: "copy", Session: session, What: what, Bytes: len(text)})
	return tea.SetClipboard(text), fmt.Sprintf("copied %s (%s)", what, humanSize(len(text)))
}

// copyWidth is the width transcripts are laid out in for copying and
// exporting: readable in a ticket, whatever the terminal's width.
const copyWidth = 100

// transcriptText is a whole transcript as plain text: a header with the
// session's facts, then each message as "time  who  text", components as
// a reader sees them. The text is sanitised: no escape sequence from the
// data reaches a clipboard or a file.
func (s *transcriptScreen) transcriptText() string {
	text, _ := s.transcriptTextAt()
	return text
}

// transcriptTextAt is transcriptText and the line (1-based) each message
// starts on, so a pager can open at the one being read.
func (s *transcriptScreen) transcriptTextAt() (string, []int) {
	var b strings.Builder
	starts := make([]int, len(s.msgs))
	ss := s.session
	loc := s.d.loc
	fmt.Fprintf(&b, "Session   %s\n", safe(ss.ID))
	fmt.Fprintf(&b, "User      %s\n", safe(ss.UserID))
	fmt.Fprintf(&b, "Channel   %s\n", channelLabel(ss.Channel))
	fmt.Fprintf(&b, "Outcome   %s\n", containmentLabel(ss))
	fmt.Fprintf(&b, "Started   %s\n", ss.Start.In(loc).Format("2006-01-02 15:04:05 MST"))
	if !ss.End.IsZero() {
		fmt.Fprintf(&b, "Ended     %s (%s)\n", ss.End.In(loc).Format("2006-01-02 15:04:05 MST"), humanDuration(ss.Duration()))
	}
	fmt.Fprintf(&b, "Messages  %d\n", len(s.msgs))
	if !s.done {
		fmt.Fprintf(&b, "          (the first %d only: the rest had not loaded)\n", len(s.msgs))
	}
	for i, m := range s.msgs {
		b.WriteString("\n")
		starts[i] = b.Len() // a byte offset for now: lines are counted once, below
		fmt.Fprintf(&b, "%s  %s\n", m.Created.In(loc).Format("15:04:05"), speakerName(*m))
		for _, l := range strings.Split(s.copyText(i), "\n") {
			b.WriteString("  " + l + "\n")
		}
	}
	text := b.String()
	line, at := 1, 0
	for i, off := range starts {
		line += strings.Count(text[at:off], "\n")
		starts[i], at = line, off
	}
	return text, starts
}

// copyText is message i's components as plain lines at copyWidth.
func (s *transcriptScreen) copyText(i int) string {
	var out []string
	plain := PlainTheme()
	for _, p := range s.partsOf(i) {
		for _, l := range renderPart(&plain, p, copyWidth) {
			out = append(out, strings.TrimRight(ansi.Strip(l), " "))
		}
	}
	return strings.Join(out, "\n")
}

// speakerName is who sent a message, in words.
func speakerName(m model.Message) string {
	sp := m.Speaker()
	if sp == model.SpeakerAgent && m.AgentName != "" {
		return "agent " + safe(m.AgentName)
	}
	return sp.String()
}

// flash is a status-line note about the last action (a copy, an export):
// it holds until the next key, so a later screen state never shows a
// note about something that did not happen there.
type flash struct{ text string }

func (f *flash) set(text string) { f.text = text }
func (f *flash) clear()          { f.text = "" }

// or is the flash when set, else the screen's own note.
func (f flash) or(notice string) string {
	if f.text != "" {
		return f.text
	}
	return notice
}

// maxFileID bounds the id part of a default file name: a 300-character
// id made a name file systems refuse (most take 255 bytes).
const maxFileID = 64

// fileSafe makes an id usable in a file name, and safe to show in the
// save prompt: letters, digits, '.', '-' and '_' are kept, anything else
// (separators, controls, bidi overrides, spaces) becomes '_'. A long id
// is cut and given a short hash of the whole, so names stay distinct.
func fileSafe(id string) string {
	out := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id)
	out = strings.TrimLeft(out, ".") // no hidden files, no ".."
	if len(out) > maxFileID {
		cut := maxFileID
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		sum := sha256.Sum256([]byte(id))
		out = out[:cut] + "-" + hex.EncodeToString(sum[:4])
	}
	if out == "" {
		out = "session"
	}
	return out
}

// TranscriptMarkdown is a transcript as the .md export writes it, for
// konvo export --format md: the same text as Y copies, under a heading.
func TranscriptMarkdown(sess model.Session, msgs []model.Message, loc *time.Location) []byte {
	d := &deps{theme: PlainTheme(), loc: loc, now: time.Now}
	data, _, _ := newTranscriptWith(d, sess, msgs).exportAs(".md")
	return data
}
