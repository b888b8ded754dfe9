package migrations

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// postgresDriver runs migrations on one PostgreSQL connection.
type postgresDriver struct {
	conn   *pgx.Conn
	schema string
	table  string // quoted, schema-qualified version table
	key    int64  // advisory lock key
}

var _ Driver = (*postgresDriver)(nil)

// NewPostgres returns a Driver for the given schema (empty means the
// connection's current schema) on conn. It locks with a session advisory
// lock on conn whose key is derived from the schema, so runners on other
// schemas never wait for each other. Each revision runs in its own
// transaction (BEGIN; statements; INSERT of the version row; COMMIT),
// except NoTransaction files, whose statements run one by one before the
// row is inserted.
func NewPostgres(conn *pgx.Conn, schema string) Driver {
	table := pgx.Identifier{VersionTable}.Sanitize()
	if schema != "" {
		table = pgx.Identifier{schema, VersionTable}.Sanitize()
	}
	return &postgresDriver{conn: conn, schema: schema, table: table, key: lockKey(schema)}
}

// lockKey derives the advisory lock key of a schema.
func lockKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("gen_migrations\x00" + schema))
	return int64(h.Sum64())
}

func (d *postgresDriver) Lock(ctx context.Context) (func() error, error) {
	wait := 20 * time.Millisecond
	for {
		var ok bool
		if err := d.conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", d.key).Scan(&ok); err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%w (schema %q): %w", ErrLocked, d.schema, ctx.Err())
			}
			return nil, fmt.Errorf("taking the migration lock: %w", err)
		}
		if ok {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (schema %q): gave up waiting: %w", ErrLocked, d.schema, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
	return func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := d.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", d.key); err != nil {
			return fmt.Errorf("releasing the migration lock: %w", err)
		}
		return nil
	}, nil
}

func (d *postgresDriver) createTable() string {
	return "CREATE TABLE IF NOT EXISTS " + d.table + ` (
  revision text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms bigint NOT NULL DEFAULT 0
)`
}

func (d *postgresDriver) Init(ctx context.Context) error {
	if _, err := d.conn.Exec(ctx, d.createTable()); err != nil {
		return fmt.Errorf("creating version table %s: %w", d.table, err)
	}
	return nil
}

func (d *postgresDriver) Applied(ctx context.Context) ([]Applied, error) {
	var exists bool
	if err := d.conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", d.table).Scan(&exists); err != nil {
		return nil, fmt.Errorf("looking for version table %s: %w", d.table, err)
	}
	if !exists {
		return nil, nil
	}
	rows, err := d.conn.Query(ctx, "SELECT revision, checksum, applied_at, duration_ms FROM "+d.table+" ORDER BY applied_at, revision")
	if err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", d.table, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Applied, error) {
		var (
			a  Applied
			ms int64
		)
		err := r.Scan(&a.Revision, &a.Checksum, &a.AppliedAt, &ms)
		a.Duration = time.Duration(ms) * time.Millisecond
		a.AppliedAt = a.AppliedAt.UTC()
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", d.table, err)
	}
	return out, nil
}

// execer is what runs statements: the connection or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// run executes f's statements in one direction on x.
func (d *postgresDriver) run(ctx context.Context, x execer, f *File, down bool) error {
	var ran []int
	for _, s := range stmtsOf(f, down) {
		if _, err := x.Exec(ctx, s.SQL); err != nil {
			line := s.Line
			var pe *pgconn.PgError
			if errors.As(err, &pe) {
				line = lineAt(s, int(pe.Position))
			}
			return &StmtError{File: f.Name, Line: line, SQL: s.SQL, Err: err, Revision: f.Revision, Down: down, NoTransaction: f.NoTransaction, Ran: ran}
		}
		ran = append(ran, s.Line)
	}
	return nil
}

func (d *postgresDriver) insertRow(ctx context.Context, x execer, a Applied) error {
	_, err := x.Exec(ctx, "INSERT INTO "+d.table+" (revision, checksum, applied_at, duration_ms) VALUES ($1, $2, $3, $4)",
		a.Revision, a.Checksum, a.AppliedAt, a.Duration.Milliseconds())
	if err != nil {
		return fmt.Errorf("recording revision %s in %s: %w", a.Revision, d.table, err)
	}
	return nil
}

