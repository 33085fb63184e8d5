package main

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs eight tests at a time unless -parallel says otherwise.
// These tests spend most of their time waiting (on a loopback server, a
// terminal in tmux, a paced client), not computing: at the default of one
// per core, two cores sat idle for most of the package's run (39 s; four
// at a time, 25 s; eight, 14 s alone and the same CPU).
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "8")
	}
	dir, err := os.MkdirTemp("", "konvo-bin-")
	if err != nil {
		panic(err)
	}
	testBinDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testBinDir holds what the tests build once for all of them (the konvo
// binary), removed when they end.
var testBinDir string
