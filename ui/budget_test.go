package ui

import (
	"testing"

	"testing/synctest"
	"time"

	tea "charm.land/bubbletea/v2"

	"konvo/api"
	"konvo/api/koretest"
	"konvo/api/source"
	"konvo/api/store"
	"konvo/model"
)

// TestScrollingStaysWithinTheBudget: a minute of scrolling the demo list
// with prefetch on, at the bot's real 60 requests a minute (on a fake
// clock), never sends more than 60 in any minute, and enter on a row on
// screen sends no request.
func TestScrollingStaysWithinTheBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		corpus := koretest.Demo(start)
		srv := koretest.InMemory(koretest.Options{Corpus: corpus, PerMinute: 60, Now: time.Now})
		st, err := store.Open(t.TempDir(), srv.URL(), corpus.BotID, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		minter, _ := api.NewMinter(srv.ClientID(), srv.Secret(), 0)
		c, err := api.New(api.Options{Host: srv.URL(), HTTPClient: srv.HTTPClient(), BotID: corpus.BotID, Credentials: minter})
		if err != nil {
			t.Fatal(err)
		}
		d := benchDeps(t)
		m := New(Options{
			Source: source.FromStore(&source.Cached{Client: c, St: st}), Keys: d.keys, Theme: d.theme, Location: time.UTC,
			Filter: model.Filter{Range: model.Range{From: start.AddDate(0, 0, -7), To: start}}, Now: time.Now,
		})
		a := &testApp{t: t, m: m, srv: srv}
		a.m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		a.run(m.Init())
		for time.Since(start) < time.Minute {
			a.press("j")
			time.Sleep(200 * time.Millisecond)
		}
		reqs := srv.Requests()
		for i := range reqs {
			n := 0
			for j := i; j < len(reqs) && reqs[j].At.Sub(reqs[i].At) < time.Minute; j++ {
				n++
			}
			if n > 60 {
				t.Fatalf("%d requests in the minute from request %d", n, i)
			}
		}
		if srv.CountOp("getMessagesV2", 0) == 0 {
			t.Error("nothing was fetched ahead")
		}
		t.Logf("%d requests in a minute of scrolling (%d fetched ahead)", len(reqs), srv.CountOp("getMessagesV2", 0))
		srv.ResetLog()
		a.press("k")
		a.press("enter")
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("enter on a row on screen made %d requests", n)
		}
		m.quit()
	})
}
