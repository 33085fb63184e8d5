package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// engineer is who a key belongs to: the key's comment in the authorized
// keys file (alice@support), or its fingerprint when it has none.
type engineer struct {
	name, fingerprint string
	options           []string // the key line's options (from=, no-pty…)
	unmask            bool     // the comment grants konvo:unmask
}

// Engineer is who connected, as App is told: the name the key's comment
// gives, the key's fingerprint, and whether the comment carries
// UnmaskGrant (the engineer may see personal data, audited).
type Engineer struct {
	Name, Fingerprint string
	Unmask            bool
}

// UnmaskGrant is the word in an authorized_keys comment that lets the
// engineer unmask personal data: "ssh-ed25519 AAAA… alice konvo:unmask".
const UnmaskGrant = "konvo:unmask"

// lookupKey finds key in the authorized keys file. The file is read on
// every attempt, so a key removed from it is refused at once, with no
// restart.
func lookupKey(path string, key ssh.PublicKey) (engineer, bool, error) {
	fp := gossh.FingerprintSHA256(key)
	data, err := os.ReadFile(path)
	if err != nil {
		return engineer{fingerprint: fp}, false, fmt.Errorf("authorized keys: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			continue // one bad line must not lock everyone out
		}
		if ssh.KeysEqual(k, key) {
			var words []string
			unmask := false
			for _, w := range strings.Fields(comment) {
				if w == UnmaskGrant {
					unmask = true
					continue
				}
				words = append(words, w)
			}
			name := strings.Join(words, " ")
			if name == "" {
				name = fp
			}
			return engineer{name: name, fingerprint: fp, options: options, unmask: unmask}, true, nil
		}
	}
	return engineer{fingerprint: fp}, false, nil
}
