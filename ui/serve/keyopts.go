package serve

import (
	"fmt"
	"net"
	"path"
	"strings"
	"time"
)

// checkOptions applies an authorized_keys line's options as OpenSSH means
// them (sshd(8), AUTHORIZED_KEYS FILE FORMAT), for a connection from
// remote at now. An option konvo honours is honoured; one that limits
// what konvo never offers (forwarding, X11, rc files) holds by itself;
// one konvo cannot honour refuses the key, saying which. None is ignored.
func checkOptions(opts []string, remote net.Addr, now time.Time) error {
	pty := true
	for _, opt := range opts {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		value = unquote(value)
		switch name {
		case "from":
			if !hasValue {
				return fmt.Errorf("from= without patterns")
			}
			if !fromAllows(value, remote) {
				return fmt.Errorf("from=%q does not allow %s", value, hostOf(remote))
			}
		case "expiry-time":
			exp, err := parseExpiry(value)
			if err != nil {
				return fmt.Errorf("expiry-time=%q: %v", value, err)
			}
			if !now.Before(exp) {
				return fmt.Errorf("the key expired at %s (expiry-time)", exp.UTC().Format(time.RFC3339))
			}
		case "restrict":
			pty = false // restrict takes the terminal too, unless pty follows
		case "no-pty":
			pty = false
		case "pty":
			pty = true
		case "command":
			return fmt.Errorf("command=%q forces a command; konvo serve runs only konvo", value)
		case "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc",
			"port-forwarding", "agent-forwarding", "x11-forwarding", "user-rc", "permitopen", "permitlisten", "tunnel":
			// konvo serve offers no forwarding, tunnels, X11 or rc files:
			// these hold whatever they say.
		default:
			// environment=, cert-authority, principals=, verify-required,
			// no-touch-required and any newer option: konvo cannot do what
			// they ask, so the key is refused rather than let in loosely.
			return fmt.Errorf("option %q is one konvo serve cannot honour", name)
		}
	}
	if !pty {
		return fmt.Errorf("the key may not open a terminal (no-pty or restrict), and konvo is a terminal app")
	}
	return nil
}

func unquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return strings.ReplaceAll(v, `\"`, `"`)
}

// fromAllows matches the remote address against a from= pattern list:
// comma-separated host patterns with * and ?, CIDR blocks, any of them
// negated with !. A negated match refuses; otherwise one match allows.
// konvo does not resolve names: a pattern matches the address as text.
func fromAllows(list string, remote net.Addr) bool {
	host := hostOf(remote)
	ip := net.ParseIP(host)
	allowed := false
	for _, pat := range strings.Split(list, ",") {
		pat = strings.TrimSpace(pat)
		neg := strings.HasPrefix(pat, "!")
		pat = strings.TrimPrefix(pat, "!")
		if pat == "" {
			continue
		}
		var match bool
		if _, block, err := net.ParseCIDR(pat); err == nil {
			match = ip != nil && block.Contains(ip)
		} else {
			match, _ = path.Match(strings.ToLower(pat), strings.ToLower(host))
		}
		if match && neg {
			return false
		}
		allowed = allowed || match
	}
	return allowed
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return h
}

// parseExpiry reads YYYYMMDD[HHMM[SS]] in local time, or in UTC with a
// trailing Z, as sshd does.
func parseExpiry(v string) (time.Time, error) {
	loc := time.Local
	if strings.HasSuffix(v, "Z") {
		v, loc = strings.TrimSuffix(v, "Z"), time.UTC
	}
	for _, layout := range []string{"20060102150405", "200601021504", "20060102"} {
		if len(v) == len(layout) {
			return time.ParseInLocation(layout, v, loc)
		}
	}
	return time.Time{}, fmt.Errorf("want YYYYMMDD or YYYYMMDDHHMM[SS]")
}
