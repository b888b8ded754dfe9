package migrations

import (
	"fmt"
	"strconv"
)

// A Target is where Upgrade, Downgrade, Stamp and the SQL-script variants
// go: Head(), Base(), To(rev), Up(n) or Down(n). The zero Target is no
// target: the methods refuse it (ErrBadTarget).
type Target struct {
	kind targetKind
	n    int
	rev  string
}

type targetKind uint8

const (
	targetNone targetKind = iota
	targetHead
	targetBase
	targetRev
	targetUp
	targetDown
)

// Head is the directory's one head: everything. With several heads the
// methods return an error wrapping ErrMultipleHeads.
func Head() Target { return Target{kind: targetHead} }

// Base is nothing applied: Downgrade reverts everything, Stamp empties
// the version table. Upgrade refuses it.
func Base() Target { return Target{kind: targetBase} }

// To is the revision rev, or a unique prefix of one: Upgrade applies it
// and its ancestors, Downgrade reverts what descends from it (it stays
// applied), Stamp records it and its ancestors.
func To(rev string) Target { return Target{kind: targetRev, rev: rev} }

// Up is the next n pending revisions (Upgrade only); n must be positive.
func Up(n int) Target { return Target{kind: targetUp, n: n} }

// Down is the last n applied revisions (Downgrade only); n must be
// positive.
func Down(n int) Target { return Target{kind: targetDown, n: n} }

// String returns the target as the gen CLI spells it: "head", "base", the
// revision, "+N" or "-N".
func (t Target) String() string {
	switch t.kind {
	case targetHead:
		return "head"
	case targetBase:
		return "base"
	case targetRev:
		return t.rev
	case targetUp:
		return "+" + strconv.Itoa(t.n)
	case targetDown:
		return "-" + strconv.Itoa(t.n)
	}
	return ""
}

// check refuses the zero Target, a count that is not positive and an
// empty revision.
func (t Target) check() error {
	switch t.kind {
	case targetNone:
		return fmt.Errorf("%w: no target given: pass migrations.Head(), Base(), To(rev), Up(n) or Down(n)", ErrBadTarget)
	case targetUp, targetDown:
		if t.n <= 0 {
			sign := "+"
			if t.kind == targetDown {
				sign = "-"
			}
			return fmt.Errorf("%w %q: want %sN with N a positive number", ErrBadTarget, t.String(), sign)
		}
	case targetRev:
		if t.rev == "" {
			return fmt.Errorf("%w: To(\"\"): name a revision, or use Head() or Base()", ErrBadTarget)
		}
	}
	return nil
}
