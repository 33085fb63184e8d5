package koretest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"konvo/model"
)

// Session is one session of a corpus, with what its transcript needs.
type Session struct {
	ID             string
	UserID         string
	Channel        string
	Start, End     time.Time
	Langs          []string
	Containment    model.Containment
	NonInteractive bool
	Developer      bool
	Active         bool
	UserTags       []model.Tag
	SessionTags    []model.Tag
	Messages       int // noOfMessagesExchanged, and the transcript's length
	Tasks          int
	// Script names a showcase transcript; empty for a generated one.
	Script string
	// Shape picks which API version's field shapes the session is sent in
	// (0 v10, 1 v9, 2 v8), so clients meet every documented variant.
	Shape int
	seed  uint64
	// patterns is set on the demo's sessions: the things worth finding
	// (generatedSteps).
	patterns bool
}

// Corpus is a bot's sessions and transcripts.
type Corpus struct {
	BotID    string
	BotName  string
	sessions []*Session // newest first
	byID     map[string]*Session

	mu    sync.Mutex
	cache map[string][]Msg // recently generated transcripts
	order []string
}

// CorpusOptions shape a generated corpus.
type CorpusOptions struct {
	Seed     uint64
	End      time.Time // the newest session starts before this
	Days     int       // how far back sessions go (default 30)
	Sessions int       // how many generated sessions (default 3000)
	// Showcase adds the named sessions that show every message kind;
	// ShowcaseEnd is where they end (zero: End).
	Showcase    bool
	ShowcaseEnd time.Time
	// ShortShowcase leaves the showcase's 2,000- and 5,000-message
	// sessions out: a test of the store wants every kind of message, and
	// writing those two was most of its time.
	ShortShowcase bool
	// Patterns gives the corpus what insights should find: many
	// drop-offs after the same prompt of one task, a task that fails, a
	// slow voice task, and a day with a spike of sessions.
	Patterns bool
}

// DemoBotID is the demo corpus' bot.
const DemoBotID = "st-7a1c0e52-demo-bank-bot"

// Demo is the corpus the demo mode serves: 3,000 sessions over the 30 days
// before end, and the showcase sessions. The same end gives the same data.
func Demo(end time.Time) *Corpus {
	return Generate(CorpusOptions{Seed: 20261123, End: end, Showcase: true, Patterns: true})
}

// DemoOfDay is the demo corpus of now's day (UTC): the same sessions and
// ids all day, so a demo store kept between runs of a day stays true
// (konvo --demo; "come back tomorrow" can be tried on it). Sessions of
// the day still to come are not served before their time; the
// showcase ends at now, so it is at the top of the list.
func DemoOfDay(now time.Time) *Corpus {
	day := now.UTC().Truncate(24 * time.Hour)
	return Generate(CorpusOptions{Seed: 20261123, End: day.Add(24 * time.Hour), Showcase: true, ShowcaseEnd: now, Patterns: true})
}

// Generate makes a deterministic corpus.
func Generate(o CorpusOptions) *Corpus {
	if o.Days <= 0 {
		o.Days = 30
	}
	if o.Sessions < 0 {
		o.Sessions = 0
	} else if o.Sessions == 0 {
		o.Sessions = 3000
	}
	end := o.End.UTC().Truncate(time.Second)
	c := &Corpus{BotID: DemoBotID, BotName: "Acme Bank Assistant", byID: map[string]*Session{}, cache: map[string][]Msg{}}
	rng := rand.New(rand.NewPCG(o.Seed, 0x6b6f7265))
	users := makeUsers(rng, max(o.Sessions/5, 10))
	span := time.Duration(o.Days) * 24 * time.Hour
	for i := 0; i < o.Sessions; i++ {
		at := end.Add(-time.Duration(rng.Int64N(int64(span))))
		if o.Patterns && i%20 == 0 {
			// The spike: an outage three days before the end brings a
			// twentieth of the sessions into eight hours.
			// (Moved, not drawn again: every other session stays as it was.)
			at = end.AddDate(0, 0, -3).Add(-time.Duration(int64(end.Sub(at)) % int64(8*time.Hour)))
		}
		s := genSession(rng, i, at, users)
		s.patterns = o.Patterns
		c.add(s)
	}
	if o.Showcase {
		at := end
		if !o.ShowcaseEnd.IsZero() {
			at = o.ShowcaseEnd.UTC().Truncate(time.Second)
		}
		for i, sc := range showcases() {
			if o.ShortShowcase && sc.long > 0 {
				continue
			}
			start := at.Add(-time.Duration(i+1)*7*time.Minute - 2*time.Minute)
			c.add(sc.session(start))
		}
	}
	c.sort()
	return c
}

