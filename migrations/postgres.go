package migrations

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// postgresDriver runs migrations on one PostgreSQL connection.
type postgresDriver struct {
	conn *pgx.Conn
	// q runs the driver's statements: conn, or the caller's transaction
	// (NewPostgresTx).
	q pgQuerier
	// callerTx is set for NewPostgresTx: the lock is the transaction's,
	// each revision a savepoint, and nothing is committed by gen.
	callerTx bool
	schema   string
	table    string // quoted, schema-qualified version table
	key      int64  // advisory lock key
	vt       string // the version table's name
	opts     RunOptions
	// monitor is a second connection, opened when a statement waits, that
	// asks the server who blocks it.
	monitor *pgx.Conn
}

func (d *postgresDriver) SetRunOptions(o RunOptions) { d.opts = o }

func (d *postgresDriver) Dialect() string { return DialectPostgres }

func (d *postgresDriver) notify(format string, args ...any) {
	if d.opts.Notify != nil {
		d.opts.Notify(fmt.Sprintf(format, args...))
	}
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
	return newPostgres(conn, schema)
}

func newPostgres(conn *pgx.Conn, schema string) *postgresDriver {
	d := &postgresDriver{conn: conn, q: conn, schema: schema}
	d.setVersionTable(VersionTable)
	return d
}

// setVersionTable names the version table, and with it the progress
// table and the lock key.
func (d *postgresDriver) setVersionTable(name string) {
	d.vt = name
	d.table = d.qualified(name)
	d.key = lockKey(name, d.schema)
}

// qualified is name quoted, in the driver's schema.
func (d *postgresDriver) qualified(name string) string {
	if d.schema != "" {
		return pgx.Identifier{d.schema, name}.Sanitize()
	}
	return pgx.Identifier{name}.Sanitize()
}

// lockKey derives the advisory lock key of a version table in a schema
// (for gen_migrations, the key gen has always used).
func lockKey(versionTable, schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte(versionTable + "\x00" + schema))
	return int64(h.Sum64())
}

