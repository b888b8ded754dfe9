package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// sqliteBusyTimeout is how long one SQLite call waits for another
// connection's lock before the driver retries (until its context ends).
const sqliteBusyTimeout = 5 * time.Second

// sqliteTime is how applied_at is stored: fixed width, so text order is
// time order.
const sqliteTime = "2006-01-02T15:04:05.000000000Z"

// sqliteDriver runs migrations on an SQLite database.
type sqliteDriver struct {
	db     *sql.DB
	pinned *sql.Conn // held between Lock and unlock
	// inRun is set while the run's transaction (BEGIN IMMEDIATE, taken
	// by Lock) is open on pinned.
	inRun bool
	// fk is whether foreign keys were on when Lock turned them off.
	fk   bool
	opts RunOptions
	// vt is the version table's name (WithVersionTable).
	vt string
}

func (d *sqliteDriver) setVersionTable(name string) { d.vt = name }

// table is the version table, quoted.
func (d *sqliteDriver) table() string { return `"` + d.vt + `"` }

func (d *sqliteDriver) SetRunOptions(o RunOptions) { d.opts = o }

func (d *sqliteDriver) Dialect() string { return DialectSQLite }

// errRunLost wraps the error of a run whose transaction did not commit:
// none of its revisions took effect.
var errRunLost = errors.New("none of the revisions of this run took effect")

// ErrDatabaseLocked is what a busy SQLite database is reported as.
var errDatabaseLocked = errors.New("database is locked; another gen or the application holds it")

var _ Driver = (*sqliteDriver)(nil)

// NewSQLite returns a Driver for db. Lock pins one *sql.Conn, with a
// busy_timeout, turns foreign keys off when they were on (the pragma is a
// no-op inside a transaction, and table rebuilds need it off) and opens
// the run's transaction with BEGIN IMMEDIATE: SQLite's write lock, held
// for the whole run, so that runners (and the application's writers) wait
// for one another and a runner that waited finds nothing left to do, as
// on PostgreSQL. Each revision runs in a savepoint: its statements,
// PRAGMA foreign_key_check (violations roll it back), its version row;
// a failing revision is rolled back to its savepoint. Releasing the lock
// commits the revisions that succeeded and turns foreign keys back on. A
// crash (or a cancellation that SQLite answers by rolling back) loses the
// whole run, never half a revision.
//
// A NoTransaction revision (VACUUM) cannot run inside a transaction: the
// run's transaction is committed before it and opened again after it, so
// another runner may slip in between; keep such revisions to deploys with
// one runner.
func NewSQLite(db *sql.DB) Driver {
	return &sqliteDriver{db: db, vt: VersionTable}
}

// conn returns the pinned connection, or a fresh one with a release func.
func (d *sqliteDriver) conn(ctx context.Context) (*sql.Conn, func(), error) {
	if d.pinned != nil {
		return d.pinned, func() {}, nil
	}
	c, err := d.db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("connecting to SQLite: %w", err)
	}
	if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", sqliteBusyTimeout.Milliseconds())); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("setting SQLite busy_timeout: %w", err)
	}
	return c, func() { c.Close() }, nil
}

// Lock pins a connection and opens the run's transaction (see NewSQLite).
func (d *sqliteDriver) Lock(ctx context.Context) (func() error, error) {
	if d.pinned != nil {
		return nil, errors.New("migrations: SQLite driver is already locked by this runner")
	}
	c, release, err := d.conn(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %w", ErrLocked, ctx.Err())
		}
		return nil, err
	}
	fk, err := foreignKeys(ctx, c)
	if err != nil {
		release()
		return nil, err
	}
	if fk {
		if _, err := c.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			release()
			return nil, fmt.Errorf("turning foreign keys off: %w", err)
		}
	}
	d.pinned, d.fk = c, fk
	if err := d.begin(ctx); err != nil {
		d.restore()
		d.pinned = nil
		release()
		return nil, err
	}
	return func() error {
		err := d.commit()
		d.restore()
		d.pinned = nil
		release()
		return err
	}, nil
}

