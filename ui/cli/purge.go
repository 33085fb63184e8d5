package cli

import (
	"errors"
	"fmt"

	"konvo/api/profile"
	"konvo/api/store"
	"konvo/model"
)

func runPurge(args []string, e Env) error {
	c := newCommand("konvo purge")
	c.lead = "konvo purge --user ID | --session ID | --all\n\n" +
		"Erase stored data of this host and bot, and say what went; an erased\n" +
		"user or session is not written back by a later sync or import.\n\n"
	defer c.done()
	user := &c.flags.User // --user, as elsewhere: erase that user's sessions
	session := c.fs.String("session", "", "erase this stored session and its transcript")
	all := c.fs.Bool("all", false, "erase everything stored for this host and bot")
	if err := c.flags.Parse(c.fs, args, c.help(e)); err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{*user != "", *session != "", *all} {
		if set {
			n++
		}
	}
	if n != 1 {
		return profile.Usage(errors.New("konvo purge needs exactly one of --user ID, --session ID or --all"))
	}
	c.offline = true
	if err := c.resolve(e); err != nil {
		return err
	}
	st, err := c.openStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := e.ctx
	var erased store.Erased
	what := "everything"
	switch {
	case *user != "":
		erased, err = st.PurgeUser(ctx, *user)
		what = "user " + model.Line(*user)
	case *session != "":
		erased, err = st.PurgeSession(ctx, *session)
		what = "session " + model.Line(*session)
	default:
		erased, err = st.PurgeAll(ctx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "erased %s and %s of %s from %s\n", model.Quantity(erased.Sessions, "session", "sessions"), model.Quantity(erased.Messages, "message", "messages"), what, st.Path())
	return nil
}
