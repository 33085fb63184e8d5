package model

import (
	"time"
)

// Facts are what a session's whole transcript tells beyond its record:
// how its voice turns went and the first task that failed. The store
// keeps them, so a list can show and filter by them without reading
// transcripts.
type Facts struct {
	// SlowTurns counts the bot turns slower than the threshold asked
	// with; Worst is the slowest turn (0: no latency known), WorstSeq
	// its message (-1: none).
	SlowTurns int
	Worst     time.Duration
	WorstSeq  int
	// Failed is set when a task failed (an error component); FailedSeq
	// is that message (0-based) and FailedTask the task it belonged to
	// ("" when no message named one).
	Failed     bool
	FailedSeq  int
	FailedTask string
	// FailedText is what the failure said ("Sorry, the payments service
	// is unavailable…"): getMessagesV2 leaves task names out, so it is
	// often all there is to tell one failure from another.
	FailedText string
}

// HasError reports whether the message shows a task's failure.
func (m Message) HasError() bool {
	_, ok := m.ErrorText()
	return ok
}

// ErrorText is what the message's first error component says.
func (m Message) ErrorText() (string, bool) {
	for _, c := range m.Components {
		if e, ok := c.Parse().(ErrorPart); ok {
			return Line(e.Text), true
		}
	}
	return "", false
}

// Failure is a transcript's first failure.
type Failure struct {
	Seq        int    // the message, 0-based
	Task, Text string // the task it belonged to ("" unnamed), what it said
}

// FirstFailure is the first message showing a failure, the task it
// belongs to (its own, or the latest one named before it) and what it
// said.
func FirstFailure(msgs []Message) (Failure, bool) {
	f := FactsOfTranscript(msgs)
	return f.Failure, f.Failed
}

// TurnMillis is the message's turn latency in milliseconds, 0 unknown.
func (m Message) TurnMillis() int64 {
	if !m.Latency.Known {
		return 0
	}
	return m.Latency.Total().Milliseconds()
}

// LastWords is the bot's last message a reader sees words in (not JSON or
// SSML), and the task it belonged to: where a user who dropped off left.
type LastWords struct {
	Seq        int // -1: the bot said nothing readable
	Text, Task string
}

// maxLastWords bounds the words kept: enough to tell one prompt from
// another, short enough to group by.
const maxLastWords = 200

// LastBotWords finds a transcript's LastWords.
func LastBotWords(msgs []Message) LastWords { return FactsOfTranscript(msgs).Last }

// cut keeps the first n runes of s.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Fallbacks are the words of a bot's fallback answer ("I didn't
// understand"): a bot message holding one counts as not understood.
func Fallbacks() []string {
	return []string{"didn't understand", "did not understand", "didn't get that", "didn't catch that", "could you rephrase"}
}

// IsFallback reports whether a bot message is a fallback answer.
func IsFallback(m Message) bool {
	if m.Speaker() != SpeakerBot {
		return false
	}
	return fallbackText(Readable(m))
}

// NotUnderstood is the first fallback answer of a transcript and what
// the user said just before it (one line; "" when nothing was said).
type NotUnderstood struct {
	Seq  int // -1: none
	Said string
}

// FirstNotUnderstood finds a transcript's NotUnderstood.
func FirstNotUnderstood(msgs []Message) NotUnderstood { return FactsOfTranscript(msgs).Unclear }

// Said is what a message says as one line, cut to what grouping keeps.
func Said(m Message) string { return cut(Line(Readable(m)), maxLastWords) }
