package ui

// blockScroller is a selection and a scroll position over a column of
// blocks of lines of different heights (a transcript's messages): the
// first block on screen and how many of its lines are scrolled off, and
// the selected block. It lays nothing out itself; it asks its blocks.
type blockScroller struct {
	blocks       scrolledBlocks
	cursor       int // the selected block
	top, topLine int // the first line on screen
}

// scrolledBlocks is what a blockScroller scrolls over.
type scrolledBlocks interface {
	blockCount() int
	block(i int) []string // block i's lines at the current width
	bodyHeight() int      // the rows there are to show them in
	ended() bool          // all blocks are in: the end marker is a line
}

// keepPlace applies a change to how messages are laid out (details on or
// off) and scrolls so that the selected block starts on the same screen
// row as before: toggling a display option never loses the reader's place.
func (s *blockScroller) keepPlace(change func()) {
	row, visible := s.rowOf(s.cursor)
	change()
	if s.blocks.blockCount() == 0 {
		return
	}
	if !visible {
		s.selectBlock(s.cursor)
		return
	}
	s.top, s.topLine = s.cursor, 0
	s.scrollUp(row)
	s.clampScroll()
}

// rowOf is the screen row where block i starts, and whether it does on
// screen.
func (s *blockScroller) rowOf(i int) (int, bool) {
	if i < s.top || s.blocks.blockCount() == 0 {
		return 0, false
	}
	row := -s.topLine
	for j := s.top; j < i; j++ {
		row += len(s.blocks.block(j))
		if row >= s.blocks.bodyHeight() {
			return 0, false
		}
	}
	return max(row, 0), true
}

// linesBelow counts the lines from the top of the screen down, stopping
// at limit. Once everything has loaded, the end marker counts as a line,
// so scrolling to the bottom shows it.
func (s *blockScroller) linesBelow(limit int) int {
	n := 0
	i := s.top
	for ; i < s.blocks.blockCount() && n < limit; i++ {
		n += len(s.blocks.block(i))
		if i == s.top {
			n -= s.topLine
		}
	}
	if i == s.blocks.blockCount() && s.blocks.ended() {
		n++
	}
	return n
}

func (s *blockScroller) scrollDown(n int) {
	h := s.blocks.bodyHeight()
	for ; n > 0 && s.linesBelow(h+1) > h; n-- {
		if s.topLine+1 < len(s.blocks.block(s.top)) {
			s.topLine++
		} else if s.top+1 < s.blocks.blockCount() {
			s.top, s.topLine = s.top+1, 0
		} else {
			break
		}
	}
}

func (s *blockScroller) scrollUp(n int) {
	for ; n > 0; n-- {
		switch {
		case s.topLine > 0:
			s.topLine--
		case s.top > 0:
			s.top--
			s.topLine = max(len(s.blocks.block(s.top))-1, 0)
		default:
			return
		}
	}
}

// clampScroll keeps the position valid after blocks or sizes change,
// and the screen full when the end is reached.
func (s *blockScroller) clampScroll() {
	if s.blocks.blockCount() == 0 {
		s.top, s.topLine, s.cursor = 0, 0, 0
		return
	}
	s.top = clamp(s.top, 0, s.blocks.blockCount()-1)
	s.topLine = clamp(s.topLine, 0, max(len(s.blocks.block(s.top))-1, 0))
	s.cursor = clamp(s.cursor, 0, s.blocks.blockCount()-1)
	h := s.blocks.bodyHeight()
	for s.linesBelow(h) < h && (s.top > 0 || s.topLine > 0) {
		s.scrollUp(1)
	}
}

// lastVisible is the index of the last block with a line on screen.
func (s *blockScroller) lastVisible() int {
	h := s.blocks.bodyHeight()
	n := 0
	i := s.top
	for ; i < s.blocks.blockCount(); i++ {
		n += len(s.blocks.block(i))
		if i == s.top {
			n -= s.topLine
		}
		if n >= h {
			break
		}
	}
	return min(i, s.blocks.blockCount()-1)
}

// selectBlock moves the selection and scrolls just enough to show all of
// the selected block (or its start, when it is taller than the screen).
func (s *blockScroller) selectBlock(i int) {
	if s.blocks.blockCount() == 0 {
		return
	}
	s.cursor = clamp(i, 0, s.blocks.blockCount()-1)
	h := s.blocks.bodyHeight()
	if s.cursor < s.top || s.cursor == s.top && s.topLine > 0 {
		s.top, s.topLine = s.cursor, 0
		return
	}
	// Lines from the top of the screen to the end of the selection.
	need := -s.topLine
	for j := s.top; j <= s.cursor; j++ {
		need += len(s.blocks.block(j))
		if need > 3*h {
			break
		}
	}
	switch {
	case len(s.blocks.block(s.cursor)) >= h || need > 3*h:
		s.top, s.topLine = s.cursor, 0
		s.clampScroll()
	case need > h:
		s.scrollDown(need - h)
	}
}

// selectVisible keeps the selection on screen after a scroll.
func (s *blockScroller) selectVisible() {
	if s.blocks.blockCount() == 0 {
		return
	}
	last := s.lastVisible()
	if s.cursor < s.top {
		s.cursor = s.top
	}
	if s.cursor > last {
		s.cursor = last
	}
}

func (s *blockScroller) goEnd() {
	if s.blocks.blockCount() == 0 {
		return
	}
	s.cursor = s.blocks.blockCount() - 1
	s.top, s.topLine = s.cursor, 0
	s.clampScroll()
}
