package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"konvo/api"
	"konvo/model"
)

// fakeBlocks are blocks of given heights in a screen of h rows.
type fakeBlocks struct {
	heights []int
	h       int
	done    bool
}

func (f *fakeBlocks) blockCount() int { return len(f.heights) }
func (f *fakeBlocks) bodyHeight() int { return f.h }
func (f *fakeBlocks) ended() bool     { return f.done }
func (f *fakeBlocks) block(i int) []string {
	if i < 0 || i >= len(f.heights) {
		return nil
	}
	return strings.Split(strings.Repeat("x\n", f.heights[i]-1)+"x", "\n")
}

func scrollerOver(h int, done bool, heights ...int) (*blockScroller, *fakeBlocks) {
	f := &fakeBlocks{heights: heights, h: h, done: done}
	return &blockScroller{blocks: f}, f
}

func TestScrollerScrollsToTheEndAndNoFurther(t *testing.T) {
	for _, tc := range []struct {
		name             string
		done             bool
		top, topLine     int
		lastVisibleBlock int
	}{
		// 3+4+2+5 = 14 lines in 6 rows: the last 6 are block 2's 1 and
		// block 3's 5, or with the end marker block 3's 5 and it.
		{"loading", false, 2, 1, 3},
		{"ended", true, 3, 0, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := scrollerOver(6, tc.done, 3, 4, 2, 5)
			s.scrollDown(100)
			if s.top != tc.top || s.topLine != tc.topLine {
				t.Errorf("after scrolling down: top %d line %d, want %d line %d", s.top, s.topLine, tc.top, tc.topLine)
			}
			if got := s.lastVisible(); got != tc.lastVisibleBlock {
				t.Errorf("last visible %d, want %d", got, tc.lastVisibleBlock)
			}
			s.scrollUp(100)
			if s.top != 0 || s.topLine != 0 {
				t.Errorf("after scrolling up: top %d line %d", s.top, s.topLine)
			}
		})
	}
}

func TestScrollerSelectShowsTheWholeBlock(t *testing.T) {
	s, _ := scrollerOver(6, false, 3, 4, 2, 5, 9, 1)
	s.selectBlock(1) // ends on line 7: scroll one line
	if s.top != 0 || s.topLine != 1 || s.cursor != 1 {
		t.Errorf("select 1: top %d line %d cursor %d", s.top, s.topLine, s.cursor)
	}
	s.selectBlock(4) // taller than the screen: its start at the top
	if s.top != 4 || s.topLine != 0 {
		t.Errorf("select a tall block: top %d line %d", s.top, s.topLine)
	}
	s.selectBlock(0) // above the screen: it starts the screen
	if s.top != 0 || s.topLine != 0 || s.cursor != 0 {
		t.Errorf("select above: top %d line %d cursor %d", s.top, s.topLine, s.cursor)
	}
	s.selectBlock(99)
	if s.cursor != 5 {
		t.Errorf("select past the end: cursor %d", s.cursor)
	}
	s.scrollUp(100)
	s.selectVisible()
	if s.cursor != s.lastVisible() {
		t.Errorf("the selection scrolled off is brought back: cursor %d, last visible %d", s.cursor, s.lastVisible())
	}
}

func TestScrollerKeepsThePlaceWhenBlocksGrow(t *testing.T) {
	s, f := scrollerOver(10, true, 2, 2, 2, 2, 2, 2, 2, 2)
	s.scrollDown(3)
	s.cursor = 3
	before, visible := s.rowOf(3)
	if !visible {
		t.Fatal("block 3 is not on screen")
	}
	s.keepPlace(func() {
		for i := range f.heights {
			f.heights[i] = 3 // details on: every block a line taller
		}
	})
	if after, visible := s.rowOf(3); !visible || after != before {
		t.Errorf("block 3 moved from row %d to %d (visible %v)", before, after, visible)
	}
}

func TestScrollerClampsAfterBlocksShrink(t *testing.T) {
	s, f := scrollerOver(5, true, 4, 4, 4, 4)
	s.goEnd()
	if s.cursor != 3 || s.linesBelow(6) != 5 {
		t.Fatalf("goEnd: cursor %d, %d lines below", s.cursor, s.linesBelow(6))
	}
	f.heights = f.heights[:1]
	s.clampScroll()
	if s.top != 0 || s.topLine != 0 || s.cursor != 0 {
		t.Errorf("after the blocks shrank: top %d line %d cursor %d", s.top, s.topLine, s.cursor)
	}
	f.heights = nil
	s.clampScroll()
	s.keepPlace(func() {})
	s.selectBlock(2)
	s.goEnd()
	if s.top != 0 || s.cursor != 0 {
		t.Errorf("no blocks: top %d cursor %d", s.top, s.cursor)
	}
}

// TestReloadKeepsTheScroller: a reload resets the screen; it left the
// scroller without its blocks, and the next key panicked.
func TestReloadKeepsTheScroller(t *testing.T) {
	msgs := make([]model.Message, 40)
	for i := range msgs {
		msgs[i] = model.Message{ID: fmt.Sprintf("ms-%d", i), Direction: "incoming", Components: []model.Component{{Type: "text", Data: json.RawMessage(fmt.Sprintf(`{"text":"hello %d"}`, i))}}}
	}
	d := benchDeps(t)
	d.ctx = context.Background()
	ts := newTranscriptWith(d, model.Session{ID: "s-1"}, msgs)
	ts.resize(80, 24)
	ts.pager = &endlessTranscript{}
	ts.reload()
	ts.stop() // the fetch it started is never run here
	ts.receive(transcriptMsg{to: ts, gen: ts.gen, page: api.TranscriptPage{Messages: msgs}, total: len(msgs)})
	ts.scrollDown(5)
	ts.goEnd()
	if ts.cursor != len(msgs)-1 {
		t.Errorf("after a reload and G: cursor %d of %d", ts.cursor, len(msgs))
	}
}
