package main

import (
	"io"
	"time"

	"konvo/api"
	konvocli "konvo/ui/cli"
)

// runEnv is what the root tests run konvo with: cli.Env with konvo's look.
type runEnv struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	stderrTTY      bool
	width          func() int
	now            func() time.Time
	tune           func(*api.Options)
}

// run is konvo's command line, as main runs it.
func run(args []string, e runEnv) int {
	return konvocli.Run(args, konvocli.Env{Getenv: e.getenv, Stdin: e.stdin, Stdout: e.stdout, Stderr: e.stderr, StderrTTY: e.stderrTTY,
		Width: e.width, Now: e.now, Tune: e.tune, Look: look()})
}

const (
	exitOK    = konvocli.ExitOK
	exitError = konvocli.ExitError
	exitUsage = konvocli.ExitUsage
)
