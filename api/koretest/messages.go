package koretest

import (
	"compress/gzip"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

type messagesRequest struct {
	UserID      string      `json:"userId"`
	SessionID   flexStrings `json:"sessionId"`
	Skip        flexInt     `json:"skip"`
	Offset      flexInt     `json:"offset"`
	Limit       flexInt     `json:"limit"`
	DateFrom    string      `json:"dateFrom"`
	DateTo      string      `json:"dateTo"`
	ChannelType string      `json:"channelType"`
	Forward     *bool       `json:"forward"`
	MsgID       string      `json:"msgId"`
	Direction   flexInt     `json:"direction"`
	Tags        *tagsQuery  `json:"tags"`
	// IncludeLatency asks for voice turns' latency, as the newer API does.
	IncludeLatency bool `json:"includeLatency"`
	// IncludeSecureForm asks getMessagesV2 for what a user typed into a
	// secure form.
	IncludeSecureForm bool `json:"includeSecureForm"`
}

// fromQuery reads a GET request's parameters.
func (m *messagesRequest) fromQuery(r *http.Request) error {
	q := r.URL.Query()
	m.UserID, m.DateFrom, m.DateTo, m.ChannelType, m.MsgID = q.Get("userId"), q.Get("dateFrom"), q.Get("dateTo"), q.Get("channelType"), q.Get("msgId")
	if id := q.Get("sessionId"); id != "" {
		m.SessionID = strings.Split(id, ",")
	}
	for key, dst := range map[string]*flexInt{"skip": &m.Skip, "offset": &m.Offset, "limit": &m.Limit, "direction": &m.Direction} {
		if v := q.Get(key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return err
			}
			*dst = flexInt{n, true}
		}
	}
	if v := q.Get("forward"); v != "" {
		b := v == "true" || v == "1"
		m.Forward = &b
	}
	if v := q.Get("tags"); v != "" {
		m.Tags = &tagsQuery{}
		return json.Unmarshal([]byte(v), m.Tags)
	}
	return nil
}

func (s *Server) getMessages(w http.ResponseWriter, r *http.Request, body []byte) int {
	return s.messages(w, r, body, false)
}

// maxV2Page is how many messages a getMessagesV2 page holds at most.
const maxV2Page = 10000

// getMessagesV2 is getMessages with pages of up to 10,000 messages and
// gzip, leaving out alert and action task messages, as documented.
// (guard compresses its responses).
func (s *Server) getMessagesV2(w http.ResponseWriter, r *http.Request, body []byte) int {
	return s.messages(w, r, body, true)
}

// gzipped compresses what is written to w when the client accepts it;
// close flushes the compressor.
func gzipped(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, func()) {
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		return w, func() {}
	}
	gz := &gzipWriter{ResponseWriter: w, z: gzip.NewWriter(w)}
	w.Header().Set("Content-Encoding", "gzip")
	return gz, func() { gz.z.Close() }
}

// gzipWriter compresses a response body.
type gzipWriter struct {
	http.ResponseWriter
	z *gzip.Writer
}

func (g *gzipWriter) Write(b []byte) (int, error) { return g.z.Write(b) }

