package gen_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/genmigrate/gen"
	"github.com/genmigrate/gen/migrations"
)

// TestExitCode: the exit code gen exits with for each kind of error, and
// RunFailed turning a failed migration into exit 1 while the errors that
// mean the command could not run keep exit 2.
func TestExitCode(t *testing.T) {
	failure := errors.New("applying 3f9a2c81d0b4: relation \"users\" already exists")
	cases := []struct {
		name      string
		err       error
		code, run int // ExitCode(err), ExitCode(RunFailed(err))
	}{
		{"nil", nil, 0, 0},
		{"a statement failed", failure, 2, 1},
		{"wrapped failure", fmt.Errorf("upgrade: %w", failure), 2, 1},
		{"findings", &gen.ExitError{Code: gen.ExitFindings}, 1, 1},
		{"usage", &gen.UsageError{Msg: "stamp takes one revision"}, 2, 2},
		{"config", &gen.ConfigError{File: "gen.yaml", Err: errors.New("unknown key")}, 2, 2},
		{"connect", &gen.ConnectError{URL: "postgres://u:xxxxx@h/db", Err: errors.New("refused")}, 2, 2},
		{"unknown revision", fmt.Errorf("target abc: %w", migrations.ErrUnknownRevision), 2, 2},
		{"no migrations directory", fmt.Errorf("opening migrations: %w", migrations.ErrNoDir), 2, 2},
	}
	for _, c := range cases {
		if got := gen.ExitCode(c.err); got != c.code {
			t.Errorf("%s: ExitCode(%v) = %d, want %d", c.name, c.err, got, c.code)
		}
		if got := gen.ExitCode(gen.RunFailed(c.err)); got != c.run {
			t.Errorf("%s: ExitCode(RunFailed(%v)) = %d, want %d", c.name, c.err, got, c.run)
		}
	}
	if gen.RunFailed(nil) != nil {
		t.Error("RunFailed(nil) is not nil")
	}
	if got := gen.RunFailed(failure); got.Error() != failure.Error() || !errors.Is(got, failure) {
		t.Errorf("RunFailed(%v) = %v: it must keep the message and the chain", failure, got)
	}
}
