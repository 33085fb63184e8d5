package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/ui"
)

// TestTUIFaultMatrix meets each hostile server of the fault matrix with
// the TUI: the screen says what happened in words, shows no secret, never
// freezes (q quits at once), and never pages forever.
func TestTUIFaultMatrix(t *testing.T) {
	t.Parallel() // independent: its own server
	cases := map[string]*faultCase{}
	for _, tc := range faultCases(t) {
		cases[tc.name] = &tc
	}
	type tuiCase struct {
		// open the first session's transcript before checking
		open bool
		// ready is on screen before the keys are pressed
		ready string
		// keys pressed once the list (or transcript) is up
		keys []string
		// faults replace the export case's, where the TUI needs more
		faults *koretest.Faults
		want   string
		// extra checks on the final frame
		check func(t *testing.T, a *app, frame string)
	}
	tui := map[string]tuiCase{
		"cross-host redirect": {want: "konvo does not send"},
		"token echo": {want: "[token]", check: func(t *testing.T, _ *app, frame string) {
			if strings.Contains(frame, "eyJ") {
				t.Error("the token is on screen")
			}
		}},
		"huge word":        {open: true, want: "data:image/png;base64,iVBOR"},
		"deep nesting":     {open: true, want: "template mystery"},
		"repeating pages":  {ready: "1/100", keys: []string{"G"}, want: "paging is broken"},
		"unreadable entry": {ready: "1/99", keys: []string{"G"}, want: "could not be read and"},
		"missing field":    {want: "without the list"},
		"overlapping message pages": {open: true, keys: []string{"G"}, want: "— end of transcript —", check: func(t *testing.T, a *app, frame string) {
			sess := a.srv.Corpus().Sessions()[0]
			n := len(a.srv.Corpus().Transcript(sess))
			if want := fmt.Sprintf("%d of %d messages", n, n); !strings.Contains(frame, want) {
				t.Errorf("want %q in\n%s", want, frame)
			}
		}},
		"pretty JSON":                    {want: "of 150"},
		"budget spent by another client": {want: "of 150"},
		// Count queries for the other tabs may meet the first 429; the
		// list must meet one too.
		"absurd Retry-After":            {faults: &koretest.Faults{Burst429: 100, RetryAfter: 999999 * time.Second}, want: "asked to wait 11 days"},
		"oversized body":                {want: "over konvo's limit"},
		"oversized body without length": {want: "ran over konvo's limit"},
		"zero-width text": {want: "<U+200B>", check: func(t *testing.T, _ *app, frame string) {
			for i, l := range strings.Split(frame, "\n") {
				if ui.Width(l) > 160 || strings.ContainsAny(l, "\u200b\u200c\u200d") {
					t.Errorf("line %d: %q", i, l)
				}
			}
		}},
	}
	for name, tc := range tui {
		fc := cases[name]
		if fc == nil {
			t.Fatalf("no fault case %q", name)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := fc.faults
			if tc.faults != nil {
				f = *tc.faults
			}
			opts := koretest.Options{
				Corpus:    koretest.Generate(koretest.CorpusOptions{Seed: 3, End: anchor, Sessions: 150, Days: 6}),
				PerMinute: 30, Minute: 2 * time.Second, Faults: f,
			}
			if tc.open {
				// The list loads before the data turns hostile.
				opts.Faults = koretest.Faults{}
			}
			a := startApp(t, appConfig{w: 160, h: 40, server: opts, spend: fc.spend, client: func(o *api.Options) {
				tuned(o)
				if tok := fc.env["KONVO_TOKEN"]; tok != "" {
					o.Credentials, o.CredentialSource = api.StaticToken(tok), "KONVO_TOKEN"
				}
			}})
			if tc.open {
				a.waitText("1/100")
				a.srv.SetFaults(f)
				a.press("enter")
			}
			if tc.ready != "" {
				a.waitText(tc.ready)
			}
			a.press(tc.keys...)
			frame := a.waitText(tc.want)
			if tc.check != nil {
				tc.check(t, a, frame)
			}
			// q always quits within a frame, whatever is on screen.
			a.press("q")
			done := make(chan struct{})
			go func() { a.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second)); close(done) }()
			select {
			case <-done:
			case <-time.After(6 * time.Second):
				t.Fatal("q did not quit")
			}
			if n := len(a.srv.Requests()); n > 200 {
				t.Errorf("%d requests: paging did not end", n)
			}
		})
	}
}
