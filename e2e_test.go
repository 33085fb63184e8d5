package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// tmuxTerm drives a real terminal: konvo runs inside a tmux session on a
// private server; keys go in with send-keys and the screen comes back
// with capture-pane.
type tmuxTerm struct {
	t      *testing.T
	socket string
}

func (m *tmuxTerm) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", m.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (m *tmuxTerm) screen() string {
	out, _ := m.tmux("capture-pane", "-p", "-t", "konvo")
	return out
}

// waitFor polls the pane until it shows want; it never sleeps and hopes.
func (m *tmuxTerm) waitFor(want string, timeout time.Duration) string {
	m.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := m.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("timed out after %v waiting for %q; the screen:\n%s", timeout, want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitGone polls until the pane no longer shows text.
func (m *tmuxTerm) waitGone(text string, timeout time.Duration) {
	m.t.Helper()
	deadline := time.Now().Add(timeout)
	for strings.Contains(m.screen(), text) {
		if time.Now().After(deadline) {
			m.t.Fatalf("timed out after %v waiting for %q to go; the screen:\n%s", timeout, text, m.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (m *tmuxTerm) keys(keys ...string) {
	m.t.Helper()
	if out, err := m.tmux(append([]string{"send-keys", "-t", "konvo"}, keys...)...); err != nil {
		m.t.Fatalf("send-keys %v: %v %s", keys, err, out)
	}
}

// text types literally (no key-name lookup).
func (m *tmuxTerm) text(s string) { m.keys("-l", s) }

// buildKonvo is the konvo binary, built once for the tests that run it
// (a build is seconds of linking; two tests each built their own).
func buildKonvo(t *testing.T) string {
	t.Helper()
	bin, err := built()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

var built = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(testBinDir, "konvo")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build: %w", err)
	}
	return bin, nil
})

func TestEndToEndInTmux(t *testing.T) {
	t.Parallel() // independent: its own server and terminal
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed")
	}
	bin := buildKonvo(t)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel() // each its own tmux server, home and demo
			m := &tmuxTerm{t: t, socket: fmt.Sprintf("konvo-e2e-%d-%d", os.Getpid(), size[0])}
			errFile := filepath.Join(t.TempDir(), "stderr")
			home := t.TempDir()
			// A stub pager that keeps what it was given on its input and exits.
			pagerOut := filepath.Join(home, "paged.txt")
			pager := filepath.Join(home, "pager.sh")
			if err := os.WriteFile(pager, []byte("#!/bin/sh\ncat > "+pagerOut+"\n"), 0o700); err != nil {
				t.Fatal(err)
			}
			cmd := fmt.Sprintf("env HOME=%s TERM=xterm-256color PAGER=%s %s --demo 2>%s", home, pager, bin, errFile)
			if out, err := m.tmux("new-session", "-d", "-s", "konvo", "-x", fmt.Sprint(size[0]), "-y", fmt.Sprint(size[1]), cmd); err != nil {
				t.Fatalf("tmux: %v %s", err, out)
			}
			t.Cleanup(func() {
				_, _ = m.tmux("kill-server")
				if b, _ := os.ReadFile(errFile); len(bytes.TrimSpace(b)) > 0 {
					t.Logf("konvo's stderr:\n%s", b)
				}
			})
			// The sessions screen, with every tab's count.
			s := m.waitFor("1/100 · 100 of", 20*time.Second)
			for _, want := range []string{"konvo", "1 All", "2 Self-service", "3 Drop-off", "4 Agent", "Start", "Containment", "f filter"} {
				if !strings.Contains(s, want) {
					t.Errorf("sessions screen lacks %q:\n%s", want, s)
				}
			}
			// A line wider than the terminal would wrap and push the
			// header off the top: the frame must be exactly the header,
			// the rows, the status line and the help line.
			lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
			if len(lines) != size[1] || !strings.HasPrefix(lines[0], "konvo") || !strings.Contains(lines[size[1]-2], "1/100") || !strings.Contains(lines[size[1]-1], "q quit") {
				t.Errorf("the frame does not fit %dx%d:\n%s", size[0], size[1], s)
			}
			m.keys("j", "j", "j")
			m.waitFor("4/100", 5*time.Second)
			m.keys("3")
			s = m.waitFor("1/100 · 100 of", 5*time.Second) // the drop-off tab's own list
			for _, row := range strings.Split(s, "\n")[3 : size[1]-3] {
				if strings.TrimSpace(row) != "" && !strings.Contains(row, "Drop-off") {
					t.Errorf("a row that is not a drop-off on the drop-off tab: %q", row)
				}
			}
			m.keys("1")
			m.waitFor("4/100", 5*time.Second)
			m.keys("?")
			m.waitFor("› keys", 5*time.Second)
			m.keys("?")
			m.waitFor("4/100", 5*time.Second)

			// Jump to the showcase session and open its transcript.
			m.keys(":")
			m.text("showcase-everything")
			m.keys("Enter") // one id, found: its transcript opens at once
			s = m.waitFor("› session showcase-everything", 10*time.Second)
			m.waitFor("Hello! I'm the Acme Bank assistant.", 10*time.Second)
			if !strings.Contains(s, "showcase@example.com") {
				t.Errorf("transcript header lacks the user:\n%s", s)
			}
			// o hands the transcript to $PAGER and comes back to the same
			// place when it exits.
			m.keys("j", "j")
			before := m.waitFor("3/62", 5*time.Second)
			m.keys("o")
			deadline := time.Now().Add(5 * time.Second)
			for {
				if b, _ := os.ReadFile(pagerOut); strings.Contains(string(b), "Session   showcase-everything") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the pager was not given the transcript")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if after := m.waitFor("3/62", 5*time.Second); after != before {
				t.Errorf("the place changed after the pager:\n%s\nwas:\n%s", after, before)
			}
			m.keys("/")
			m.text("Harbour")
			m.keys("Enter")
			m.waitFor("match 1 of 2", 5*time.Second)
			m.keys("n")
			m.waitFor("card 2 of 5", 5*time.Second)
			m.keys("G")
			s = m.waitFor("— end of transcript —", 10*time.Second)
			if !strings.Contains(s, "␛[31mred") && !strings.Contains(s, "gnp.exe") {
				t.Errorf("the hostile messages are not shown neutralised:\n%s", s)
			}
			// A lone ESC must be told from the start of an alt-key, so each
			// press is waited out before the next.
			m.keys("J")
			m.waitFor("raw JSON of ms-showcase-everything-00061", 5*time.Second)
			m.keys("Escape")
			m.waitGone("raw JSON of", 5*time.Second)
			m.waitFor("· /Harbour", 5*time.Second)
			m.keys("Escape") // clears the search
			m.waitGone("· /Harbour", 5*time.Second)
			m.keys("Escape") // back to the list, where it was
			m.waitFor("4/100", 5*time.Second)
			m.keys("q")
			deadline = time.Now().Add(5 * time.Second)
			for {
				if _, err := m.tmux("has-session", "-t", "konvo"); err != nil {
					break // konvo quit and the session ended
				}
				if time.Now().After(deadline) {
					t.Fatalf("konvo did not quit on q:\n%s", m.screen())
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// TestServeOverSSHInTmux: an engineer's OpenSSH client, inside tmux at
// 80x24, reaches konvo serve: the list with their name, a transcript,
// a copy through OSC 52, and a clean quit, as locally.
func TestServeOverSSHInTmux(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"tmux", "ssh"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	bin := buildKonvo(t)
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	idFile := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(idFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, _ := gossh.NewSignerFromKey(priv)
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " alice@support\n"
	if err := os.WriteFile(filepath.Join(dir, "team.keys"), []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	serve := exec.Command(bin, "serve", "--demo", "--addr", addr, "--authorized-keys", filepath.Join(dir, "team.keys"),
		"--host-key", filepath.Join(dir, "host"), "--audit-log", filepath.Join(dir, "audit.jsonl"))
	serve.Env = append(os.Environ(), "HOME="+dir)
	var serveErr bytes.Buffer
	serve.Stderr = &serveErr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = serve.Process.Signal(syscall.SIGTERM)
		_ = serve.Wait()
	})
	_, port, _ := net.SplitHostPort(addr)
	m := &tmuxTerm{t: t, socket: fmt.Sprintf("konvo-serve-%d", os.Getpid())}
	ssh := fmt.Sprintf("ssh -tt -p %s -i %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectionAttempts=20 127.0.0.1", port, idFile)
	if out, err := m.tmux("new-session", "-d", "-s", "konvo", "-x", "80", "-y", "24", "env TERM=xterm-256color "+ssh+"; sleep 30"); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { _, _ = m.tmux("kill-server") })
	s := m.waitFor("1/100 · 100 of", 20*time.Second)
	if !strings.Contains(s, "alice@support") {
		t.Errorf("the header does not name the engineer:\n%s", s)
	}
	if lines := strings.Split(strings.TrimRight(s, "\n"), "\n"); len(lines) != 24 || !strings.HasPrefix(lines[0], "konvo") {
		t.Errorf("the frame does not fit 80x24:\n%s", s)
	}
	m.keys(":")
	m.text("showcase-text")
	m.keys("Enter")
	m.waitFor("› session showcase-text", 10*time.Second)
	m.waitFor("6 of 6 messages", 10*time.Second)
	m.keys("Y")
	m.waitFor("copied the transcript", 5*time.Second)
	m.keys("q")
	m.waitGone("› session", 5*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(dir, "audit.jsonl"))
		if strings.Contains(string(b), `"event":"disconnect"`) && strings.Contains(string(b), `"event":"copy"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the audit log lacks the copy or the disconnect:\n%s\nserver: %s", b, serveErr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
