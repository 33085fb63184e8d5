package model

import "strings"

// TranscriptFacts are what a store keeps beside a transcript: each
// message's readable text (what search looks through), the first
// failure, the bot's last words and the first answer not understood.
// They are found in one pass that parses each component once: parsing is
// most of what writing a transcript costs. FirstFailure, LastBotWords and
// FirstNotUnderstood read their fact from it.
type TranscriptFacts struct {
	Texts   []string // Readable of each message
	Failure Failure
	Failed  bool
	Last    LastWords
	Unclear NotUnderstood
}

// FactsOfTranscript finds a transcript's facts.
func FactsOfTranscript(msgs []Message) TranscriptFacts {
	out := TranscriptFacts{Texts: make([]string, len(msgs)), Failure: Failure{Seq: -1}, Last: LastWords{Seq: -1}, Unclear: NotUnderstood{Seq: -1}}
	task, said := "", ""
	for i, m := range msgs {
		if m.TaskName != "" {
			task = m.TaskName
		}
		parts := make([]Part, len(m.Components))
		errText, isErr := "", false
		for j, c := range m.Components {
			parts[j] = c.Parse()
			if e, ok := parts[j].(ErrorPart); ok && !isErr {
				errText, isErr = Line(e.Text), true
			}
		}
		text := readableOf(parts)
		out.Texts[i] = text
		if isErr && !out.Failed {
			out.Failure, out.Failed = Failure{Seq: i, Task: task, Text: errText}, true
		}
		switch m.Speaker() {
		case SpeakerUser:
			said = cut(Line(text), maxLastWords)
		case SpeakerBot:
			if line := Line(strings.Join(strings.Split(text, "\n"), " · ")); line != "" {
				out.Last = LastWords{Seq: i, Text: cut(line, maxLastWords), Task: task}
			}
			if out.Unclear.Seq < 0 && fallbackText(text) {
				out.Unclear = NotUnderstood{Seq: i, Said: said}
			}
		}
	}
	return out
}

// fallbackText reports whether a bot's readable text is a fallback answer.
func fallbackText(text string) bool {
	text = strings.ToLower(text)
	for _, f := range Fallbacks() {
		if strings.Contains(text, f) {
			return true
		}
	}
	return false
}
