package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultHost is Kore.ai's main cloud.
const DefaultHost = "https://bots.kore.ai"

// Options configure a Client. Only Credentials is required.
type Options struct {
	Host        string // default DefaultHost
	BotID       string // empty: the admin-console routes, across bots
	Credentials Credentials
	HTTPClient  *http.Client
	Limits      Limits // default DefaultPerMinute and DefaultPerHour
	// MaxAttempts bounds the tries of one request (default 5).
	MaxAttempts int
	// BackoffBase and BackoffMax shape the exponential back-off with full
	// jitter between tries (default 500 ms and 30 s).
	BackoffBase, BackoffMax time.Duration
	// SessionPageSize and MessagePageSize are the limit asked per page
	// (default 100 each: the documented samples' size and v1's maximum).
	SessionPageSize, MessagePageSize int
	// TranscriptBatch is how many sessions one batched getMessages call
	// names (default and maximum 50).
	TranscriptBatch int
	Now             func() time.Time
}

// Client talks to one Kore.ai host for one bot (or the admin console).
type Client struct {
	base  *url.URL
	bot   string
	creds Credentials
	http  *http.Client
	sched *Scheduler
	opts  Options
	now   func() time.Time
}

// maxBody bounds a response body: a page of 10,000 messages of rich
// templates stays well under it, a runaway response does not.
const maxBody = 256 << 20

// New checks the options and makes a Client.
func New(o Options) (*Client, error) {
	if o.Credentials == nil {
		return nil, errors.New("no credentials: give a client id and secret, or a token")
	}
	if o.Host == "" {
		o.Host = DefaultHost
	}
	base, err := url.Parse(strings.TrimRight(o.Host, "/"))
	if err != nil || base.Host == "" || (base.Scheme != "https" && base.Scheme != "http") {
		return nil, fmt.Errorf("host %q: want a URL like https://bots.kore.ai", o.Host)
	}
	if base.Scheme == "http" && !isLoopback(base.Hostname()) {
		return nil, fmt.Errorf("host %s: %w", base.Host, ErrInsecureHost)
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if o.Limits == (Limits{}) {
		o.Limits = Limits{PerMinute: DefaultPerMinute, PerHour: DefaultPerHour}
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = 500 * time.Millisecond
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = 30 * time.Second
	}
	if o.SessionPageSize <= 0 {
		o.SessionPageSize = 100
	}
	if o.MessagePageSize <= 0 {
		o.MessagePageSize = 100
	}
	if o.TranscriptBatch <= 0 || o.TranscriptBatch > 50 {
		o.TranscriptBatch = 50
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Client{
		base: base, bot: o.BotID, creds: o.Credentials, http: o.HTTPClient,
		sched: NewScheduler(o.Limits, o.Now), opts: o, now: o.Now,
	}, nil
}

// BotID is the bot the client is scoped to; empty for the admin console.
func (c *Client) BotID() string { return c.bot }

// Pacing reports whether requests are being held back, and why.
func (c *Client) Pacing() Status { return c.sched.Status() }

// isLoopback accepts localhost and loopback addresses only: a token may
// travel in clear text to this machine and nowhere else.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// path builds the route for the client's scope.
func (c *Client) path(op string) string {
	if c.bot != "" {
		return "/api/public/bot/" + url.PathEscape(c.bot) + "/" + op
	}
	return "/api/public/" + op
}

// call sends one API request and returns the body of a 2xx response. It
// waits for the scheduler before every try, retries network errors,
// truncated bodies, 429 and 5xx with back-off (honouring Retry-After),
// re-mints the token once on 401, and gives up after MaxAttempts.
func (c *Client) call(ctx context.Context, p Priority, op string, query url.Values, body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("%s: encode request: %w", op, err)
	}
	u := *c.base
	u.Path = c.base.Path + c.path(op)
	u.RawQuery = query.Encode()
	reminted := false
	var last error
	for attempt := 1; ; attempt++ {
		if err := c.sched.Wait(ctx, p); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		data, wait, err := c.try(ctx, op, u.String(), payload)
		if err == nil {
			return data, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", op, ctx.Err())
		}
		last = err
		var apiErr *APIError
		switch {
		case errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized:
			if reminted || !c.creds.CanRefresh() {
				return nil, err
			}
			// The token may have expired early: mint a new one, once.
			reminted = true
			if _, terr := c.creds.Token(c.now(), true); terr != nil {
				return nil, terr
			}
			attempt--
			continue
		case errors.As(err, &apiErr) && !apiErr.Temporary():
			return nil, err
		}
		if attempt >= c.opts.MaxAttempts {
			return nil, fmt.Errorf("gave up after %d tries: %w", attempt, last)
		}
		if wait <= 0 {
			wait = c.backoff(attempt)
		}
		reason := RetryWait
		if IsStatus(err, http.StatusTooManyRequests) {
			reason = RateLimited
		}
		// Pausing the scheduler holds every request, not just this one:
		// a 429 is about the bot's budget, not this call.
		c.sched.Pause(c.now().Add(wait), reason)
	}
}

// try sends one request. wait is the server's Retry-After, if any.
func (c *Client) try(ctx context.Context, op, url string, payload []byte) (body []byte, wait time.Duration, err error) {
	tok, err := c.creds.Token(c.now(), false)
	if err != nil {
		return nil, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	req.Header.Set("auth", tok)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, redactURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: read response: %w", op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := parseAPIError(op, resp.StatusCode, data, resp.Header, c.now())
		return nil, e.RetryAfter, e
	}
	if !json.Valid(data) {
		return nil, 0, fmt.Errorf("%s: response is not complete JSON (%d bytes)", op, len(data))
	}
	return data, 0, nil
}

// backoff is exponential with "equal" jitter: half the step fixed, half
// random, so retries spread out but never come back at once.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.opts.BackoffBase << min(attempt-1, 16)
	if d > c.opts.BackoffMax || d <= 0 {
		d = c.opts.BackoffMax
	}
	return d/2 + rand.N(d/2+1)
}

// redactURLError keeps the operation and cause of a transport error; the
// URL holds no secret, but query values are the user's business only.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
