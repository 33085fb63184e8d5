// Package serve is konvo as an SSH service for a support team: each
// engineer who connects with a listed public key gets their own konvo,
// sized to their terminal, over one shared API client (one rate budget)
// and one local store, and every connection, refusal, transcript opened,
// search, copy and export is written to an audit log. The bot's secret
// stays on the server; nothing an engineer exports is written there.
package serve
