package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultHost is Kore.ai's main cloud.
const DefaultHost = "https://bots.kore.ai"

// Options configure a Client. Only Credentials is required.
type Options struct {
	Host  string // default DefaultHost
	BotID string // empty: the admin-console routes, across bots
	// AccountID is the Kore account the contact center's APIs name in
	// their accountid header; empty, konvo does not call them.
	AccountID   string
	Credentials Credentials
	HTTPClient  *http.Client
	Limits      Limits // default DefaultPerMinute and DefaultPerHour
	// MaxAttempts bounds the tries of one request (default 5).
	MaxAttempts int
	// TryTimeout bounds one try, the body read included (default 30 s);
	// CallTimeout bounds all the tries of one request together, not
	// counting waits for the rate limit (default 90 s): a server that
	// never answers costs that long, not five times a minute.
	TryTimeout, CallTimeout time.Duration
	// BackoffBase and BackoffMax shape the exponential back-off with full
	// jitter between tries (default 500 ms and 30 s).
	BackoffBase, BackoffMax time.Duration
	// SessionPageSize and MessagePageSize are the limit asked per page
	// (default 100 each: the documented samples' size and v1's maximum).
	SessionPageSize, MessagePageSize int
	// TranscriptBatch is how many sessions one batched getMessages call
	// names (default and maximum 50).
	TranscriptBatch int
	// MaxRetryWait caps how long konvo waits when the server says to
	// (429 with Retry-After, or a spent hourly budget): a longer wait
	// fails at once, saying what the server asked (default 2 min).
	MaxRetryWait time.Duration
	// MaxBody bounds one response body (default DefaultMaxBody); a larger
	// one fails at once and is not asked for again.
	MaxBody int64
	// CredentialSource says where the credentials came from (e.g.
	// "KONVO_TOKEN", "--token-file /x"), for the 401 hint.
	CredentialSource string
	Now              func() time.Time
}

// DefaultMaxRetryWait is the longest server-requested wait konvo sits out.
const DefaultMaxRetryWait = 2 * time.Minute

// DefaultMaxBody bounds a response: a page of 100 messages of rich
// templates is a few MB at most; 32 MB leaves room and no more.
const DefaultMaxBody = 32 << 20

// Client talks to one Kore.ai host for one bot (or the admin console).
type Client struct {
	base  *url.URL
	bot   string
	creds Credentials
	http  *http.Client
	sched *Scheduler
	opts  Options
	now   func() time.Time
	same  dedup   // identical requests, made once
	ids   idCap   // session ids a getMessagesV2 call may name here
	pages pageCap // sessions a bulk getSessions page asks for here
}

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
	if o.MaxRetryWait <= 0 {
		o.MaxRetryWait = DefaultMaxRetryWait
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Limits == (Limits{}) {
		o.Limits = Limits{PerMinute: DefaultPerMinute, PerHour: DefaultPerHour}
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.TryTimeout <= 0 {
		o.TryTimeout = 30 * time.Second
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 90 * time.Second
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
	c := &Client{base: base, bot: o.BotID, creds: o.Credentials, sched: NewScheduler(o.Limits, o.Now), opts: o, now: o.Now}
	// A copy of the caller's client, so its redirect policy is ours: the
	// auth header is not one Go drops on a cross-host redirect.
	hc := *o.HTTPClient
	hc.CheckRedirect = c.checkRedirect
	c.http = &hc
	return c, nil
}

// BotID is the bot the client is scoped to; empty for the admin console.
func (c *Client) BotID() string { return c.bot }

// Requests is how many requests the client has sent (each try counts).
func (c *Client) Requests() int { return c.sched.Count() }

// Pacing reports whether requests are being held back, and why.
func (c *Client) Pacing() Status { return c.sched.Status() }

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
	return c.callRoute(ctx, p, route{op: op, method: http.MethodPost, path: c.path(op)}, query, body)
}

// route is where one operation is sent: the bot's public APIs take a
// POST under /api/public; the contact center's a GET elsewhere, naming
// the account in a header.
type route struct {
	op, method, path string
	header           http.Header
}

func (c *Client) callRoute(ctx context.Context, p Priority, r route, query url.Values, body any) ([]byte, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("%s: encode request: %w", r.op, err)
		}
	}
	return c.same.do(ctx, dedupKey(r.op+" "+r.path, p, query, payload), c.now, func(ctx context.Context) ([]byte, error) {
		return c.send(ctx, p, r, query, payload)
	})
}

