package ui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// pagerDoneMsg says the pager has exited.
type pagerDoneMsg struct {
	to  *transcriptScreen
	err error
}

func (m pagerDoneMsg) owner() screen { return m.to }

// openPager hands the transcript as text to $PAGER (less -R when unset),
// through a file only the user can read, removed when the pager exits.
// konvo gives the pager the terminal and takes it back where it was.
func (s *transcriptScreen) openPager() tea.Cmd {
	if s.d.remote {
		s.flash.set("konvo serve starts no program on the server; " + s.d.keys.Key(CopyAll) + " copies the transcript to your clipboard")
		return nil
	}
	argv := strings.Fields(s.d.getenv("PAGER"))
	if len(argv) == 0 {
		argv = []string{"less", "-R"}
	}
	f, err := os.CreateTemp("", "konvo-*.txt")
	if err != nil {
		s.flash.set("no pager: " + err.Error())
		return nil
	}
	name := f.Name()
	_, werr := f.WriteString(s.transcriptText())
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(name)
		s.flash.set("no pager: " + werr.Error())
		return nil
	}
	cmd := exec.Command(argv[0], append(argv[1:], name)...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		os.Remove(name)
		if err != nil {
			err = fmt.Errorf("the pager (%s): %w", strings.Join(argv, " "), err)
		}
		return pagerDoneMsg{to: s, err: err}
	})
}
