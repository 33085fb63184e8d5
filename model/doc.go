// Package model holds konvo's domain: sessions, messages, message
// components and their parsed template payloads, containment, filters and
// time windows. It is pure: no I/O, no clocks (callers pass "now"), no UI.
//
// Decoding is deliberately tolerant. The Kore.ai APIs have changed field
// shapes between versions (a string here, an array there, 1/0 or
// true/false), so every decoder keeps the raw JSON of the object it read
// and never fails a whole page because one field has an unexpected shape.
package model
