package serve

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
	"konvo/ui"
)

// personal is the showcase's personal data, in the forms it was said.
var personal = []string{koretest.PersonalCard, strings.ReplaceAll(koretest.PersonalCard, " ", ""), koretest.PersonalEmail,
	koretest.PersonalPhone, "415 555 0134", "showcase@example.com"}

// clipboards are the OSC 52 payloads the terminal was sent, decoded.
func clipboards(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, m := range regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)`).FindAllStringSubmatch(out, -1) {
		b, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatalf("OSC 52 payload %q: %v", m[1], err)
		}
		got = append(got, string(b))
	}
	return got
}

// noPersonalData fails when any of the showcase's personal data is in s.
func noPersonalData(t *testing.T, where, s string) {
	t.Helper()
	for _, p := range personal {
		if strings.Contains(s, p) {
			t.Errorf("%s shows %q:\n%s", where, p, s)
		}
	}
}

// TestServeMasksPersonalData: over konvo serve, card numbers, e-mail
// addresses and phone numbers never reach an engineer's frame, an OSC 52
// payload (a copy, an export) or a search snippet, though a search for
// the card number finds its session; the store keeps what the server
// sent; only an engineer whose key grants konvo:unmask can open the
// transcript unmasked, and the audit log says who did.
func TestServeMasksPersonalData(t *testing.T) {
	st, err := store.Open(t.TempDir(), "https://bots.kore.ai", koretest.DemoBotID, func() time.Time { return anchor })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mask, err := model.NewMasker(model.MaskOptions{}, []byte("serve test"))
	if err != nil {
		t.Fatal(err)
	}
	var r *rig
	r = startRig(t, func(o *Options) {
		app := o.App
		o.App = func(e Engineer) ui.Options {
			u := app(e)
			u.Source = source.FromStore(&source.Cached{Client: r.client, St: st})
			return u
		}
		o.Mask = mask
	})
	r.lines["bob@support"] += " " + UnmaskGrant
	r.writeKeys("alice@support", "bob@support")

	alice := r.connect("alice@support", 120, 40)
	// "of ", not " of ": once the list shows its stored rows first ("100
	// stored"), the renderer rewrites the status from the cell that
	// changed, and the space before "of" is not sent again.
	alice.waitFor("of ")
	alice.send(":showcase-personal\r")
	alice.waitFor("was charged twice")
	alice.waitFor("**** **** **** ****")
	alice.send("Y") // the transcript to the clipboard
	alice.waitFor("copied the transcript")
	alice.send("e") // its export, to the clipboard too
	r.waitRecord("the export", func(rec Record) bool { return rec.Event == "export" && rec.Session == "showcase-personal" })
	for deadline := time.Now().Add(5 * time.Second); strings.Count(alice.out.String(), "\x1b]52;c;") < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the export did not reach the clipboard")
		}
	}
	alice.send("M") // not hers to unmask: nothing happens
	alice.send("\x1b")
	alice.waitFor("of ")
	alice.send("s")
	alice.waitFor("search")
	alice.send("4111\r")
	alice.waitFor("showcase-personal")
	alice.waitFor("card **** **** **** **** was")

	out := alice.out.String()
	noPersonalData(t, "alice's terminal", ansi.Strip(out))
	boards := clipboards(t, out)
	if len(boards) < 2 {
		t.Fatalf("%d clipboard payloads, want the copy and the export", len(boards))
	}
	for _, b := range boards {
		noPersonalData(t, "a clipboard payload", b)
		if !strings.Contains(b, "**** **** **** ****") {
			t.Errorf("a clipboard payload without the masked card: %.300s", b)
		}
	}
	if strings.Contains(ansi.Strip(out), "personal data shown") {
		t.Error("alice, without the grant, unmasked the transcript")
	}
	kept, ok, err := st.Transcript(t.Context(), "showcase-personal")
	if err != nil || !ok || !strings.Contains(string(kept.Messages[0].Raw), koretest.PersonalCard) {
		t.Errorf("the store does not keep what the server sent (%v, %v)", ok, err)
	}

	bob := r.connect("bob@support", 120, 40)
	bob.waitFor("of ")
	bob.send(":showcase-personal\r")
	bob.waitFor("was charged twice")
	bob.send("M")
	bob.waitFor("personal data shown")
	bob.waitFor(koretest.PersonalEmail)
	r.waitRecord("bob's unmask", func(rec Record) bool {
		return rec.Event == "unmask" && rec.Engineer == "bob@support" && rec.Session == "showcase-personal"
	})
	for _, rec := range r.records() {
		if rec.Event == "unmask" && rec.Engineer != "bob@support" {
			t.Errorf("an unmask by %s", rec.Engineer)
		}
	}
}
