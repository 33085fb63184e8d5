// Command konvo is a terminal browser for Kore.ai bot conversations.
//
// main is wiring only: the outside world (the environment, the terminal,
// the clock) and konvo's look (keymap.go, theme.go) handed to the
// command line in ui/cli, whose table of commands does the rest.
package main

import (
	"os"
	"time"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"github.com/charmbracelet/x/term"

	konvocli "konvo/ui/cli"
)

func main() {
	os.Exit(konvocli.Run(os.Args[1:], konvocli.Env{
		Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StderrTTY: term.IsTerminal(os.Stderr.Fd()), Now: time.Now,
		Width: func() int {
			w, _, err := term.GetSize(os.Stderr.Fd())
			if err != nil {
				return 0
			}
			return w
		},
		Look: look(),
	}))
}

// look is konvo's keys and themes, as keymap.go and theme.go define them.
func look() konvocli.Look {
	return konvocli.Look{Keys: defaultKeyMap, Rebind: applyKeyBindings, Theme: themeFor}
}
