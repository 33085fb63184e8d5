package api

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// sameOrigin compares scheme, host and port, with default ports spelled
// out: a redirect may stay within them and nowhere else.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(strings.TrimSuffix(a.Hostname(), "."), strings.TrimSuffix(b.Hostname(), ".")) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// isLoopback accepts localhost and loopback addresses only: a token may
// travel in clear text to this machine and nowhere else. IPv4 is read as
// inet_aton reads it, so the short forms a resolver accepts (127.1,
// 0x7f.1, 2130706433) count as what they are.
func isLoopback(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	if v4, ok := parseInetAton(host); ok {
		return v4>>24 == 127
	}
	return false
}

// parseInetAton reads a.b.c.d, a.b.c, a.b and a, each part decimal, octal
// (leading 0) or hex (0x), the last part filling the remaining bytes.
func parseInetAton(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if len(parts) == 0 || len(parts) > 4 {
		return 0, false
	}
	var vals []uint64
	for _, p := range parts {
		if p == "" {
			return 0, false
		}
		v, err := strconv.ParseUint(p, 0, 32)
		if err != nil {
			return 0, false
		}
		vals = append(vals, v)
	}
	var out uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 0xff {
			return 0, false
		}
		out |= v << (24 - 8*uint(i))
	}
	last := vals[len(vals)-1]
	if bits := 8 * uint(4-len(vals)+1); last >= 1<<bits {
		return 0, false
	}
	return uint32(out | last), true
}
