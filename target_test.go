package gen

import (
	"errors"
	"strings"
	"testing"

	"github.com/genmigrate/gen/migrations"
)

// ParseTarget reads the CLI's targets per command, and refuses what the
// command cannot take with the words the bad-input corpus expects.
func TestParseTarget(t *testing.T) {
	for _, c := range []struct {
		op, in string
		want   migrations.Target
		err    string
	}{
		{"upgrade", "", migrations.Head(), ""},
		{"upgrade", "head", migrations.Head(), ""},
		{"upgrade", "+3", migrations.Up(3), ""},
		{"upgrade", "3f9a", migrations.To("3f9a"), ""},
		{"upgrade", "base", migrations.To("base"), ""}, // an unknown revision, when it runs
		{"upgrade", "+0", migrations.Target{}, `bad target "+0": want +N with N a positive number`},
		{"upgrade", "+x", migrations.Target{}, `bad target "+x": want +N with N a positive number`},
		{"upgrade", "-1", migrations.Target{}, `bad target "-1": upgrade takes head, a revision or +N; use downgrade to go back`},
		{"downgrade", "", migrations.Down(1), ""},
		{"downgrade", "-2", migrations.Down(2), ""},
		{"downgrade", "base", migrations.Base(), ""},
		{"downgrade", "3f9a", migrations.To("3f9a"), ""},
		{"downgrade", "-0", migrations.Target{}, `bad target "-0": want -N with N a positive number`},
		{"downgrade", "+1", migrations.Target{}, `bad target "+1": downgrade takes -N, a revision or base; use upgrade to go forward`},
		{"downgrade", "head", migrations.Target{}, `bad target "head": downgrade takes -N, a revision or base`},
		{"stamp", "head", migrations.Head(), ""},
		{"stamp", "base", migrations.Base(), ""},
		{"stamp", "3f9a", migrations.To("3f9a"), ""},
		{"frobnicate", "head", migrations.Target{}, "unknown operation"},
	} {
		got, err := ParseTarget(c.op, c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseTarget(%q, %q) = %v, %v; want %v", c.op, c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ParseTarget(%q, %q) = %v, %v; want an error saying %q", c.op, c.in, got, err, c.err)
		case c.err != "" && c.op != "frobnicate" && !errors.Is(err, migrations.ErrBadTarget):
			t.Errorf("ParseTarget(%q, %q) = %v, want ErrBadTarget (exit 1)", c.op, c.in, err)
		}
		if c.err == "" && c.in != "" && got.String() != c.in {
			t.Errorf("ParseTarget(%q, %q).String() = %q", c.op, c.in, got.String())
		}
	}
}
