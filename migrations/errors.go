package migrations

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

var (
	// ErrNoDir is returned by OpenDir when the migrations directory does
	// not exist.
	ErrNoDir = errors.New("migrations: no migrations directory")

	// ErrInvalidFile is what every *ParseError unwraps to: Parse, Dir.Files,
	// Dir.Graph and Dir.WriteSum return it for a file that does not follow
	// the migration file format.
	ErrInvalidFile = errors.New("migrations: invalid migration file")

	// ErrChecksum is what a *SumError unwraps to: Dir.VerifySum,
	// Migrator.Upgrade and Migrator.Downgrade return it when gen.sum does
	// not match the directory.
	ErrChecksum = errors.New("migrations: gen.sum does not match the directory")

	// ErrInvalidGraph is what a *GraphError unwraps to: NewGraph and
	// Dir.Graph return it for duplicate revision ids, unknown parents and
	// cycles.
	ErrInvalidGraph = errors.New("migrations: invalid revision graph")

	// ErrUnknownRevision is returned by Graph.Resolve and by the Migrator's
	// methods for a revision (or prefix) that no file in the directory has.
	ErrUnknownRevision = errors.New("migrations: unknown revision")

	// ErrAmbiguous is returned by Graph.Resolve and the Migrator's methods
	// when a prefix matches several revisions.
	ErrAmbiguous = errors.New("migrations: ambiguous revision prefix")

	// ErrMultipleHeads is returned by Migrator.Upgrade, UpgradeSQL and Stamp
	// when the target is "head" and the graph has several heads.
	ErrMultipleHeads = errors.New("migrations: several heads")

	// ErrBadTarget is returned by the Migrator's methods for a target they
	// cannot take (the zero Target, Up(0), Up(2) to Downgrade, Down(1) to
	// Upgrade) or cannot meet, and by gen.ParseTarget for one it cannot read.
	ErrBadTarget = errors.New("migrations: bad target")

	// ErrLocked is returned by Driver.Lock, and so by Migrator.Upgrade,
	// Downgrade and Stamp, when the context ends while another runner holds
	// the migration lock.
	ErrLocked = errors.New("migrations: the migration lock is held by another runner")

	// ErrMissingFile is returned by Migrator.Upgrade when an applied
	// revision has no file, and by Migrator.Downgrade when a revision it has
	// to revert is recorded as applied but has no file.
	ErrMissingFile = errors.New("migrations: applied revision has no file")

	// ErrAppliedEdited is returned by Migrator.Upgrade when the file of an
	// applied revision no longer has the checksum recorded when it was
	// applied (even when gen.sum was rewritten since with `gen hash`).
	ErrAppliedEdited = errors.New("migrations: applied revision's file was edited")

	// ErrAlreadyApplied is returned by Driver.Apply when, once it holds the
	// database's write lock, the revision turns out to be recorded already
	// (another runner applied it). The Migrator skips such a revision.
	ErrAlreadyApplied = errors.New("migrations: revision already applied")

	// ErrNotApplied is returned by Driver.Revert when the revision is not
	// recorded (another runner reverted it). The Migrator skips it.
	ErrNotApplied = errors.New("migrations: revision not applied")

	// ErrDialect is returned by the Migrator's methods, which change
	// nothing, when a file to run is written for another dialect than
	// the driver's (File.Dialect, Driver.Dialect).
	ErrDialect = errors.New("migrations: migration of another dialect")

	// ErrNoTransaction is returned by the Migrator's methods, which change
	// nothing, for a no-transaction revision on a driver that runs inside
	// the caller's transaction (NewPostgresTx).
	ErrNoTransaction = errors.New("migrations: no-transaction revision inside a transaction")

	// ErrForeignKeyCheck is returned by the SQLite driver's Apply and
	// Revert when PRAGMA foreign_key_check finds rows that break a foreign
	// key after the revision's statements; the revision is rolled back.
	ErrForeignKeyCheck = errors.New("migrations: foreign key check failed")
)

