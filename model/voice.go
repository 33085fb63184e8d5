package model

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"
)

// Latency is how long one voice bot turn took: recognising the caller's
// speech, the bot's answer, and speaking it. Known is false when the
// message carried no latency at all (show nothing, not zeros).
type Latency struct {
	ASR, Bot, TTS time.Duration
	// Whole is the total the server gave (totalMs), 0 when it gave none.
	Whole time.Duration
	Known bool
}

// Total is the turn's whole wait, as the caller felt it: the server's
// total when it sent one, else the sum of the parts.
func (l Latency) Total() time.Duration {
	if l.Whole > 0 {
		return l.Whole
	}
	return l.ASR + l.Bot + l.TTS
}

// decodeLatency reads the latency a message carries, in milliseconds.
// Kore documents an object with a total and one object per stage:
// {"totalMs":…, "asr":{"durationMs":…}, "bot":{"durationMs":…},
// "tts":{"durationMs":…}}. Flat numbers per stage, and other spellings
// seen before the documents pinned them, are read too.
func decodeLatency(raw json.RawMessage) Latency {
	f := fields(raw)
	if f == nil {
		return Latency{}
	}
	ms := func(keys ...string) (time.Duration, bool) {
		for _, k := range keys {
			v := f[k]
			if stage := fields(v); stage != nil {
				v = stage["durationMs"]
				if v == nil {
					v = firstRaw(stage, "duration", "ms", "latencyMs")
				}
			}
			if n, ok := num(v); ok && n >= 0 && n < 1e9 {
				return time.Duration(n * float64(time.Millisecond)), true
			}
		}
		return 0, false
	}
	var l Latency
	var ok [4]bool
	l.ASR, ok[0] = ms("asr", "stt", "speechRecognition", "asrLatency")
	l.Bot, ok[1] = ms("bot", "nlp", "botResponse", "botLatency")
	l.TTS, ok[2] = ms("tts", "textToSpeech", "ttsLatency")
	l.Whole, ok[3] = ms("totalMs", "total", "totalLatency")
	l.Known = ok[0] || ok[1] || ok[2] || ok[3]
	return l
}

// firstRaw is the first of keys present in f.
func firstRaw(f map[string]json.RawMessage, keys ...string) json.RawMessage {
	for _, k := range keys {
		if v, ok := f[k]; ok {
			return v
		}
	}
	return nil
}

// Visible decodes the HTML entities a bot's text carries (&quot;, &amp;,
// &#39;): the caller heard a quote, not "&quot;". The result is still
// untrusted text: it is neutralised for the terminal where it is shown,
// so an entity cannot smuggle in an escape sequence.
func Visible(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}

// pseudoUtterances are what voice gateways put in the caller's place for
// an event: a silence, the start or end of the call. The label says what
// happened; the token itself stays visible and searchable.
var pseudoUtterances = map[string]string{
	"max_no_input":             "caller silent",
	"no_input":                 "caller silent",
	"noinput":                  "caller silent",
	"max_no_match":             "not understood",
	"no_match":                 "not understood",
	"nomatch":                  "not understood",
	"startflow":                "call started",
	"start_flow":               "call started",
	"call termination handler": "call ended",
	"hangup":                   "caller hung up",
	"caller_hangup":            "caller hung up",
	"session_closed":           "session closed",
	"dtmf_timeout":             "no key pressed",
}

// PseudoUtterance reports whether a caller's text is an event token, not
// speech, and how to word it.
func PseudoUtterance(text string) (label string, ok bool) {
	t := strings.TrimSpace(text)
	if t == "" || len(t) > 40 {
		return "", false
	}
	label, ok = pseudoUtterances[strings.ToLower(t)]
	return label, ok
}

// summarizeVerb words a gateway command step that is not speech, in one
// line: what the gateway was told to do.
func summarizeVerb(verb string, s map[string]json.RawMessage) string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	switch strings.ToLower(verb) {
	case "config":
		if syn := fields(s["synthesizer"]); syn != nil {
			add("voice %s", strings.TrimSpace(firstOf(syn, "vendor")+" "+firstOf(syn, "voice", "voiceName")))
		}
		if rec := fields(s["recognizer"]); rec != nil {
			add("recognizer %s", strings.TrimSpace(firstOf(rec, "vendor")+" "+firstOf(rec, "language", "lang")))
		}
		if rec := fields(s["record"]); rec != nil || boolean(s["record"]) {
			action := firstOf(rec, "action")
			if action == "" || strings.Contains(strings.ToLower(action), "start") || boolean(s["record"]) {
				add("call recording started")
			} else {
				add("recording %s", action)
			}
		}
	case "play":
		add("plays %s", firstOf(s, "url", "file", "audio"))
	case "hangup":
		add("hangs up")
		if r := firstOf(s, "reason", "headers"); r != "" {
			add("reason %s", r)
		}
	case "dial", "transfer", "refer", "sip:refer":
		target := firstOf(s, "target", "referTo", "number", "to", "queue")
		if t := fields(s["target"]); t != nil {
			target = firstOf(t, "number", "uri", "name", "queue")
		} else if ts := array(s["target"]); len(ts) > 0 {
			target = firstOf(fields(ts[0]), "number", "uri", "name", "queue")
		}
		add("transfers the call to %s", orDash(target))
	case "pause":
		if n := integer(s["length"]); n > 0 {
			add("pauses %d s", n)
		}
	}
	if n := integer(s["numDigits"]); n == 1 {
		add("1 digit")
	} else if n > 1 {
		add("up to %d digits", n)
	}
	if n := integer(s["maxDigits"]); n > 0 {
		add("at most %d digit%s", n, map[bool]string{true: "s"}[n > 1])
	}
	if t := integer(s["timeout"]); t > 0 {
		add("timeout %d s", t)
	}
	if k := str(s["finishOnKey"]); k != "" {
		add("ends on %s", k)
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// IsHandoff reports whether a part hands a call to a person: a gateway
// transfer. (In chat, the hand-off shows as the first agent message,
// live_agent templates included.)
func IsHandoff(p Part) bool {
	switch p := p.(type) {
	case VoiceCommand:
		for _, s := range p.Steps {
			switch strings.ToLower(s.Verb) {
			case "dial", "transfer", "refer", "sip:refer":
				return true
			}
		}
	}
	return false
}