func (d *postgresDriver) Lock(ctx context.Context) (func() error, error) {
	wait := 20 * time.Millisecond
	told := false
	for {
		var ok bool
		if err := d.q.QueryRow(ctx, d.tryLockSQL(), d.key).Scan(&ok); err != nil {
			if ctx.Err() != nil {
				return nil, d.lockWaitError(ctx)
			}
			return nil, fmt.Errorf("taking the migration lock: %w", err)
		}
		if ok {
			break
		}
		if !told {
			told = true
			d.notify("waiting for the migration lock of schema %q: %s", d.schema, d.lockHolder(ctx))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, d.lockWaitError(ctx)
		case <-t.C:
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
	if err := d.sessionTimeouts(ctx); err != nil {
		d.unlock()
		return nil, err
	}
	return d.unlock, nil
}

// tryLockSQL takes the migration lock without waiting: a session lock, or
// in the caller's transaction a transaction lock, released when it ends.
func (d *postgresDriver) tryLockSQL() string {
	if d.callerTx {
		return "SELECT pg_try_advisory_xact_lock($1)"
	}
	return "SELECT pg_try_advisory_lock($1)"
}

// unlock releases the advisory lock, whatever state the caller's context
// is in: a cancelled run must not leave the lock behind.
func (d *postgresDriver) unlock() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if d.monitor != nil {
		d.monitor.Close(ctx)
		d.monitor = nil
	}
	if d.callerTx {
		// The lock and SET LOCAL end with the caller's transaction.
		return nil
	}
	var err error
	for range 3 {
		// A cancel request sent for the statement before may arrive late
		// and cancel this one: try again.
		if _, err = d.q.Exec(ctx, "SELECT pg_advisory_unlock($1)", d.key); err == nil || sqlState(err) != "57014" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		// Closing the session releases the lock too.
		d.conn.Close(ctx)
		return fmt.Errorf("releasing the migration lock (the connection was closed, which releases it): %w", err)
	}
	// The connection is the caller's: give it back with its own timeouts.
	if d.opts.LockTimeout > 0 {
		d.q.Exec(ctx, "RESET lock_timeout")
	}
	if d.opts.StatementTimeout > 0 {
		d.q.Exec(ctx, "RESET statement_timeout")
	}
	return nil
}

// lockWaitError is the ErrLocked of a wait for the migration lock that
// ended, naming the runner that holds it.
func (d *postgresDriver) lockWaitError(ctx context.Context) error {
	why := context.Cause(ctx)
	if errors.Is(why, context.Canceled) {
		why = errors.New("cancelled")
	}
	return fmt.Errorf("%w (schema %q): %v while it is %s", ErrLocked, d.schema, why, d.lockHolder(context.WithoutCancel(ctx)))
}

// lockHolder says which session holds the migration lock, as far as the
// server tells (pg_locks and pg_stat_activity).
func (d *postgresDriver) lockHolder(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := pgx.ConnectConfig(ctx, d.conn.Config())
	if err != nil {
		return "held by another session"
	}
	defer c.Close(ctx)
	var (
		pid           int
		app, state, q string
		since         string
	)
	err = c.QueryRow(ctx, `SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), coalesce(a.query, ''),
  coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), '')
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1`,
		int64(uint32(uint64(d.key)>>32)), int64(uint32(uint64(d.key)))).Scan(&pid, &app, &state, &q, &since)
	if err != nil {
		return "held by another session (gone, or not visible to this user, when gen looked)"
	}
	return fmt.Sprintf("held by pid %d%s (connected %s, %s: %s); another gen runner, or a session that took pg_advisory_lock(%d)", pid, appName(app), since, state, shortSQL(q), d.key)
}

func appName(app string) string {
	if app == "" {
		return ""
	}
	return " " + strconv.Quote(app)
}

// shortSQL is a query on one line, cut to 200 characters.
func shortSQL(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 200 {
		q = q[:200] + "…"
	}
	return q
}

// cause says why a statement failed.
func (d *postgresDriver) cause(ctx context.Context, err error) Cause {
	if ctx.Err() != nil {
		return CauseCancelled
	}
	switch code := sqlState(err); {
	case code == "55P03":
		return CauseLockTimeout
	case code == "57014":
		return CauseStatementTimeout
	case strings.HasPrefix(code, "53"), strings.HasPrefix(code, "54"):
		return CauseServerLimit
	}
	return CauseStatement
}

// sessionTimeouts sets the session's lock_timeout and statement_timeout
// from the run options.
func (d *postgresDriver) sessionTimeouts(ctx context.Context) error {
	for _, s := range []struct {
		name string
		v    time.Duration
	}{{"lock_timeout", d.opts.LockTimeout}, {"statement_timeout", d.opts.StatementTimeout}} {
		if s.v <= 0 {
			continue
		}
		local := ""
		if d.callerTx {
			local = "LOCAL "
		}
		if _, err := d.q.Exec(ctx, fmt.Sprintf("SET %s%s = %d", local, s.name, s.v.Milliseconds())); err != nil {
			return fmt.Errorf("setting %s: %w", s.name, err)
		}
	}
	return nil
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
	if _, err := d.q.Exec(ctx, d.createTable()); err != nil {
		return fmt.Errorf("creating version table %s: %w", d.table, err)
	}
	return nil
}

func (d *postgresDriver) Applied(ctx context.Context) ([]Applied, error) {
	var exists bool
	if err := d.q.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", d.table).Scan(&exists); err != nil {
		return nil, fmt.Errorf("looking for version table %s: %w", d.table, err)
	}
	if !exists {
		return nil, nil
	}
	rows, err := d.q.Query(ctx, "SELECT revision, checksum, applied_at, duration_ms FROM "+d.table+" ORDER BY applied_at, revision")
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

// pgQuerier is what *pgx.Conn and pgx.Tx have in common.
type pgQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
}

// execer is what runs statements: the connection or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// run executes f's statements in one direction on x.
func (d *postgresDriver) run(ctx context.Context, x execer, f *File, down bool) error {
	var ran []int
	for _, s := range stmtsOf(f, down) {
		if err := d.exec(ctx, x, d.withOptions(s.SQL)); err != nil {
			line := s.Line
			var pe *pgconn.PgError
			if errors.As(err, &pe) {
				line = lineAt(s, int(pe.Position))
			}
			return &StmtError{File: f.Name, Line: line, SQL: s.SQL, Err: err, Revision: f.Revision, Down: down, NoTransaction: f.NoTransaction, Ran: ran, Cause: d.cause(ctx, err)}
		}
		ran = append(ran, s.Line)
	}
	return nil
}

// withOptions gives a file's own SET [LOCAL] lock_timeout or
// statement_timeout the run's value, when the run has one.
func (d *postgresDriver) withOptions(sql string) string {
	m := timeoutRE.FindStringSubmatch(sql)
	if m == nil {
		return sql
	}
	v := d.opts.LockTimeout
	if m[2] == "statement_timeout" {
		v = d.opts.StatementTimeout
	}
	if v <= 0 {
		return sql
	}
	return fmt.Sprintf("SET %s%s = '%dms'", m[1], m[2], v.Milliseconds())
}

// blocked is what a statement waited for, as the monitor saw it.
type blocked struct{ what string }