// errLockTimeout is the cause of the context that bounds the wait for the
// migration lock.
var errLockTimeout = errors.New("gave up waiting")

// A ParseError says where a migration file breaks the format and what to
// do about it. It unwraps to ErrInvalidFile.
type ParseError struct {
	// File is the name the file was parsed under (a path when it comes
	// from a Dir).
	File string
	// Line is 1-based.
	Line int
	// Msg says what is wrong and how to fix it.
	Msg string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Unwrap returns ErrInvalidFile.
func (e *ParseError) Unwrap() error { return ErrInvalidFile }

// A SumError lists how the migrations directory differs from gen.sum. It
// unwraps to ErrChecksum.
type SumError struct {
	// Path is the path of gen.sum.
	Path string
	// Problem is set when gen.sum itself is missing or unreadable (for
	// example a merge conflict left in it).
	Problem string
	// Added are migration files that gen.sum does not list.
	Added []string
	// Removed are files gen.sum lists that are not in the directory.
	Removed []string
	// Edited are files whose content differs from their gen.sum hash.
	Edited []string
}

func (e *SumError) Error() string {
	var parts []string
	if e.Problem != "" {
		parts = append(parts, e.Problem)
	}
	if len(e.Edited) > 0 {
		parts = append(parts, "edited: "+strings.Join(e.Edited, ", "))
	}
	if len(e.Added) > 0 {
		parts = append(parts, "not in gen.sum: "+strings.Join(e.Added, ", "))
	}
	if len(e.Removed) > 0 {
		parts = append(parts, "deleted: "+strings.Join(e.Removed, ", "))
	}
	return fmt.Sprintf("migrations: %s does not match the migration files (%s); restore the files from version control, or, if the change is intended and not yet applied anywhere, rewrite gen.sum with `gen hash`",
		e.Path, strings.Join(parts, "; "))
}

// Unwrap returns ErrChecksum.
func (e *SumError) Unwrap() error { return ErrChecksum }

// A GraphError lists every problem of a revision graph, each naming the
// files involved. It unwraps to ErrInvalidGraph.
type GraphError struct {
	Problems []string
}

func (e *GraphError) Error() string {
	return "migrations: invalid revision graph:\n\t" + strings.Join(e.Problems, "\n\t")
}

// Unwrap returns ErrInvalidGraph.
func (e *GraphError) Unwrap() error { return ErrInvalidGraph }

// A StmtError is a statement of a migration file that the database
// rejected. Its message names the file and line of the statement (on
// PostgreSQL the line inside a multi-line statement that the server
// pointed at) and says what state the revision was left in.
type StmtError struct {
	// File is the path of the migration file (its base name when the
	// driver is used without a Dir).
	File string
	// Line is the 1-based line of the error in File.
	Line int
	// SQL is the statement.
	SQL string
	// Err is the database's error.
	Err error

	// Revision is the revision being applied or reverted.
	Revision string
	// Down is set when the revision was being reverted.
	Down bool
	// NoTransaction is set when the revision ran without a transaction,
	// so the statements in Ran stay applied.
	NoTransaction bool
	// Ran are the lines of the statements that had run before this one.
	Ran []int
	// Cause says why the statement failed, for the advice.
	Cause Cause
	// Resumable is set for a no-transaction revision whose progress is
	// recorded (PostgreSQL's ProgressTable): the next run resumes at the
	// failed statement.
	Resumable bool
	// ProgressTable is the progress table it is recorded in, when
	// Resumable (ProgressTable when empty).
	ProgressTable string
	// MarkDone is set when the statement is the one an earlier, interrupted
	// run was in: it may have taken effect then (hence this error). It is
	// the SQL that records it as done, so that the next run goes on after
	// it.
	MarkDone string
}

// A Cause is why a statement failed: the advice differs.
type Cause int

const (
	// CauseStatement: the database rejected the statement (fix it).
	CauseStatement Cause = iota
	// CauseLockTimeout: it waited for a lock longer than lock_timeout.
	CauseLockTimeout
	// CauseStatementTimeout: it ran longer than statement_timeout.
	CauseStatementTimeout
	// CauseCancelled: the run was cancelled (Ctrl-C, SIGTERM) and the
	// statement was cancelled on the server.
	CauseCancelled
	// CauseServerLimit: a server limit was reached (out of memory, disk,
	// locks: PostgreSQL's SQLSTATE classes 53 and 54); its hint says which
	// setting to raise.
	CauseServerLimit
)

// dbMessage is the database's error with PostgreSQL's detail and hint,
// and what the statement had been waiting for.
func dbMessage(err error) string {
	msg := err.Error()
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		if pe.Detail != "" {
			msg += "; DETAIL: " + pe.Detail
		}
		if pe.Hint != "" {
			msg += "; HINT: " + pe.Hint
		}
	}
	var we *waitError
	if errors.As(err, &we) {
		msg += " (it was waiting for " + we.what + ")"
	}
	return msg
}

