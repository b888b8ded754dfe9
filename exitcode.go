package gen

import (
	"errors"
	"fmt"

	"github.com/genmigrate/gen/migrations"
)

// The exit codes of the gen command (DESIGN.md, CLI contract).
const (
	// ExitOK: the command ran and found nothing to report.
	ExitOK = 0
	// ExitFindings: the command ran and found something: drift, changes
	// to write, check findings, a migration that failed or a target that
	// cannot be met.
	ExitFindings = 1
	// ExitCannotRun: the command could not run: bad flags or
	// configuration, an unreachable database, models that do not load.
	ExitCannotRun = 2
)

// An ExitError is an error that says which exit code it means. Err, when
// not nil, is what to print; an ExitError without Err says only that the
// command found something it has already printed (gen diff's changes).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode maps an error of a gen command to the exit code gen exits with:
// ExitOK for nil, the code of an [ExitError] in err's chain, and
// ExitCannotRun for any other error. Wrap the error of an operation that
// runs migrations with [RunFailed] first, so that a failed migration exits
// ExitFindings.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitCannotRun
}

// RunFailed marks the error of [Project.Upgrade], [Project.Downgrade],
// [Project.Stamp] and their SQL forms as a failure (ExitFindings: the
// command ran, and a migration failed or its target cannot be met), except
// an error that says the command could not run at all: the database
// unreachable (ConnectError), a usage or configuration error, an unknown
// revision or no migrations directory, which keep ExitCannotRun. It
// returns nil for nil.
func RunFailed(err error) error {
	var (
		ce *ConnectError
		ue *UsageError
		fe *ConfigError
		ee *ExitError
	)
	if err == nil || errors.As(err, &ce) || errors.As(err, &ue) || errors.As(err, &fe) || errors.As(err, &ee) ||
		errors.Is(err, migrations.ErrUnknownRevision) || errors.Is(err, migrations.ErrNoDir) {
		return err
	}
	return &ExitError{Code: ExitFindings, Err: err}
}
