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
}

var _ Driver = (*sqliteDriver)(nil)

// NewSQLite returns a Driver for db. Between Lock and its release it pins
// one *sql.Conn, with a busy_timeout so that concurrent runners wait
// instead of failing with SQLITE_BUSY. Each revision runs, on that
// connection, as: PRAGMA foreign_keys=OFF (if it was on; the pragma is a
// no-op inside a transaction and table rebuilds need it off), BEGIN
// IMMEDIATE, a re-check that the revision is not recorded yet (another
// runner may have applied it while this one waited), the statements,
// PRAGMA foreign_key_check (violations roll the revision back), the
// version row, COMMIT, and foreign_keys back on.
//
// A NoTransaction revision runs its statements outside a transaction, so
// two SQLite runners could both start it; keep such revisions (VACUUM) to
// deploys with one runner.
func NewSQLite(db *sql.DB) Driver {
	return &sqliteDriver{db: db}
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

// Lock pins a connection. SQLite has no lock to hold across revisions
// without blocking readers; each revision takes the database's write lock
// (BEGIN IMMEDIATE) and re-checks the version table under it instead.
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
	d.pinned = c
	return func() error {
		d.pinned = nil
		release()
		return nil
	}, nil
}

const sqliteCreateTable = `CREATE TABLE IF NOT EXISTS "gen_migrations" (
  "revision" text NOT NULL PRIMARY KEY,
  "checksum" text NOT NULL,
  "applied_at" timestamp NOT NULL,
  "duration_ms" bigint NOT NULL DEFAULT 0
)`