// send makes one request, with its retries.
func (c *Client) send(ctx context.Context, p Priority, r route, query url.Values, payload []byte) ([]byte, error) {
	op := r.op
	u := *c.base
	u.Path = c.base.Path + r.path
	u.RawQuery = query.Encode()
	reminted := false
	var limited time.Duration // waited so far on 429s
	var trying time.Duration  // spent in tries so far
	var last error
	for attempt := 1; ; attempt++ {
		if err := c.sched.Wait(ctx, p); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		started := time.Now()
		data, wait, err := c.try(ctx, r, &u, payload)
		trying += time.Since(started)
		if err == nil {
			return data, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", op, ctx.Err())
		}
		last = err
		var apiErr *APIError
		var final *finalError
		switch {
		case errors.As(err, &final):
			return nil, final.error
		case errors.As(err, &apiErr) && apiErr.RateLimited():
			// The budget is the bot's, shared with every other client:
			// wait for the window to free rather than count a try.
			d, err := c.rateWait(apiErr, &limited)
			if err != nil {
				return nil, err
			}
			c.sched.Pause(c.now().Add(d), RateLimited)
			attempt--
			continue
		case errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized:
			// A missing scope is no expired token: a new one is refused too.
			if reminted || !c.creds.CanRefresh() || MissingScope(err) {
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
		if attempt >= c.opts.MaxAttempts || trying >= c.opts.CallTimeout {
			return nil, fmt.Errorf("gave up after %d tries in %s: %w", attempt, Humanize(trying), last)
		}
		if wait <= 0 {
			wait = c.backoff(attempt)
		}
		if wait > c.opts.MaxRetryWait {
			return nil, &WaitTooLongError{Op: op, Asked: wait, Cap: c.opts.MaxRetryWait}
		}
		// Pausing the scheduler holds every request, not just this one:
		// the server is struggling, and more requests do not help it.
		c.sched.Pause(c.now().Add(wait), RetryWait)
	}
}

// maxRateWaits bounds the total time one request sits out 429s: long
// enough for the minute window to free several times over while other
// clients share it, short enough that a stuck limit ends in an error.
const maxRateWaits = 10 * time.Minute

// rateWait is how long to hold every request after a 429: what the
// server asked in Retry-After, else until a rolling minute has passed (or
// the hour's window, when the message names the hourly limit). A wait
// over MaxRetryWait fails at once with what the server asked.
func (c *Client) rateWait(e *APIError, waited *time.Duration) (time.Duration, error) {
	d := e.RetryAfter
	switch {
	case d > 0:
	case e.Hourly():
		d = c.sched.HourFree(c.now())
	default:
		d = c.sched.limits.Minute + windowSlack
	}
	if d > c.opts.MaxRetryWait {
		return 0, &WaitTooLongError{Op: e.Op, Asked: d, Cap: c.opts.MaxRetryWait, Hourly: e.Hourly(), Err: e}
	}
	if *waited += d; *waited > maxRateWaits {
		return 0, fmt.Errorf("still rate limited after waiting %s: %w", waited.Round(time.Second), e)
	}
	return d, nil
}

// try sends one request. wait is the server's Retry-After, if any.
func (c *Client) try(ctx context.Context, r route, u *url.URL, payload []byte) (body []byte, wait time.Duration, err error) {
	op := r.op
	if err := c.allowed(u); err != nil {
		return nil, 0, &finalError{err}
	}
	tok, err := c.creds.Token(c.now(), false)
	if err != nil {
		var exp *ExpiredTokenError
		if errors.As(err, &exp) {
			exp.Source = c.opts.CredentialSource
		}
		return nil, 0, &finalError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.TryTimeout)
	defer cancel()
	var content io.Reader
	if payload != nil {
		content = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), content)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set("auth", tok)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		err = redactURLError(err)
		var off *OffOriginError
		if errors.As(err, &off) {
			return nil, 0, &finalError{fmt.Errorf("%s: %w", op, err)}
		}
		return nil, 0, &NetworkError{Op: op, Host: c.base.Scheme + "://" + c.base.Host, Err: err}
	}
	defer resp.Body.Close()
	limit := c.opts.MaxBody
	if resp.ContentLength > limit {
		return nil, 0, &finalError{&TooLargeError{Op: op, Size: resp.ContentLength, Limit: limit}}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: read response: %w", op, err)
	}
	if int64(len(data)) > limit {
		return nil, 0, &finalError{&TooLargeError{Op: op, Size: -1, Limit: limit}}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := parseAPIError(op, resp.StatusCode, data, resp.Header, c.now())
		e.Message = redactTokens(e.Message, tok)
		e.Credentials = c.opts.CredentialSource
		return nil, e.RetryAfter, e
	}
	if !json.Valid(data) {
		return nil, 0, fmt.Errorf("%s: response is not complete JSON (%d bytes)", op, len(data))
	}
	return data, 0, nil
}

// allowed applies the plain-http rule to a request about to be sent.
func (c *Client) allowed(u *url.URL) error {
	if strings.EqualFold(u.Scheme, "http") && !isLoopback(u.Hostname()) {
		return fmt.Errorf("%s: %w", u.Host, ErrInsecureHost)
	}
	return nil
}

// checkRedirect follows a redirect only within the configured origin
// (scheme, host and port): the auth header would follow it anywhere.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if !sameOrigin(req.URL, c.base) {
		return &OffOriginError{Target: req.URL.Scheme + "://" + req.URL.Host + req.URL.Path, Origin: c.base.Scheme + "://" + c.base.Host}
	}
	if len(via) >= 5 {
		return errors.New("stopped after 5 redirects")
	}
	return nil
}

// finalError marks an error no retry can cure.
type finalError struct{ error }

func (e *finalError) Unwrap() error { return e.error }

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