func (d *postgresDriver) Apply(ctx context.Context, f *File, now func() time.Time) (Applied, error) {
	start := now()
	a := Applied{Revision: f.Revision, Checksum: f.Sum, AppliedAt: start.UTC()}
	if f.NoTransaction {
		if err := d.run(ctx, d.conn, f, false); err != nil {
			return Applied{}, err
		}
		a.Duration = now().Sub(start)
		if err := d.insertRow(ctx, d.conn, a); err != nil {
			return Applied{}, fmt.Errorf("%w; its statements ran (no-transaction revision) but it is not recorded: record it with `gen stamp` once you have checked the schema", err)
		}
		return a, nil
	}
	err := pgx.BeginFunc(ctx, d.conn, func(tx pgx.Tx) error {
		if err := d.run(ctx, tx, f, false); err != nil {
			return err
		}
		a.Duration = now().Sub(start)
		return d.insertRow(ctx, tx, a)
	})
	if err != nil {
		return Applied{}, err
	}
	return a, nil
}

func (d *postgresDriver) Revert(ctx context.Context, f *File) error {
	del := func(x execer) error {
		tag, err := x.Exec(ctx, "DELETE FROM "+d.table+" WHERE revision = $1", f.Revision)
		if err != nil {
			return fmt.Errorf("deleting revision %s from %s: %w", f.Revision, d.table, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotApplied
		}
		return nil
	}
	if f.NoTransaction {
		var n int
		if err := d.conn.QueryRow(ctx, "SELECT count(*) FROM "+d.table+" WHERE revision = $1", f.Revision).Scan(&n); err != nil {
			return fmt.Errorf("reading version table %s: %w", d.table, err)
		}
		if n == 0 {
			return ErrNotApplied
		}
		if err := d.run(ctx, d.conn, f, true); err != nil {
			return err
		}
		return del(d.conn)
	}
	return pgx.BeginFunc(ctx, d.conn, func(tx pgx.Tx) error {
		// Delete first: a missing row means nothing to revert, and the
		// row lock keeps a runner without the advisory lock out.
		if err := del(tx); err != nil {
			return err
		}
		return d.run(ctx, tx, f, true)
	})
}

func (d *postgresDriver) SetApplied(ctx context.Context, add []Applied, remove []string) error {
	return pgx.BeginFunc(ctx, d.conn, func(tx pgx.Tx) error {
		if len(remove) > 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM "+d.table+" WHERE revision = ANY($1)", remove); err != nil {
				return fmt.Errorf("stamping %s: %w", d.table, err)
			}
		}
		for _, a := range add {
			if err := d.insertRow(ctx, tx, a); err != nil {
				return fmt.Errorf("stamping: %w", err)
			}
		}
		return nil
	})
}

func (d *postgresDriver) WriteScript(ctx context.Context, w io.Writer, files []*File, down bool) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "-- Run with: psql -v ON_ERROR_STOP=1 -f <this file>\n")
	fmt.Fprintf(ew, "%s;\n", d.createTable())
	fmt.Fprintf(ew, "SELECT pg_advisory_lock(%d);\n", d.key)
	for _, f := range files {
		scriptHeading(ew, f, down)
		if f.NoTransaction {
			fmt.Fprintf(ew, "-- no transaction (gen:no-transaction): on an error, stop and see which statements ran\n")
		} else {
			fmt.Fprintf(ew, "BEGIN;\n")
		}
		if down {
			if !f.NoTransaction {
				fmt.Fprintf(ew, "DELETE FROM %s WHERE revision = %s;\n", d.table, sqlString(f.Revision))
			}
			writeStmts(ew, f.Down)
			if f.NoTransaction {
				fmt.Fprintf(ew, "DELETE FROM %s WHERE revision = %s;\n", d.table, sqlString(f.Revision))
			}
		} else {
			writeStmts(ew, f.Up)
			fmt.Fprintf(ew, "INSERT INTO %s (revision, checksum, applied_at, duration_ms) VALUES (%s, %s, now(), 0);\n",
				d.table, sqlString(f.Revision), sqlString(f.Sum))
		}
		if !f.NoTransaction {
			fmt.Fprintf(ew, "COMMIT;\n")
		}
	}
	fmt.Fprintf(ew, "\nSELECT pg_advisory_unlock(%d);\n", d.key)
	return ew.err
}

// errWriter keeps the first write error so scripts can be written without
// checking each line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