func (e *StmtError) Error() string {
	verb, cmd := "applying", "upgrade"
	if e.Down {
		verb, cmd = "reverting", "downgrade"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s revision %s: %s; ", e.File, e.Line, verb, e.Revision, dbMessage(e.Err))
	fix := "fix the statement (then `gen hash`, since the file changed) and run the " + cmd + " again"
	switch e.Cause {
	case CauseLockTimeout:
		fix = "it gave up waiting for a lock (lock_timeout) so as not to queue every query behind it; run the " + cmd + " again when the session holding the lock is done, or give it longer with --lock-timeout"
	case CauseStatementTimeout:
		fix = "it ran longer than statement_timeout; run the " + cmd + " again with a longer --statement-timeout (or statement_timeout: in gen.yaml) if the statement needs the time"
	case CauseCancelled:
		fix = "the " + cmd + " was cancelled and the statement was cancelled on the server; run the " + cmd + " again to finish"
	case CauseServerLimit:
		fix = "the server ran out of a resource (see its HINT for the setting to raise); raise it, or split the revision, and run the " + cmd + " again"
	}
	lines := make([]string, len(e.Ran))
	for i, l := range e.Ran {
		lines[i] = strconv.Itoa(l)
	}
	ran := "no statement of it had run before this one"
	if len(lines) > 0 {
		ran = fmt.Sprintf("the statements at lines %s had already run and were NOT rolled back", strings.Join(lines, ", "))
	}
	switch {
	case !e.NoTransaction:
		fmt.Fprintf(&b, "the revision was rolled back: none of its statements took effect and its version row is unchanged; %s", fix)
	case e.MarkDone != "":
		fmt.Fprintf(&b, "this revision runs without a transaction (gen:no-transaction) and an earlier run was interrupted in this very statement, which may have taken effect before it stopped; check the schema: if it did, record it as done with `%s` and run the %s again, which goes on after it; if it did not, fix the cause and run the %s again", e.MarkDone, cmd, cmd)
	case e.Resumable:
		fmt.Fprintf(&b, "this revision runs without a transaction (gen:no-transaction): %s, and its version row is unchanged; gen recorded how far it got (%s), so once the cause is fixed, without editing the file, run the %s again: it resumes at line %d", ran, cmp.Or(e.ProgressTable, ProgressTable), cmd, e.Line)
	case len(e.Ran) == 0:
		fmt.Fprintf(&b, "this revision runs without a transaction (gen:no-transaction); no statement of it had run before this one and its version row is unchanged; %s", fix)
	default:
		fmt.Fprintf(&b, "this revision runs without a transaction (gen:no-transaction): %s, and its version row is unchanged; undo them by hand (or make them idempotent) before running the %s again", ran, cmd)
	}
	return b.String()
}

// Unwrap returns the database's error.
func (e *StmtError) Unwrap() error { return e.Err }

// IsLocked reports whether err means another runner held the migration
// lock until the context ended.
func IsLocked(err error) bool { return errors.Is(err, ErrLocked) }
