package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
)

// NewPostgresDB returns a Driver for the given schema (empty means the
// connection's current schema) on db, a *sql.DB opened with pgx's
// database/sql driver (import _ "github.com/jackc/pgx/v5/stdlib", then
// sql.Open("pgx", url)). For each Migrator call it takes one connection
// from db and holds it to the end of the call, since the advisory lock
// belongs to a session; otherwise it runs as NewPostgres does. A *sql.DB
// of another driver is refused, naming it, by the first call.
func NewPostgresDB(db *sql.DB, schema string) Driver {
	if db == nil {
		return &brokenDriver{err: errors.New("migrations: NewPostgresDB(nil): pass the *sql.DB opened with sql.Open(\"pgx\", url)")}
	}
	return &postgresSessionDriver{postgresDriver: newPostgres(nil, schema), open: func(ctx context.Context, fn func(*pgx.Conn) error) error {
		c, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("connecting to PostgreSQL: %w", err)
		}
		defer c.Close()
		return c.Raw(func(dc any) error {
			pc, ok := dc.(interface{ Conn() *pgx.Conn })
			if !ok {
				return fmt.Errorf("migrations: NewPostgresDB needs a *sql.DB opened with pgx's driver (import _ \"github.com/jackc/pgx/v5/stdlib\"; sql.Open(\"pgx\", url)); this one's driver is %T: for SQLite use NewSQLite", db.Driver())
			}
			return fn(pc.Conn())
		})
	}}
}

// NewPostgresConn returns a Driver for the given schema on the connection
// c holds, such as a *pgxpool.Conn acquired from a pool (release it once
// the Migrator is done). It runs as NewPostgres(c.Conn(), schema).
func NewPostgresConn(c interface{ Conn() *pgx.Conn }, schema string) Driver {
	if c == nil {
		return &brokenDriver{err: errors.New("migrations: NewPostgresConn(nil): pass the acquired connection")}
	}
	return &postgresSessionDriver{postgresDriver: newPostgres(nil, schema), open: func(ctx context.Context, fn func(*pgx.Conn) error) error {
		return fn(c.Conn())
	}}
}

// NewPostgresTx returns a Driver for the given schema that runs inside the
// caller's transaction tx, for an application that migrates and then
// goes on in one transaction. The migration lock is a transaction
// advisory lock (pg_advisory_xact_lock, released when tx ends), each
// revision runs in a savepoint (a failing one is rolled back to it,
// leaving tx usable), the run's timeouts are SET LOCAL, and gen commits
// nothing: the revisions take effect when the caller commits tx. A
// no-transaction revision (CREATE INDEX CONCURRENTLY) cannot run in a
// transaction: the Migrator refuses it, changing nothing, with an error
// wrapping ErrNoTransaction.
//
// There is no SQLite counterpart over a *sql.Tx: the SQLite driver turns
// foreign keys off for table rebuilds, which SQLite ignores inside a
// transaction.
func NewPostgresTx(tx pgx.Tx, schema string) Driver {
	if tx == nil {
		return &brokenDriver{err: errors.New("migrations: NewPostgresTx(nil): pass the transaction from conn.Begin")}
	}
	d := newPostgres(tx.Conn(), schema)
	d.q = tx
	d.callerTx = true
	return d
}

func (d *postgresDriver) inCallerTx() bool { return d.callerTx }

func (d *postgresDriver) errNoTx(f *File) error {
	return fmt.Errorf("%s: revision %s: %w: it is a no-transaction revision (-- gen:no-transaction); run it with NewPostgres or NewPostgresDB, outside a transaction", f.Name, f.Revision, ErrNoTransaction)
}

// postgresSessionDriver is a postgresDriver whose connection is taken for
// each Migrator call (sessioned) and given back after it.
type postgresSessionDriver struct {
	*postgresDriver
	open func(ctx context.Context, fn func(*pgx.Conn) error) error
}

var (
	_ Driver    = (*postgresSessionDriver)(nil)
	_ sessioned = (*postgresSessionDriver)(nil)
)

func (d *postgresSessionDriver) session(ctx context.Context, fn func() error) error {
	if d.conn != nil {
		return fn() // within a session already
	}
	return d.open(ctx, func(c *pgx.Conn) error {
		if c == nil {
			return errors.New("migrations: the connection is nil (released to its pool?)")
		}
		d.conn, d.q = c, c
		defer func() { d.conn, d.q = nil, nil }()
		return fn()
	})
}

// Outside a Migrator call, each method takes a connection for itself;
// Lock cannot (its lock would go with the connection).

func (d *postgresSessionDriver) Lock(ctx context.Context) (func() error, error) {
	if d.conn == nil {
		return nil, errors.New("migrations: this PostgreSQL driver holds a connection only during a Migrator call: lock through migrations.New(dir, driver)")
	}
	return d.postgresDriver.Lock(ctx)
}

func (d *postgresSessionDriver) Init(ctx context.Context) error {
	return d.session(ctx, func() error { return d.postgresDriver.Init(ctx) })
}

func (d *postgresSessionDriver) Applied(ctx context.Context) (rows []Applied, err error) {
	err = d.session(ctx, func() error {
		rows, err = d.postgresDriver.Applied(ctx)
		return err
	})
	return rows, err
}

func (d *postgresSessionDriver) Apply(ctx context.Context, f *File, now func() time.Time) (a Applied, err error) {
	err = d.session(ctx, func() error {
		a, err = d.postgresDriver.Apply(ctx, f, now)
		return err
	})
	return a, err
}

func (d *postgresSessionDriver) Revert(ctx context.Context, f *File) error {
	return d.session(ctx, func() error { return d.postgresDriver.Revert(ctx, f) })
}

func (d *postgresSessionDriver) SetApplied(ctx context.Context, add []Applied, remove []string) error {
	return d.session(ctx, func() error { return d.postgresDriver.SetApplied(ctx, add, remove) })
}

func (d *postgresSessionDriver) WriteScript(ctx context.Context, w io.Writer, files []*File, down bool) error {
	return d.session(ctx, func() error { return d.postgresDriver.WriteScript(ctx, w, files, down) })
}

// brokenDriver is the Driver of a constructor given nil: every call
// returns its error.
type brokenDriver struct{ err error }

func (b *brokenDriver) Dialect() string                                       { return "" }
func (b *brokenDriver) Lock(context.Context) (func() error, error)            { return nil, b.err }
func (b *brokenDriver) Init(context.Context) error                            { return b.err }
func (b *brokenDriver) Applied(context.Context) ([]Applied, error)            { return nil, b.err }
func (b *brokenDriver) Revert(context.Context, *File) error                   { return b.err }
func (b *brokenDriver) SetApplied(context.Context, []Applied, []string) error { return b.err }
func (b *brokenDriver) WriteScript(context.Context, io.Writer, []*File, bool) error {
	return b.err
}
func (b *brokenDriver) Apply(context.Context, *File, func() time.Time) (Applied, error) {
	return Applied{}, b.err
}
