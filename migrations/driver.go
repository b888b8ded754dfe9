package migrations

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// VersionTable is the table, in the target schema, that records one row
// per applied revision.
const VersionTable = "gen_migrations"

// An Applied is one row of the version table.
type Applied struct {
	// Revision is the revision id.
	Revision string
	// Checksum is the file's Sum when it was applied.
	Checksum string
	// AppliedAt is when it was applied.
	AppliedAt time.Time
	// Duration is how long its statements took.
	Duration time.Duration
}

// A Driver is what the Migrator needs from one database. Implementations
// are not safe for concurrent use; many processes (each with its own
// Driver) may run against one database at once, which is what Lock and
// the re-check in Apply are for.
type Driver interface {
	// Dialect is the SQL dialect the driver runs, DialectPostgres or
	// DialectSQLite: the Migrator refuses a File of another
	// (File.Dialect).
	Dialect() string

	// Lock takes the lock that serializes runners on this database and
	// schema, waiting until it is free. When ctx ends first it must return
	// an error wrapping ErrLocked. The returned function releases the lock.
	Lock(ctx context.Context) (unlock func() error, err error)

	// Init creates the version table when it does not exist.
	Init(ctx context.Context) error

	// Applied returns the version table's rows in the order they were
	// applied. A missing version table means nothing is applied: Applied
	// returns no rows and never creates the table.
	Applied(ctx context.Context) ([]Applied, error)

	// Apply runs f's Up statements and inserts its version row (checksum
	// f.Sum) atomically: all or nothing, unless f.NoTransaction, when the
	// statements run one by one and the row is inserted after the last.
	// now is the clock for AppliedAt and Duration. A failing statement is
	// a *StmtError. If the row is already there once the database's write
	// lock is held, Apply changes nothing and returns ErrAlreadyApplied.
	Apply(ctx context.Context, f *File, now func() time.Time) (Applied, error)

	// Revert runs f's Down statements and deletes its version row, with
	// the same atomicity as Apply. It returns ErrNotApplied, changing
	// nothing, when the row is not there.
	Revert(ctx context.Context, f *File) error

	// SetApplied deletes the rows of remove and inserts add in one
	// transaction, running no migration SQL (stamp).
	SetApplied(ctx context.Context, add []Applied, remove []string) error

	// WriteScript writes the SQL that applying (or, with down, reverting)
	// files in order would run, including the driver's own statements
	// (version table, transaction control, locks, version rows), so that
	// the output can be run by hand.
	WriteScript(ctx context.Context, w io.Writer, files []*File, down bool) error
}

// The dialects of File.Dialect and Driver.Dialect.
const (
	DialectPostgres = "postgres"
	DialectSQLite   = "sqlite"
)

// A sessioned driver holds its connection only for the length of one
// Migrator call: session takes it, runs fn and gives it back.
type sessioned interface {
	session(ctx context.Context, fn func() error) error
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// writeStmts writes statements with their comments for a script.
func writeStmts(w io.Writer, stmts []Stmt) error {
	for _, s := range stmts {
		if strings.TrimSpace(s.SQL) == "" {
			continue
		}
		for _, c := range s.Comments {
			for _, l := range strings.Split(c, "\n") {
				if _, err := fmt.Fprintf(w, "-- %s\n", l); err != nil {
					return err
				}
			}
		}
		if _, err := fmt.Fprintf(w, "%s;\n", s.SQL); err != nil {
			return err
		}
	}
	return nil
}

// scriptHeading introduces one revision in a script.
func scriptHeading(w io.Writer, f *File, down bool) error {
	verb := "apply"
	if down {
		verb = "revert"
	}
	_, err := fmt.Fprintf(w, "\n-- %s %s %s (%s)\n", verb, f.Revision, f.Message, f.Name)
	return err
}

// stmtsOf returns the statements to run for f in one direction.
func stmtsOf(f *File, down bool) []Stmt {
	if down {
		return f.Down
	}
	return f.Up
}

// lineAt returns the line, in the file, of the character at position pos
// (1-based, counted in characters as PostgreSQL counts them) of s.
func lineAt(s Stmt, pos int) int {
	if s.Line == 0 || pos <= 0 {
		return s.Line
	}
	line := s.Line
	i := 0
	for _, r := range s.SQL {
		if i++; i >= pos {
			break
		}
		if r == '\n' {
			line++
		}
	}
	return line
}

// RunOptions bound how long a run waits. The zero value waits as long as
// it takes and leaves each file's own SET lock_timeout / statement_timeout
// as written.
type RunOptions struct {
	// LockTimeout bounds the wait for the migration lock (another runner
	// holds it) and, on PostgreSQL, each statement's wait for a table lock
	// (the session's lock_timeout, and the value of a file's own SET
	// [LOCAL] lock_timeout statement). 0: no bound of gen's own.
	LockTimeout time.Duration
	// StatementTimeout bounds each statement on PostgreSQL (the session's
	// statement_timeout, and the value of a file's own SET [LOCAL]
	// statement_timeout). 0: no bound of gen's own.
	StatementTimeout time.Duration
	// Notify, when set, is told once per wait that the run is waiting and
	// for what: the migration lock, or a table lock another session holds.
	Notify func(msg string)
}

// A Tunable driver takes RunOptions; the Migrator passes its Options to
// it before taking the lock.
type Tunable interface {
	SetRunOptions(RunOptions)
}