// exec runs one statement. When ctx ends it sends the server a cancel
// request, so that the statement stops there too (pgx alone would only
// close the socket, leaving the statement, its locks and the migration
// lock to the server); only if the server does not answer within 10s is
// the connection dropped. A statement still waiting after half a second
// is looked at from a second connection: when another session blocks it,
// Notify is told once, naming the session.
func (d *postgresDriver) exec(ctx context.Context, x execer, sql string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	qctx, drop := context.WithCancel(context.WithoutCancel(ctx))
	defer drop()
	done := make(chan struct{})
	watched := make(chan struct{})
	var seen blocked
	go func() {
		defer close(watched)
		peek := time.NewTimer(500 * time.Millisecond)
		defer peek.Stop()
		for {
			select {
			case <-done:
				return
			case <-peek.C:
				if w := d.blocker(); w != "" && seen.what == "" {
					seen.what = w
					d.notify("waiting for %s", w)
				}
				peek.Reset(2 * time.Second)
			case <-ctx.Done():
				cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				d.conn.PgConn().CancelRequest(cctx)
				cancel()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					drop()
				}
				return
			}
		}
	}()
	_, err := x.Exec(qctx, sql)
	close(done)
	<-watched
	if err != nil && seen.what != "" {
		err = &waitError{err: err, what: seen.what}
	}
	return err
}

// A waitError is a statement's error with what it had waited for.
type waitError struct {
	err  error
	what string
}

func (e *waitError) Error() string { return e.err.Error() }
func (e *waitError) Unwrap() error { return e.err }

// blocker asks, on the monitor connection, which session blocks the
// driver's own; "" when none does.
func (d *postgresDriver) blocker() string {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if d.monitor == nil {
		c, err := pgx.ConnectConfig(ctx, d.conn.Config())
		if err != nil {
			return ""
		}
		d.monitor = c
	}
	var (
		pid           int
		mode, rel, st string
		q             string
	)
	err := d.monitor.QueryRow(ctx, `SELECT b.pid, coalesce(b.state, ''), coalesce(b.query, ''),
  coalesce((SELECT l.mode || coalesce(' on ' || l.relation::regclass::text, '') FROM pg_locks l
    WHERE l.pid = b.pid AND l.granted AND (l.relation, l.locktype) IN (SELECT w.relation, w.locktype FROM pg_locks w WHERE w.pid = $1 AND NOT w.granted) LIMIT 1), ''),
  coalesce((SELECT w.mode || coalesce(' on ' || w.relation::regclass::text, '') FROM pg_locks w WHERE w.pid = $1 AND NOT w.granted LIMIT 1), '')
FROM pg_stat_activity b WHERE b.pid = (pg_blocking_pids($1))[1]`, d.conn.PgConn().PID()).Scan(&pid, &st, &q, &mode, &rel)
	if err != nil {
		return ""
	}
	want := "a lock"
	if rel != "" {
		want = rel
	}
	held := ""
	if mode != "" {
		held = ", which holds " + mode
	}
	return fmt.Sprintf("%s, blocked by pid %d%s (%s: %s)", want, pid, held, st, shortSQL(q))
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
	if f.NoTransaction && d.callerTx {
		return Applied{}, d.errNoTx(f)
	}
	start := now()
	a := Applied{Revision: f.Revision, Checksum: f.Sum, AppliedAt: start.UTC()}
	if f.NoTransaction {
		err := d.runNoTx(ctx, f, false, func(tx pgx.Tx) error {
			a.Duration = now().Sub(start)
			return d.insertRow(context.WithoutCancel(ctx), tx, a)
		})
		if err != nil {
			return Applied{}, err
		}
		return a, nil
	}
	err := d.inTx(ctx, func(tx pgx.Tx) error {
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

// inTx runs fn in a transaction, rolled back on error even when ctx has
// ended, so that the connection (and the migration lock on it) survive a
// cancelled statement.
func (d *postgresDriver) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := d.q.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		rctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for range 3 {
			rerr := tx.Rollback(rctx)
			if rerr == nil || sqlState(rerr) != "57014" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		return err
	}
	return tx.Commit(context.WithoutCancel(ctx))
}

// sqlState is the SQLSTATE of a PostgreSQL error, or "".
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
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
	if f.NoTransaction && d.callerTx {
		return d.errNoTx(f)
	}
	if f.NoTransaction {
		var n int
		if err := d.q.QueryRow(ctx, "SELECT count(*) FROM "+d.table+" WHERE revision = $1", f.Revision).Scan(&n); err != nil {
			return fmt.Errorf("reading version table %s: %w", d.table, err)
		}
		if n == 0 {
			return ErrNotApplied
		}
		return d.runNoTx(ctx, f, true, func(tx pgx.Tx) error { return del(tx) })
	}
	return d.inTx(ctx, func(tx pgx.Tx) error {
		// Delete first: a missing row means nothing to revert, and the
		// row lock keeps a runner without the advisory lock out.
		if err := del(tx); err != nil {
			return err
		}
		return d.run(ctx, tx, f, true)
	})
}

func (d *postgresDriver) SetApplied(ctx context.Context, add []Applied, remove []string) error {
	return pgx.BeginFunc(ctx, d.q, func(tx pgx.Tx) error {
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
