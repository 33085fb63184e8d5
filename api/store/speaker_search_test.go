package store_test

import (
	"context"
	"testing"

	"konvo/api/store"
	"konvo/model"
)

// TestSearchKnowsTheSpeakerAndPhrases: "card 4821" found nearly only the
// bot's own replies, and a quoted phrase was taken literally (with its
// quotes: nothing). A scope keeps what that speaker said; a phrase
// matches as written; each hit says who said it.
func TestSearchKnowsTheSpeakerAndPhrases(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	ctx := context.Background()
	search := func(q string) []store.Hit {
		t.Helper()
		hits, err := f.st.Search(ctx, month, q, 0)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return hits
	}
	phrase := search(`"card ending 4821"`)
	if len(phrase) == 0 {
		t.Fatal(`"card ending 4821" found nothing`)
	}
	loose := search(`4821 card`)
	if len(loose) < len(phrase) {
		t.Errorf("the words found %d sessions, the phrase %d", len(loose), len(phrase))
	}
	bot := search(`bot: "card ending 4821"`)
	if len(bot) != len(phrase) {
		t.Errorf("bot: kept %d of %d", len(bot), len(phrase))
	}
	for _, h := range bot {
		if h.Speaker != model.SpeakerBot {
			t.Errorf("%s: a bot: hit said by %v", h.Session.ID, h.Speaker)
		}
	}
	for _, h := range search(`user: 4821`) {
		if h.Speaker != model.SpeakerUser {
			t.Errorf("%s: a user: hit said by %v: %q", h.Session.ID, h.Speaker, h.Snippet)
		}
	}
	if hits := search(`agent: "card ending 4821"`); len(hits) != 0 {
		t.Errorf("agent: found what the bot said: %q", hits[0].Snippet)
	}
}
