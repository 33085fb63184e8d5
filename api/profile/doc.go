// Package profile resolves where konvo looks and as whom: command-line
// flags over environment variables over the YAML config file's profile,
// secrets read from files only their owner can read, the display
// settings (time zone, theme, keys) and the filter the flags describe.
// The TUI, the subcommands and an SSH service all start from Resolve.
package profile
