package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/genmigrate/gen/migrations"
)

// ParseTarget reads a target as the CLI's upgrade, downgrade and stamp
// commands take it (op is "upgrade", "downgrade" or "stamp"):
//
//   - upgrade: "head" or "" (head), "+N" (the next N pending revisions),
//     or a revision or unique prefix of one;
//   - downgrade: "-N", "" (-1), "base" (everything), or a revision or
//     prefix (everything after it);
//   - stamp: "head" or "", "base", or a revision or prefix.
//
// A revision is only looked up when the Migrator runs (an unknown one is
// an error wrapping migrations.ErrUnknownRevision then). Targets that
// cannot be read, or that go the wrong way ("-1" to upgrade), are errors
// wrapping migrations.ErrBadTarget that say what the command takes.
func ParseTarget(op, s string) (migrations.Target, error) {
	count := func(sign string) (int, bool, error) {
		if !strings.HasPrefix(s, sign) {
			return 0, false, nil
		}
		n, err := strconv.Atoi(s[1:])
		if err != nil || n <= 0 {
			return 0, true, fmt.Errorf("%w %q: want %sN with N a positive number", migrations.ErrBadTarget, s, sign)
		}
		return n, true, nil
	}
	switch op {
	case "upgrade":
		if n, ok, err := count("+"); ok {
			return migrations.Up(n), err
		}
		switch {
		case s == "" || s == "head":
			return migrations.Head(), nil
		case strings.HasPrefix(s, "-"):
			return migrations.Target{}, fmt.Errorf("%w %q: upgrade takes head, a revision or +N; use downgrade to go back", migrations.ErrBadTarget, s)
		}
		// "base" is a revision here, and unknown: upgrade never goes to
		// base.
		return migrations.To(s), nil
	case "downgrade":
		if n, ok, err := count("-"); ok {
			return migrations.Down(n), err
		}
		switch {
		case s == "":
			return migrations.Down(1), nil
		case s == "base":
			return migrations.Base(), nil
		case strings.HasPrefix(s, "+") || s == "head":
			return migrations.Target{}, fmt.Errorf("%w %q: downgrade takes -N, a revision or base; use upgrade to go forward", migrations.ErrBadTarget, s)
		}
		return migrations.To(s), nil
	case "stamp":
		switch s {
		case "", "head":
			return migrations.Head(), nil
		case "base":
			return migrations.Base(), nil
		}
		return migrations.To(s), nil
	}
	return migrations.Target{}, fmt.Errorf("gen.ParseTarget: unknown operation %q (want upgrade, downgrade or stamp); this is a bug in gen, please report it", op)
}
