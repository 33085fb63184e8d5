package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/profile"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
	"konvo/ui"
)

func runTUI(args []string, e Env) error {
	c := newScreenCommand("konvo")
	defer c.done()
	session := c.fs.String("session", "", "open this session's transcript first, whatever its age; esc shows its day")
	view := c.fs.String("view", "", `start with a saved view, e.g. "drop-offs today" (v lists them)`)
	c.lead = usage() + "\n" // konvo -h: the commands, then the TUI's flags
	if err := c.prepare(args, e); err != nil {
		return err
	}
	s := c.settings
	if _, ok := model.FindView(s.Views, *view); *view != "" && !ok {
		names := make([]string, len(s.Views))
		for i, v := range s.Views {
			names[i] = strconv.Quote(v.Name)
		}
		return profile.Usage(fmt.Errorf("no view %q; there are %s", *view, strings.Join(names, ", ")))
	}
	var storeErr firstError
	o, closeStore, err := c.appOptions(e, e.Getenv("NO_COLOR") != "", storeErr.keep)
	if err != nil {
		return err
	}
	defer closeStore()
	o.Session, o.View, o.Getenv, o.Context = strings.TrimSpace(*session), *view, e.Getenv, e.ctx
	if o.Session == "" && o.View == "" && !c.flags.Given("from", "to", "containment", "user", "session-type", "tag", "channel", "lang") {
		o.Resume = c.lastList(e)
	}
	o.SaveView = func(v model.View) error { return profile.SaveView(s.ViewsPath, v) }
	o.DeleteView = func(name string) error { return profile.DeleteView(s.ViewsPath, name) }
	if s.Mask {
		m, err := s.Masker()
		if err != nil {
			return err
		}
		// Locally the data is the user's own: M shows it, no audit.
		o.Source, o.MayUnmask = source.Masked(o.Source, m), true
	}
	app := ui.New(o)
	_, err = tea.NewProgram(app, tea.WithFPS(ui.FrameRate)).Run()
	if serr := storeErr.get(); serr != nil {
		// Reading went on from the server; say what was not kept.
		fmt.Fprintln(e.Stderr, "konvo: the local store did not keep everything read: "+model.Line(serr.Error()))
	}
	return err
}

// appOptions are the UI options the settings give, over the source they
// name: the client, the client through the store, or (--offline) the
// store alone. closeStore closes the store.
func (c *command) appOptions(e Env, noColor bool, storeErrs func(error)) (o ui.Options, closeStore func(), err error) {
	s := c.settings
	closeStore = func() {}
	theme, err := e.Look.Theme(s.Theme, noColor)
	if err != nil {
		return o, closeStore, profile.Usage(err)
	}
	keys := e.Look.Keys()
	if err := e.Look.Rebind(&keys, s.Keys); err != nil {
		return o, closeStore, profile.Usage(fmt.Errorf("config keys: %w", err))
	}
	o = ui.Options{Source: source.FromClient(c.client), Filter: c.filter, From: c.flags.From, To: c.flags.To, Keys: keys, Theme: theme,
		Location: s.Location, Title: s.Title, Now: e.Now, SlowTurn: s.SlowTurn, Views: s.Views, NoMouse: s.NoMouse}
	if s.StoreDir == "" {
		return o, closeStore, nil
	}
	st, err := c.openStoreOnly(e)
	if err != nil {
		return o, closeStore, err
	}
	// Expiry runs beside the TUI, at once and then hourly, not before its
	// first frame: a TUI or serve that runs for days keeps nothing past
	// keep:, and a start next to a writing sync does not wait on it.
	ctx, stop := context.WithCancel(e.ctx)
	st.ExpireEvery(ctx, s.Keep, expiryEvery, storeErrs)
	closeStore = func() { stop(); st.Close() }
	if c.offline {
		o.Source, o.Badge = source.FromOffline(&source.Offline{St: st, Bot: s.Bot}), offlineAge(st, e.Now())
	} else {
		o.Source = source.FromStore(&source.Cached{Client: c.client, St: st, Errs: storeErrs})
	}
	return o, closeStore, nil
}

// lastList is the list as the TUI left it last time, from the store's
// memory; nil when there is none (or no store).
func (c *command) lastList(e Env) *model.View {
	if c.settings.StoreDir == "" {
		return nil
	}
	st, err := c.openStoreOnly(e)
	if err != nil {
		return nil
	}
	defer st.Close()
	got, err := st.Recall(e.ctx, "", "state", 0)
	if err != nil {
		return nil
	}
	for _, m := range got {
		var v model.View
		if m.Key == "list" && json.Unmarshal(m.Value, &v) == nil {
			if _, err := model.ParseRange(v.From, v.To, e.Now(), c.settings.Location); err == nil {
				return &v
			}
		}
	}
	return nil
}

// offlineAge says that konvo is offline and how old the data is.
func offlineAge(st *store.Store, now time.Time) string {
	last, err := st.LastFetched(context.Background())
	switch {
	case err != nil:
		return "offline"
	case last.IsZero():
		return "offline, nothing stored yet"
	case now.Sub(last) < time.Minute:
		return "offline, data from just now"
	}
	return "offline, data from " + api.Humanize(now.Sub(last)) + " ago"
}