type user struct {
	id, lang, channel string
	tier              string
}

func makeUsers(rng *rand.Rand, n int) []user {
	out := make([]user, n)
	for i := range out {
		u := user{id: fmt.Sprintf("u-%08x-%04x", rng.Uint32(), i), lang: pick(rng, langWeights), channel: pick(rng, channelWeights), tier: pick(rng, tierWeights)}
		if i%17 == 0 {
			u.id = fmt.Sprintf("customer%03d@example.com", i)
		}
		out[i] = u
	}
	return out
}

func genSession(rng *rand.Rand, i int, start time.Time, users []user) *Session {
	// A few users come back often: pick from the front of the list more.
	u := users[min(int(rng.ExpFloat64()*float64(len(users))/4), len(users)-1)]
	s := &Session{
		ID:      fmt.Sprintf("%08x%016x", uint32(start.Unix()), rng.Uint64()),
		UserID:  u.id,
		Channel: u.channel,
		Start:   start.Truncate(time.Millisecond),
		Langs:   []string{u.lang},
		seed:    rng.Uint64(),
		Shape:   []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 2}[i%10],
	}
	if rng.IntN(12) == 0 {
		s.Langs = append(s.Langs, "en")
		if u.lang == "en" {
			s.Langs[1] = "es"
		}
	}
	switch r := rng.IntN(100); {
	case r < 58:
		s.Containment = model.SelfService
	case r < 84:
		s.Containment = model.DropOff
	default:
		s.Containment = model.Agent
	}
	s.NonInteractive = rng.IntN(15) == 0
	s.Developer = rng.IntN(40) == 0
	s.Messages = 2 + rng.IntN(14)
	if rng.IntN(25) == 0 {
		s.Messages += 20 + rng.IntN(60)
	}
	if s.NonInteractive {
		s.Messages = 1 + rng.IntN(2)
	}
	s.Tasks = rng.IntN(4)
	s.End = s.Start.Add(time.Duration(s.Messages)*time.Duration(20+rng.IntN(70))*time.Second + time.Duration(rng.IntN(1000))*time.Millisecond)
	s.UserTags = []model.Tag{{Name: "tier", Value: u.tier}}
	s.SessionTags = []model.Tag{{Name: "topic", Value: pick(rng, topicWeights)}}
	if s.Containment == model.Agent {
		s.SessionTags = append(s.SessionTags, model.Tag{Name: "queue", Value: pick(rng, map[string]int{"cards": 2, "loans": 1, "general": 3})})
	}
	if rng.IntN(9) == 0 {
		s.SessionTags = append(s.SessionTags, model.Tag{Name: "csat", Value: fmt.Sprint(1 + rng.IntN(5))})
	}
	return s
}

// pick draws a key by weight, deterministically for a given rng.
func pick(rng *rand.Rand, weights map[string]int) string {
	keys := make([]string, 0, len(weights))
	total := 0
	for k, w := range weights {
		keys = append(keys, k)
		total += w
	}
	sort.Strings(keys)
	n := rng.IntN(total)
	for _, k := range keys {
		if n -= weights[k]; n < 0 {
			return k
		}
	}
	return keys[len(keys)-1]
}

var (
	langWeights    = map[string]int{"en": 14, "ja": 3, "ko": 2, "es": 2, "de": 1}
	channelWeights = map[string]int{"rtm": 10, "msteams": 4, "ivrVoice": 3, "whatsapp": 3, "slack": 1}
	tierWeights    = map[string]int{"standard": 6, "gold": 2, "platinum": 1}
	topicWeights   = map[string]int{"balance": 5, "cards": 4, "transfer": 4, "loans": 2, "fraud": 1, "branch": 2}
)

// Add puts a session in the corpus (tests place sessions on window edges
// with it). A session with Messages > 0 and no Script gets a generated
// transcript of that length.
func (c *Corpus) Add(s Session) {
	if s.seed == 0 {
		s.seed = uint64(len(c.byID) + 1)
	}
	c.add(&s)
	c.sort()
}

