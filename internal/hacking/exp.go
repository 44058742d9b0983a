package hacking

import "bbctl/internal/game"

// ExpPerSec returns the hacking exp per second that c's batches earn when
// they run at their rates: every thread of a grow or weaken earns the
// target's exp per thread, a hack thread that many times its chance plus a
// quarter of it on a failure (MECHANICS §2.3). server returns a target by
// name; targets it does not know earn nothing.
func (c Ceiling) ExpPerSec(server func(host string) (game.Server, bool), env Env) float64 {
	total := 0.0
	for _, t := range c.Targets {
		s, ok := server(t.Host)
		if !ok {
			continue
		}
		p := Prepared(s)
		p.HasAdminRights = true
		perThread := game.HackExp(&p, &env.Person, env.BN)
		chance := game.HackChance(&p, &env.Person, env.Version)
		hackShare := chance + (1-chance)/4
		for _, u := range t.Uses {
			threads := float64(u.Hack)*hackShare + float64(u.Weaken1+u.Grow+u.Weaken2)
			total += u.Rate * threads * perThread
		}
	}
	return total
}
