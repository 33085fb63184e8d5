// Package api is konvo's Kore.ai client: it mints the JWT, speaks
// getSessions and getMessages, splits date ranges into the windows the API
// accepts, pages through results, and sends every request through one
// Scheduler that keeps the bot under its rate limit. It has no UI.
package api