func (c *Corpus) add(s *Session) {
	if _, dup := c.byID[s.ID]; dup {
		return
	}
	c.sessions = append(c.sessions, s)
	c.byID[s.ID] = s
}

func (c *Corpus) sort() {
	sort.SliceStable(c.sessions, func(i, j int) bool {
		if !c.sessions[i].Start.Equal(c.sessions[j].Start) {
			return c.sessions[i].Start.After(c.sessions[j].Start)
		}
		return c.sessions[i].ID < c.sessions[j].ID
	})
}

// Sessions lists the sessions, newest first. The slice is the corpus' own:
// do not change it.
func (c *Corpus) Sessions() []*Session { return c.sessions }

// Lookup finds a session by id.
func (c *Corpus) Lookup(id string) (*Session, bool) {
	s, ok := c.byID[id]
	return s, ok
}

// JSON is the session as getSessions sends it, in the field shapes of the
// API version the session was given.
func (s *Session) JSON(botID string) json.RawMessage {
	langs := make([]string, len(s.Langs))
	copy(langs, s.Langs)
	tags := func(ts []model.Tag) []map[string]string {
		out := make([]map[string]string, 0, len(ts))
		for _, t := range ts {
			out = append(out, map[string]string{"name": t.Name, "value": t.Value})
		}
		return out
	}
	status := "closed"
	if s.Active {
		status = "active"
	}
	m := map[string]any{
		"sessionId":             s.ID,
		"botId":                 botID,
		"channel":               s.Channel,
		"userId":                s.UserID,
		"start_time":            s.Start.UTC().Format("2006-01-02T15:04:05.000Z"),
		"end_time":              s.End.UTC().Format("2006-01-02T15:04:05.000Z"),
		"sessionStatus":         status,
		"noOfMessagesExchanged": s.Messages,
		"noOfTasksExecuted":     s.Tasks,
		"tags":                  map[string]any{"userTags": tags(s.UserTags), "sessionTags": tags(s.SessionTags), "altText": []any{}},
	}
	switch s.Shape {
	case 1: // v9: containment in sessionType, languages as an array, 1/0 flag
		m["sessionType"] = s.Containment.APIValue()
		m["session_lang"] = langs
		m["isDeveloper"] = map[bool]int{true: 1, false: 0}[s.Developer]
	case 2: // v8-like: one language string, no containment at all
		m["session_lang"] = langs[0]
		m["isDeveloper"] = s.Developer
	default: // v10
		m["containmentType"] = s.Containment.APIValue()
		m["sessionType"] = map[bool]string{true: "non-interactive", false: "interactive"}[s.NonInteractive]
		m["session_lang"] = langs
		m["isDeveloper"] = s.Developer
	}
	b, _ := json.Marshal(m)
	return b
}

// Transcript is the session's messages, oldest first. Generated ones are
// made on demand from the session's seed and kept for a while.
func (c *Corpus) Transcript(s *Session) []Msg {
	c.mu.Lock()
	if msgs, ok := c.cache[s.ID]; ok {
		c.mu.Unlock()
		return msgs
	}
	c.mu.Unlock()
	msgs := buildTranscript(c.BotID, s)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cache[s.ID] = msgs
	c.order = append(c.order, s.ID)
	if len(c.order) > 256 {
		delete(c.cache, c.order[0])
		c.order = c.order[1:]
	}
	return msgs
}

// Decoded is session s and its transcript as konvo's model reads what the
// server sends for them (konvo asks for voice turns' latency): the
// expected side of a test that compares what konvo stored or showed with
// what was served.
func (c *Corpus) Decoded(s *Session) (model.Session, []model.Message, error) {
	var ss model.Session
	if err := json.Unmarshal(s.JSON(c.BotID), &ss); err != nil {
		return ss, nil, fmt.Errorf("session %s: %w", s.ID, err)
	}
	var msgs []model.Message
	for _, km := range c.Transcript(s) {
		var m model.Message
		raw := km.Raw
		if km.WithLatency != nil {
			raw = km.WithLatency
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return ss, nil, fmt.Errorf("session %s, message %s: %w", s.ID, km.ID, err)
		}
		msgs = append(msgs, m)
	}
	return ss, msgs, nil
}
