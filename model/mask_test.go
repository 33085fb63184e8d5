package model

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func testMasker(t testing.TB, o MaskOptions) *Masker {
	t.Helper()
	m, err := NewMasker(o, []byte("test key"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMaskString(t *testing.T) {
	t.Parallel()
	m := testMasker(t, MaskOptions{Patterns: []MaskPattern{{Name: "account", Regex: `ACC-\d{6}`}}})
	for _, c := range []struct{ in, want string }{
		{"my card is 4111 1111 1111 1111, thanks", "my card is **** **** **** ****, thanks"},
		{"card 4111-1111-1111-1111", "card ****-****-****-****"},
		{"4111111111111111", "****************"},
		{"not a card 4111 1111 1111 1112 (Luhn fails, too long for a phone)", "not a card 4111 1111 1111 1112 (Luhn fails, too long for a phone)"},
		{"call +1 (555) 123-4567 now", "call +* (***) ***-**** now"},
		{"or 98765 43210", "or ***** *****"},
		{"+44 20 7946 0958", "+** ** **** ****"},
		{"order 12345 on 2026-12-02 07:27:32", "order 12345 on 2026-12-02 07:27:32"},
		{"ids like a64a1234567890bcd stay", "ids like a64a1234567890bcd stay"},
		{"write to jane.doe@example.com.", "write to ****.***@*******.***."},
		{"ÄRZTE@klinik.de", "*****@******.**"},
		{"account ACC-123456 closed", "account ***-****** closed"},
		{"", ""},
		{"no personal data here", "no personal data here"},
	} {
		if got := m.String(c.in); got != c.want {
			t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	hash := testMasker(t, MaskOptions{Char: '#'})
	if got := hash.String("pin 4111111111111111"); got != "pin ################" {
		t.Errorf("Kore's redaction character: %q", got)
	}
	if _, err := NewMasker(MaskOptions{Patterns: []MaskPattern{{Name: "bad", Regex: "("}}}, nil); err == nil || !strings.Contains(err.Error(), `"bad"`) {
		t.Errorf("a bad pattern: %v", err)
	}
}

func TestMaskSnippetAcrossMarks(t *testing.T) {
	t.Parallel()
	m := testMasker(t, MaskOptions{})
	got := m.Snippet("card 4111 \x011111\x02 1111 1111 é", "\x01", "\x02")
	if want := "card **** \x01****\x02 **** **** é"; got != want {
		t.Errorf("Snippet = %q, want %q", got, want)
	}
}

func TestMaskJSONKeepsIdentifiers(t *testing.T) {
	t.Parallel()
	m := testMasker(t, MaskOptions{})
	raw := []byte(`{"sessionId":"64a1234567890bcd","userId":"jane@example.com","createdBy":"+15551234567","n":4111111111111111,
		"components":[{"data":{"text":"card 4111111111111111 <b>&</b>"}}],"tags":{"userTags":[{"name":"mail","value":"a@b.io"}]}}`)
	out := m.JSON(raw)
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("masked JSON does not parse: %v\n%s", err, out)
	}
	s := string(out)
	for _, gone := range []string{"jane@example.com", "+15551234567", "card 4111111111111111", "a@b.io"} {
		if strings.Contains(s, gone) {
			t.Errorf("%q left in %s", gone, s)
		}
	}
	for _, kept := range []string{`"64a1234567890bcd"`, `4111111111111111,`, `<b>&</b>`, m.Pseudonym("jane@example.com")} {
		if !strings.Contains(s, kept) {
			t.Errorf("%q lost from %s", kept, s)
		}
	}
	if m.Pseudonym("jane@example.com") != m.ID("jane@example.com") || m.ID("u-123") != "u-123" {
		t.Error("ID gives a pseudonym only for personal data")
	}
}

func TestMaskMessageAndSession(t *testing.T) {
	t.Parallel()
	m := testMasker(t, MaskOptions{})
	var msg Message
	if err := json.Unmarshal([]byte(`{"_id":"ms-1","type":"incoming","components":[{"cT":"text","data":{"text":"mail me at jo@example.org"}}]}`), &msg); err != nil {
		t.Fatal(err)
	}
	got := m.Message(msg)
	if r := Readable(got); strings.Contains(r, "jo@example.org") || !strings.Contains(r, "mail me at") || got.ID != "ms-1" {
		t.Errorf("masked message reads %q (id %q)", r, got.ID)
	}
	if Readable(msg) == Readable(got) {
		t.Error("the original message was changed")
	}
	s := Session{ID: "s-1", UserID: "+919876543210", Containment: DropOff, ContainmentKnown: true, UserTags: []Tag{{Name: "phone", Value: "9876543210"}},
		Raw: json.RawMessage(`{"sessionId":"s-1","userId":"+919876543210"}`)}
	ms := m.Session(s)
	if ms.UserID != m.Pseudonym(s.UserID) || ms.UserTags[0].Value != "**********" || strings.Contains(string(ms.Raw), "9876543210") || ms.Containment != DropOff || s.UserTags[0].Value != "9876543210" {
		t.Errorf("masked session: %+v", ms)
	}
	var none *Masker
	if none.String("a@b.io") != "a@b.io" || none.Session(s).UserID != s.UserID {
		t.Error("a nil Masker masks nothing")
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"card 4111 1111 1111 1111", "+1 (555) 123-4567", "jane@example.com", `{"text":"a@b.io","userId":"9876543210"}`, "\x01", "日本語 4111111111111111"} {
		f.Add(s)
	}
	m := testMasker(f, MaskOptions{})
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := m.String(s)
		if utf8.RuneCountInString(out) != utf8.RuneCountInString(s) {
			t.Fatalf("String(%q) = %q changes the length", s, out)
		}
		if m.Has(out) {
			t.Fatalf("String(%q) = %q still holds personal data", s, out)
		}
		if json.Valid([]byte(s)) && !json.Valid(m.JSON([]byte(s))) {
			t.Fatalf("JSON(%q) = %q is not JSON", s, m.JSON([]byte(s)))
		}
		_ = m.Snippet(s, "\x01", "\x02")
	})
}
