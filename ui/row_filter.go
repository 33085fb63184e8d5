package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"konvo/model"
)

// rowFilter is the list's "/" text, compiled: a row matches when it holds
// every term, in any order. A term matches a substring of any field (any
// case), or, three letters or more, a fuzzy match of one of the row's
// words (channel, containment, language, status, tags: "whtsp" finds
// whatsapp). Ids are matched by substring only: fuzzy over random hex
// would match nearly anything. Fuzzy answers are kept per distinct word,
// so a key press costs one fuzzy match per word the rows use, not per
// row.
type rowFilter struct {
	terms []string
	fuzzy []map[string]bool // per term: word → whether it matches
}

// newRowFilter compiles q; nil (matches every row) when q is empty.
func newRowFilter(q string) *rowFilter {
	terms := strings.Fields(strings.ToLower(q))
	if len(terms) == 0 {
		return nil
	}
	f := &rowFilter{terms: terms, fuzzy: make([]map[string]bool, len(terms))}
	for i, t := range terms {
		if utf8.RuneCountInString(t) >= 3 {
			f.fuzzy[i] = map[string]bool{}
		}
	}
	return f
}

// matches reports whether a row holds every term; words gives its
// words (rowWords).
func (f *rowFilter) matches(words func() []string) bool {
	if f == nil {
		return true
	}
	for i, term := range f.terms {
		w := words()
		if strings.Contains(w[0], term) {
			continue // the ids, by substring only
		}
		if !f.holds(i, term, w[1:]) {
			return false
		}
	}
	return true
}

// holds reports whether one of words holds term, or fuzzy-matches it.
func (f *rowFilter) holds(i int, term string, words []string) bool {
	for _, w := range words {
		if strings.Contains(w, term) {
			return true
		}
	}
	memo := f.fuzzy[i]
	if memo == nil {
		return false
	}
	for _, w := range words {
		ok, seen := memo[w]
		if !seen {
			ok = len(fuzzy.FindNoSort(term, []string{w})) > 0
			memo[w] = ok
		}
		if ok {
			return true
		}
	}
	return false
}

// rowWords are the fields a term may match, lower case: first the ids
// (session and user, one string), then the words fuzzy may match.
func rowWords(s model.Session) []string {
	words := []string{strings.ToLower(s.ID + "\x00" + s.UserID), strings.ToLower(s.Channel), strings.ToLower(channelLabel(s.Channel)), strings.ToLower(s.Status)}
	for _, l := range s.Languages {
		words = append(words, strings.ToLower(l))
	}
	if s.ContainmentKnown {
		words = append(words, strings.ToLower(s.Containment.Label()), strings.ToLower(s.Containment.String()))
	}
	for _, group := range [][]model.Tag{s.SessionTags, s.UserTags, s.AltText} {
		for _, t := range group {
			words = append(words, strings.ToLower(t.Name+"="+t.Value))
		}
	}
	return words
}
