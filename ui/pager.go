package ui

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// pagerDoneMsg says the pager has exited.
type pagerDoneMsg struct {
	to  *transcriptScreen
	err error
}

func (m pagerDoneMsg) owner() screen { return m.to }

// openPager hands the transcript as text to $PAGER (less -R when unset)
// on its standard input: it never touches the disk, so no file of it is
// left behind when konvo is killed (a SIGHUP while paging used to leave
// one in /tmp). less and its kin read keys from the terminal itself.
// konvo gives the pager the terminal and takes it back where it was.
func (s *transcriptScreen) openPager() tea.Cmd {
	if s.d.remote {
		s.flash.set("konvo serve starts no program on the server; " + s.d.keys.Key(CopyAll) + " copies the transcript to your clipboard")
		return nil
	}
	argv, text := s.pagerArgs()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(text)
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		if err != nil {
			err = fmt.Errorf("the pager (%s): %w", strings.Join(argv, " "), err)
		}
		return pagerDoneMsg{to: s, err: err}
	})
}

// pagerArgs are the pager's command line, opening at the message being
// read when the pager takes a line, and the text to give it.
func (s *transcriptScreen) pagerArgs() ([]string, string) {
	argv := strings.Fields(s.d.getenv("PAGER"))
	if len(argv) == 0 {
		argv = []string{"less", "-R"}
	}
	text, starts := s.transcriptTextAt()
	if s.cursor >= 0 && s.cursor < len(starts) && opensAtLine(argv[0]) {
		argv = append(argv, fmt.Sprintf("+%d", starts[s.cursor]))
	}
	return argv, text
}

// opensAtLine reports whether the pager takes "+N" for "start at line N":
// less, more, most and vi-like pagers do; anything else is given none.
func opensAtLine(pager string) bool {
	switch filepath.Base(pager) {
	case "less", "more", "most", "vi", "vim", "nvim", "view":
		return true
	}
	return false
}
