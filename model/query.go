package model

import "strings"

// Query is a search as typed: the words and "quoted phrases" a matching
// message holds, every one of them, and who may have said it (user:,
// bot:, agent:; none named: anyone).
type Query struct {
	// Terms are single words and phrases (a phrase keeps its spaces and
	// matches as written, any case).
	Terms    []string
	Speakers []Speaker
}

// scopes are the words that name a speaker.
func scopes() map[string]Speaker {
	return map[string]Speaker{"user:": SpeakerUser, "bot:": SpeakerBot, "agent:": SpeakerAgent}
}

// ParseQuery reads a search: `user: card 4821`, `bot:"card ending 4821"`,
// `agent: refund`. A scope applies to the whole query, wherever it is;
// an unclosed quote runs to the end.
func ParseQuery(text string) Query {
	var q Query
	sc := scopes()
	addScope := func(s Speaker) {
		for _, have := range q.Speakers {
			if have == s {
				return
			}
		}
		q.Speakers = append(q.Speakers, s)
	}
	rest := strings.TrimSpace(text)
	for rest != "" {
		if rest[0] == '"' {
			phrase, after, _ := strings.Cut(rest[1:], `"`)
			if p := strings.Join(strings.Fields(phrase), " "); p != "" {
				q.Terms = append(q.Terms, p)
			}
			rest = strings.TrimSpace(after)
			continue
		}
		word, after, _ := strings.Cut(rest, " ")
		if i := strings.IndexByte(word, '"'); i > 0 {
			// user:"a phrase": the scope, then the phrase.
			word, after = word[:i], word[i:]+" "+after
		}
		rest = strings.TrimSpace(after)
		lower := strings.ToLower(word)
		if s, ok := sc[lower]; ok {
			addScope(s)
			continue
		}
		if i := strings.IndexByte(lower, ':'); i > 0 {
			if s, ok := sc[lower[:i+1]]; ok && i+1 < len(word) {
				addScope(s)
				word = word[i+1:]
			}
		}
		q.Terms = append(q.Terms, word)
	}
	return q
}

// Words are the terms as one line of words: what a transcript highlights.
func (q Query) Words() string { return strings.Join(q.Terms, " ") }

// Who words the speakers of a query ("the user or an agent"), "" for
// anyone.
func (q Query) Who() string {
	var out []string
	for _, s := range q.Speakers {
		switch s {
		case SpeakerUser:
			out = append(out, "the user")
		case SpeakerBot:
			out = append(out, "the bot")
		case SpeakerAgent:
			out = append(out, "an agent")
		}
	}
	return strings.Join(out, " or ")
}