func (d *sqliteDriver) Init(ctx context.Context) error {
	c, release, err := d.conn(ctx)
	if err != nil {
		return err
	}
	defer release()
	if err := retryBusy(ctx, func() error {
		_, err := c.ExecContext(ctx, sqliteCreateTable)
		return err
	}); err != nil {
		return fmt.Errorf("creating version table %s: %w", VersionTable, err)
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
	return sqliteApplied(ctx, c)
}

func sqliteApplied(ctx context.Context, q querier) ([]Applied, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", VersionTable).Scan(&n); err != nil {
		return nil, fmt.Errorf("looking for version table %s: %w", VersionTable, err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT "revision", "checksum", "applied_at", "duration_ms" FROM "gen_migrations" ORDER BY "applied_at", rowid`)
	if err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", VersionTable, err)
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
			return nil, fmt.Errorf("reading version table %s: %w", VersionTable, err)
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
		return nil, fmt.Errorf("reading version table %s: %w", VersionTable, err)
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

// revision runs body for f inside the connection's per-revision frame:
// foreign keys off, BEGIN IMMEDIATE (unless no-transaction), body,
// foreign key check, COMMIT, foreign keys restored.
func (d *sqliteDriver) revision(ctx context.Context, f *File, body func(c *sql.Conn) error) (err error) {
	c, release, err := d.conn(ctx)
	if err != nil {
		return err
	}
	defer release()
	fk, err := foreignKeys(ctx, c)
	if err != nil {
		return err
	}
	if fk {
		if _, err := c.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return fmt.Errorf("turning foreign keys off: %w", err)
		}
		defer func() {
			// Restore even when ctx has ended.
			if _, rerr := c.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); rerr != nil && err == nil {
				err = fmt.Errorf("turning foreign keys back on: %w", rerr)
			}
		}()
	}
	if f.NoTransaction {
		if err := body(c); err != nil {
			return err
		}
		if fk {
			return fkCheck(ctx, c, f)
		}
		return nil
	}
	if err := retryBusy(ctx, func() error {
		_, err := c.ExecContext(ctx, "BEGIN IMMEDIATE")
		return err
	}); err != nil {
		return fmt.Errorf("starting the transaction of revision %s: %w", f.Revision, err)
	}
	committed := false
	defer func() {
		if !committed {
			c.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if err := body(c); err != nil {
		return err
	}
	if fk {
		if err := fkCheck(ctx, c, f); err != nil {
			return err
		}
	}
	if err := retryBusy(ctx, func() error {
		_, err := c.ExecContext(ctx, "COMMIT")
		return err
	}); err != nil {
		return fmt.Errorf("committing revision %s: %w", f.Revision, err)
	}
	committed = true
	return nil
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
			return &StmtError{File: f.Name, Line: s.Line, SQL: s.SQL, Err: err, Revision: f.Revision, Down: down, NoTransaction: f.NoTransaction, Ran: ran}
		}
		ran = append(ran, s.Line)
	}
	return nil
}

func recorded(ctx context.Context, q querier, rev string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM "gen_migrations" WHERE "revision" = ?`, rev).Scan(&n); err != nil {
		return false, fmt.Errorf("reading version table %s: %w", VersionTable, err)
	}
	return n > 0, nil
}

func insertSQLiteRow(ctx context.Context, q querier, a Applied) error {
	_, err := q.ExecContext(ctx, `INSERT INTO "gen_migrations" ("revision", "checksum", "applied_at", "duration_ms") VALUES (?, ?, ?, ?)`,
		a.Revision, a.Checksum, a.AppliedAt.UTC().Format(sqliteTime), a.Duration.Milliseconds())
	if err != nil {
		return fmt.Errorf("recording revision %s in %s: %w", a.Revision, VersionTable, err)
	}
	return nil
}

func (d *sqliteDriver) Apply(ctx context.Context, f *File, now func() time.Time) (Applied, error) {
	var a Applied
	err := d.revision(ctx, f, func(c *sql.Conn) error {
		if ok, err := recorded(ctx, c, f.Revision); err != nil {
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
		return insertSQLiteRow(ctx, c, a)
	})
	if err != nil {
		return Applied{}, err
	}
	return a, nil
}

func (d *sqliteDriver) Revert(ctx context.Context, f *File) error {
	return d.revision(ctx, f, func(c *sql.Conn) error {
		if ok, err := recorded(ctx, c, f.Revision); err != nil {
			return err
		} else if !ok {
			return ErrNotApplied
		}
		if err := d.run(ctx, c, f, true); err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, `DELETE FROM "gen_migrations" WHERE "revision" = ?`, f.Revision); err != nil {
			return fmt.Errorf("deleting revision %s from %s: %w", f.Revision, VersionTable, err)
		}
		return nil
	})
}

func (d *sqliteDriver) SetApplied(ctx context.Context, add []Applied, remove []string) error {
	c, release, err := d.conn(ctx)
	if err != nil {
		return err
	}
	defer release()
	if err := retryBusy(ctx, func() error {
		_, err := c.ExecContext(ctx, "BEGIN IMMEDIATE")
		return err
	}); err != nil {
		return fmt.Errorf("stamping: %w", err)
	}
	err = func() error {
		for _, r := range remove {
			if _, err := c.ExecContext(ctx, `DELETE FROM "gen_migrations" WHERE "revision" = ?`, r); err != nil {
				return fmt.Errorf("stamping: %w", err)
			}
		}
		for _, a := range add {
			if err := insertSQLiteRow(ctx, c, a); err != nil {
				return fmt.Errorf("stamping: %w", err)
			}
		}
		_, err := c.ExecContext(ctx, "COMMIT")
		return err
	}()
	if err != nil {
		c.ExecContext(context.Background(), "ROLLBACK")
		return err
	}
	return nil
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
	fmt.Fprintf(ew, "%s;\n", sqliteCreateTable)
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
			fmt.Fprintf(ew, "DELETE FROM \"gen_migrations\" WHERE \"revision\" = %s;\n", sqlString(f.Revision))
		} else {
			fmt.Fprintf(ew, "INSERT INTO \"gen_migrations\" (\"revision\", \"checksum\", \"applied_at\", \"duration_ms\") VALUES (%s, %s, strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now'), 0);\n",
				sqlString(f.Revision), sqlString(f.Sum))
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
