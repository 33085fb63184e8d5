package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"konvo/api/koretest"
	"konvo/model"
)

// voiceTranscript is the IVR showcase as konvo reads it: with latency
// (asked for), the late no-input prompt included.
func voiceTranscript(t testing.TB) (model.Session, []model.Message) {
	c := koretest.Generate(koretest.CorpusOptions{Seed: 1, End: benchNow, Sessions: 10, Showcase: true})
	cs, ok := c.Lookup("showcase-ivr")
	if !ok {
		t.Fatal("no showcase-ivr")
	}
	var s model.Session
	if err := json.Unmarshal(cs.JSON(c.BotID), &s); err != nil {
		t.Fatal(err)
	}
	var msgs []model.Message
	for _, m := range c.Transcript(cs) {
		raw := m.Raw
		if m.WithLatency != nil {
			raw = m.WithLatency
		}
		var msg model.Message
		if err := json.Unmarshal(raw, &msg); err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, msg)
	}
	return s, msgs
}

func voiceScreen(t testing.TB, w, h int) *transcriptScreen {
	d := benchDeps(t)
	d.theme = PlainTheme()
	d.slowTurn = 2 * time.Second
	s, msgs := voiceTranscript(t)
	ts := newTranscriptWith(d, s, msgs)
	ts.resize(w, h)
	return ts
}

// fullText is every line of the transcript as laid out, unstyled.
func fullText(ts *transcriptScreen) string {
	var b strings.Builder
	for i := range ts.msgs {
		b.WriteString(ts.plainBlock(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestVoiceTranscriptAsTheCallerHeardIt: every line the caller heard is
// on screen verbatim with entities decoded, the late prompt is there,
// pseudo-utterances are events with their token, and no SSML tag or raw
// entity shows.
func TestVoiceTranscriptAsTheCallerHeardIt(t *testing.T) {
	ts := voiceScreen(t, 120, 40)
	text := fullText(ts)
	for _, want := range []string{
		`Welcome to Acme Bank's card line. Say "lost card" or press 1.`,
		`Sorry, I didn't catch that. Say "lost card" or press 1.`,
		"I'm sorry to hear that. Your card ending 4821 is now blocked & a new one is on its way.",
		"We didn't hear anything. Goodbye.",
		"⋯ caller silent  MAX_NO_INPUT",
		"⋯ call started  StartFlow",
		"⋯ call ended  Call Termination Handler",
		"⋯ pause",
		"voice microsoft en-US-JennyNeural, recognizer google en-US, call recording started",
		"1 digit, timeout 5 s, ends on #",
		"transfers the call to +1 555 0199",
		"handed over to an agent",
		"◆ agent Mika Sato",
		"▲ 3.5s", "▲ 3.2s", "1.0s",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	for _, never := range []string{"&quot;", "&#39;", "&amp;", "<speak", "<prosody", "(empty text)"} {
		if strings.Contains(text, never) {
			t.Errorf("%q is on screen", never)
		}
	}
	if ts.slowTurns != 2 || ts.handoff < 0 {
		t.Errorf("slow turns %d, hand-off at %d", ts.slowTurns, ts.handoff)
	}
	if head := strings.Join(ts.headerLines("konvo", 120), "\n"); !strings.Contains(head, "▲ 2 slow turns >2.0s") || !strings.Contains(head, "voice ivrVoice") {
		t.Errorf("header: %s", head)
	}
}

// TestVoiceFrameGolden is the voice transcript at 120x40 as a reader sees
// it first, latency lane and hand-off divider included (-update rewrites).
func TestVoiceFrameGolden(t *testing.T) {
	ts := voiceScreen(t, 120, 40)
	ts.selectBlock(7) // the hand-off is on screen
	frame := ansi.Strip(ts.View(frame{path: "konvo › session voice"})) + "\n"
	golden(t, "voice_120x40.txt", frame)
	for _, want := range []string{"handed over to an agent", "▲ 3.5s", "▲ 2 slow turns"} {
		if !strings.Contains(frame, want) {
			t.Errorf("golden frame lacks %q", want)
		}
	}
}