// leftOutOfV2 reports the kinds getMessagesV2 does not return: alert (ms
// 0) and action (ms 2) task messages.
func leftOutOfV2(raw json.RawMessage) bool {
	var m struct {
		MS *int `json:"ms"`
	}
	_ = json.Unmarshal(raw, &m)
	return m.MS != nil && (*m.MS == 0 || *m.MS == 2)
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request, body []byte, v2 bool) int {
	var req messagesRequest
	if r.Method == http.MethodGet {
		if err := req.fromQuery(r); err != nil {
			return badRequest(w, "Invalid query: %v", err)
		}
		if req.UserID == "" {
			return badRequest(w, "userId is required")
		}
	} else if len(body) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return badRequest(w, "Invalid request body: %v", err)
		}
	}
	if most := map[bool]int{false: s.opts.MaxSessionIDs, true: s.opts.MaxV2SessionIDs}[v2]; len(req.SessionID) > most {
		return badRequest(w, "sessionId accepts at most %d ids", most)
	}
	from, to, err := dateRange(req.DateFrom, req.DateTo, s.now())
	if err != nil {
		return badRequest(w, "%v", err)
	}
	// channelType defaults to rtm, as documented, unless sessions are named.
	channel := req.ChannelType
	if channel == "" && len(req.SessionID) == 0 {
		channel = "rtm"
	}
	c := s.opts.Corpus
	var sessions []*Session
	if len(req.SessionID) > 0 {
		for _, id := range req.SessionID {
			if sess, ok := c.Lookup(id); ok {
				sessions = append(sessions, sess)
			}
		}
	} else {
		for _, sess := range c.Sessions() {
			if (req.UserID == "" || sess.UserID == req.UserID) && sess.End.After(from) && sess.Start.Before(to) {
				sessions = append(sessions, sess)
			}
		}
	}
	// Pointers into the cached transcripts: a Msg is 176 bytes, and
	// gathering, sorting and paging copies of them was a tenth of the CPU
	// of the tests that sync through koretest.
	var all []*Msg
	for _, sess := range sessions {
		if req.UserID != "" && sess.UserID != req.UserID {
			continue
		}
		if channel != "" && !strings.EqualFold(sess.Channel, channel) {
			continue
		}
		if req.Tags != nil && !sessionTagsMatch(sess, req.Tags) {
			continue
		}
		msgs := c.Transcript(sess)
		for i := range msgs {
			m := &msgs[i]
			if v2 && leftOutOfV2(m.Raw) {
				continue
			}
			if !m.Created.Before(from) && m.Created.Before(to) && messageTagsMatch(*m, req.Tags) {
				all = append(all, m)
			}
		}
	}
	sortMsgs(all)
	all = aroundMsg(all, req.MsgID, req.Direction.N)
	if req.Forward == nil || !*req.Forward {
		for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
			all[i], all[j] = all[j], all[i]
		}
	}
	maxPage := s.opts.MaxMessagePage
	if v2 {
		maxPage = maxV2Page
	}
	skip, limit, ok := pageBounds(req.Skip, req.Offset, req.Limit, maxPage)
	if !ok {
		return badRequest(w, "skip must not be negative")
	}
	return writePage(w, "messages", all, skip, limit, func(m *Msg) json.RawMessage {
		switch {
		case v2 && req.IncludeLatency && m.V2WithLatency != nil:
			return m.V2WithLatency
		case v2 && m.V2 != nil:
			return m.V2
		case req.IncludeLatency && m.WithLatency != nil:
			return m.WithLatency
		}
		return m.Raw
	})
}

func sortMsgs(ms []*Msg) {
	// Transcripts are each in order; a stable sort by time keeps them so.
	slices.SortStableFunc(ms, func(a, b *Msg) int { return a.Created.Compare(b.Created) })
}

// aroundMsg keeps the messages before (direction < 0), after (> 0) or on
// both sides of (0) the message msgID, as getMessages' msgId parameter does.
func aroundMsg(ms []*Msg, msgID string, direction int) []*Msg {
	if msgID == "" {
		return ms
	}
	for i, m := range ms {
		if m.ID != msgID {
			continue
		}
		switch {
		case direction < 0:
			return ms[:i]
		case direction > 0:
			return ms[i+1:]
		}
		return append(append([]*Msg(nil), ms[:i]...), ms[i+1:]...)
	}
	return nil
}

func sessionTagsMatch(sess *Session, q *tagsQuery) bool {
	for _, cond := range q.And {
		switch cond.Type {
		case "user":
			if !hasTag(sess.UserTags, cond) {
				return false
			}
		case "session":
			if !hasTag(sess.SessionTags, cond) {
				return false
			}
		}
	}
	return true
}

func messageTagsMatch(m Msg, q *tagsQuery) bool {
	if q == nil {
		return true
	}
	for _, cond := range q.And {
		if cond.Type == "message" && !hasTag(m.Tags, cond) {
			return false
		}
	}
	return true
}