// begin opens the run's transaction, waiting (and saying so once) while
// another connection holds the write lock.
func (d *sqliteDriver) begin(ctx context.Context) error {
	// Poll, so that the wait is told once and ends with ctx; the
	// statements of the run then wait busy_timeout for readers.
	if _, err := d.pinned.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return fmt.Errorf("setting SQLite busy_timeout: %w", err)
	}
	defer d.pinned.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", sqliteBusyTimeout.Milliseconds()))
	told := false
	for {
		_, err := d.pinned.ExecContext(ctx, "BEGIN IMMEDIATE")
		if err == nil {
			d.inRun = true
			return nil
		}
		if !isBusy(err) {
			if ctx.Err() != nil {
				return d.lockWaitError(ctx)
			}
			return fmt.Errorf("taking SQLite's write lock: %w", err)
		}
		if !told && d.opts.Notify != nil {
			told = true
			d.opts.Notify("waiting for SQLite's write lock: another gen or the application holds it")
		}
		select {
		case <-ctx.Done():
			return d.lockWaitError(ctx)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (d *sqliteDriver) lockWaitError(ctx context.Context) error {
	why := context.Cause(ctx)
	if errors.Is(why, context.Canceled) {
		why = errors.New("cancelled")
	}
	return fmt.Errorf("%w: %w: %v", ErrLocked, errDatabaseLocked, why)
}

// commit ends the run's transaction, keeping what it applied.
func (d *sqliteDriver) commit() error {
	if !d.inRun {
		return nil
	}
	d.inRun = false
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := retryBusy(ctx, func() error {
		_, err := d.pinned.ExecContext(ctx, "COMMIT")
		return err
	})
	if err == nil {
		return nil
	}
	if strings.Contains(err.Error(), "no transaction is active") {
		// SQLite rolled the transaction back itself (an interrupted
		// statement).
		return fmt.Errorf("migrations: SQLite rolled the run back: %w", errRunLost)
	}
	d.pinned.ExecContext(ctx, "ROLLBACK")
	return fmt.Errorf("committing the run: %w: %w", err, errRunLost)
}

// restore turns foreign keys back on if Lock turned them off.
func (d *sqliteDriver) restore() {
	if d.fk {
		d.pinned.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
		d.fk = false
	}
}

func (d *sqliteDriver) createTable() string {
	return `CREATE TABLE IF NOT EXISTS ` + d.table() + ` (
  "revision" text NOT NULL PRIMARY KEY,
  "checksum" text NOT NULL,
  "applied_at" timestamp NOT NULL,
  "duration_ms" bigint NOT NULL DEFAULT 0
)`
}

func (d *sqliteDriver) Init(ctx context.Context) error {
	c, release, err := d.conn(ctx)
	if err != nil {
		return err
	}
	defer release()
	if err := retryBusy(ctx, func() error {
		_, err := c.ExecContext(ctx, d.createTable())
		return err
	}); err != nil {
		return fmt.Errorf("creating version table %s: %w", d.vt, err)
	}
	return nil
}

// querier is a connection or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (d *sqliteDriver) Applied(ctx context.Context) ([]Applied, error) {
	c, release, err := d.conn(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return d.sqliteApplied(ctx, c)
}

func (d *sqliteDriver) sqliteApplied(ctx context.Context, q querier) ([]Applied, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", d.vt).Scan(&n); err != nil {
		return nil, fmt.Errorf("looking for version table %s: %w", d.vt, err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT "revision", "checksum", "applied_at", "duration_ms" FROM `+d.table()+` ORDER BY "applied_at", rowid`)
	if err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", d.vt, err)
	}
	defer rows.Close()
	var out []Applied
	for rows.Next() {
		var (
			a  Applied
			at any
			ms int64
		)
		if err := rows.Scan(&a.Revision, &a.Checksum, &at, &ms); err != nil {
			return nil, fmt.Errorf("reading version table %s: %w", d.vt, err)
		}
		switch v := at.(type) {
		case time.Time:
			a.AppliedAt = v.UTC()
		case string:
			a.AppliedAt = parseSQLiteTime(v)
		case []byte:
			a.AppliedAt = parseSQLiteTime(string(v))
		}
		a.Duration = time.Duration(ms) * time.Millisecond
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", d.vt, err)
	}
	return out, nil
}

func parseSQLiteTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// isBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isBusy(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		c := coded.Code() & 0xff
		return c == 5 || c == 6
	}
	return false
}

// retryBusy runs fn until it does not fail with SQLITE_BUSY, or ctx ends
// (ErrLocked).
func retryBusy(ctx context.Context, fn func() error) error {
	for {
		err := fn()
		if err == nil || !isBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: %w (%v)", ErrLocked, ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// foreignKeys reports whether foreign key enforcement is on for c.
func foreignKeys(ctx context.Context, c *sql.Conn) (bool, error) {
	var on int
	if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil {
		return false, fmt.Errorf("reading PRAGMA foreign_keys: %w", err)
	}
	return on == 1, nil
}

// revision runs body for f inside the run's transaction, in a savepoint
// (see NewSQLite); without the run's lock (a Driver used on its own) it
// opens and commits a transaction of its own around it.
func (d *sqliteDriver) revision(ctx context.Context, f *File, body func(c *sql.Conn) error) (err error) {
	if d.pinned == nil {
		unlock, err := d.Lock(ctx)
		if err != nil {
			return err
		}
		defer func() {
			if uerr := unlock(); uerr != nil && err == nil {
				err = uerr
			}
		}()
	}
	c := d.pinned
	if f.NoTransaction {
		if err := d.commit(); err != nil {
			return err
		}
		defer func() {
			if berr := d.begin(ctx); berr != nil && err == nil {
				err = berr
			}
		}()
		if err := body(c); err != nil {
			return err
		}
		if d.fk {
			return fkCheck(ctx, c, f)
		}
		return nil
	}
	if _, err := c.ExecContext(ctx, "SAVEPOINT gen_revision"); err != nil {
		return fmt.Errorf("starting revision %s: %w", f.Revision, err)
	}
	if err := body(c); err != nil {
		d.rollbackRevision(c)
		return err
	}
	if d.fk {
		if err := fkCheck(ctx, c, f); err != nil {
			d.rollbackRevision(c)
			return err
		}
	}
	if _, err := c.ExecContext(ctx, "RELEASE gen_revision"); err != nil {
		d.rollbackRevision(c)
		return fmt.Errorf("finishing revision %s: %w", f.Revision, err)
	}
	return nil
}

// rollbackRevision undoes the revision's savepoint, whatever state the
// run's context is in.
func (d *sqliteDriver) rollbackRevision(c *sql.Conn) {
	ctx := context.Background()
	if _, err := c.ExecContext(ctx, "ROLLBACK TO gen_revision"); err == nil {
		c.ExecContext(ctx, "RELEASE gen_revision")
	}
}

// fkCheck runs PRAGMA foreign_key_check and turns violations into an error.
func fkCheck(ctx context.Context, c *sql.Conn, f *File) error {
	rows, err := c.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("running PRAGMA foreign_key_check: %w", err)
	}
	defer rows.Close()
	var (
		list []string
		n    int
	)
	for rows.Next() {
		var (
			table, parent string
			rowid         sql.NullInt64
			fkid          int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("reading PRAGMA foreign_key_check: %w", err)
		}
		n++
		if len(list) < 10 {
			row := "a row"
			if rowid.Valid {
				row = fmt.Sprintf("rowid %d", rowid.Int64)
			}
			list = append(list, fmt.Sprintf("%s of %q has no matching row in %q", row, table, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading PRAGMA foreign_key_check: %w", err)
	}
	if n == 0 {
		return nil
	}
	more := ""
	if n > len(list) {
		more = fmt.Sprintf(" (and %d more)", n-len(list))
	}
	state := "the revision was rolled back"
	if f.NoTransaction {
		state = "its statements ran without a transaction and stay applied, and it is not recorded"
	}
	return fmt.Errorf("%s: revision %s: %w: %d violation(s): %s%s; %s: fix the data or the statements and run again",
		f.Name, f.Revision, ErrForeignKeyCheck, n, strings.Join(list, "; "), more, state)
}

func (d *sqliteDriver) run(ctx context.Context, c *sql.Conn, f *File, down bool) error {
	var ran []int
	for _, s := range stmtsOf(f, down) {
		if _, err := c.ExecContext(ctx, s.SQL); err != nil {
			cause := CauseStatement
			switch {
			case ctx.Err() != nil:
				cause = CauseCancelled
			case isBusy(err):
				cause = CauseLockTimeout
				err = fmt.Errorf("%w (%v)", errDatabaseLocked, err)
			}
			return &StmtError{File: f.Name, Line: s.Line, SQL: s.SQL, Err: err, Revision: f.Revision, Down: down, NoTransaction: f.NoTransaction, Ran: ran, Cause: cause}
		}
		ran = append(ran, s.Line)
	}
	return nil
}

func (d *sqliteDriver) recorded(ctx context.Context, q querier, rev string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+d.table()+` WHERE "revision" = ?`, rev).Scan(&n); err != nil {
		return false, fmt.Errorf("reading version table %s: %w", d.vt, err)
	}
	return n > 0, nil
}

func (d *sqliteDriver) insertRow(ctx context.Context, q querier, a Applied) error {
	_, err := q.ExecContext(ctx, `INSERT INTO `+d.table()+` ("revision", "checksum", "applied_at", "duration_ms") VALUES (?, ?, ?, ?)`,
		a.Revision, a.Checksum, a.AppliedAt.UTC().Format(sqliteTime), a.Duration.Milliseconds())
	if err != nil {
		return fmt.Errorf("recording revision %s in %s: %w", a.Revision, d.vt, err)
	}
	return nil
}

func (d *sqliteDriver) Apply(ctx context.Context, f *File, now func() time.Time) (Applied, error) {
	var a Applied
	err := d.revision(ctx, f, func(c *sql.Conn) error {
		if ok, err := d.recorded(ctx, c, f.Revision); err != nil {
			return err
		} else if ok {
			return ErrAlreadyApplied
		}
		start := now()
		a = Applied{Revision: f.Revision, Checksum: f.Sum, AppliedAt: start.UTC()}
		if err := d.run(ctx, c, f, false); err != nil {
			return err
		}
		a.Duration = now().Sub(start)
		return d.insertRow(ctx, c, a)
	})
	if err != nil {
		return Applied{}, err
	}
	return a, nil
}

func (d *sqliteDriver) Revert(ctx context.Context, f *File) error {
	return d.revision(ctx, f, func(c *sql.Conn) error {
		if ok, err := d.recorded(ctx, c, f.Revision); err != nil {
			return err
		} else if !ok {
			return ErrNotApplied
		}
		if err := d.run(ctx, c, f, true); err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, `DELETE FROM `+d.table()+` WHERE "revision" = ?`, f.Revision); err != nil {
			return fmt.Errorf("deleting revision %s from %s: %w", f.Revision, d.vt, err)
		}
		return nil
	})
}

func (d *sqliteDriver) SetApplied(ctx context.Context, add []Applied, remove []string) error {
	return d.revision(ctx, &File{Revision: "stamp"}, func(c *sql.Conn) error {
		for _, r := range remove {
			if _, err := c.ExecContext(ctx, `DELETE FROM `+d.table()+` WHERE "revision" = ?`, r); err != nil {
				return fmt.Errorf("stamping: %w", err)
			}
		}
		for _, a := range add {
			if err := d.insertRow(ctx, c, a); err != nil {
				return fmt.Errorf("stamping: %w", err)
			}
		}
		return nil
	})
}

func (d *sqliteDriver) WriteScript(ctx context.Context, w io.Writer, files []*File, down bool) error {
	fk := false
	if c, release, err := d.conn(ctx); err == nil {
		fk, err = foreignKeys(ctx, c)
		release()
		if err != nil {
			return err
		}
	} else {
		return err
	}
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "-- Run with: sqlite3 -bail <database> < <this file>\n")
	fmt.Fprintf(ew, "%s;\n", d.createTable())
	for _, f := range files {
		scriptHeading(ew, f, down)
		if fk {
			fmt.Fprintf(ew, "PRAGMA foreign_keys = OFF;\n")
		}
		if f.NoTransaction {
			fmt.Fprintf(ew, "-- no transaction (gen:no-transaction): on an error, stop and see which statements ran\n")
		} else {
			fmt.Fprintf(ew, "BEGIN IMMEDIATE;\n")
		}
		writeStmts(ew, stmtsOf(f, down))
		if fk && f.NoTransaction {
			fmt.Fprintf(ew, "-- Any row this prints is a broken foreign key: fix the data before going on.\nPRAGMA foreign_key_check;\n")
		} else if fk {
			fmt.Fprintf(ew, "-- Any row this prints is a broken foreign key: then ROLLBACK instead of COMMIT.\nPRAGMA foreign_key_check;\n")
		}
		if down {
			fmt.Fprintf(ew, "DELETE FROM %s WHERE \"revision\" = %s;\n", d.table(), sqlString(f.Revision))
		} else {
			fmt.Fprintf(ew, "INSERT INTO %s (\"revision\", \"checksum\", \"applied_at\", \"duration_ms\") VALUES (%s, %s, strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now'), 0);\n",
				d.table(), sqlString(f.Revision), sqlString(f.Sum))
		}
		if !f.NoTransaction {
			fmt.Fprintf(ew, "COMMIT;\n")
		}
		if fk {
			fmt.Fprintf(ew, "PRAGMA foreign_keys = ON;\n")
		}
	}
	return ew.err
}
