package migrations

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/genmigrate/gen/internal/testdb"
)

// pgHolder holds an ACCESS EXCLUSIVE lock on table in a transaction of a
// connection of its own until the test ends, as an application's long
// transaction would; it returns the holder's pid.
func pgHolder(t *testing.T, pg *testdb.PG, table string) int {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+table+" IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(context.Background()) })
	return int(c.PgConn().PID())
}

// notes collects what the runner says while it waits.
type notes struct {
	mu   sync.Mutex
	msgs []string
}

func (n *notes) add(m string) { n.mu.Lock(); n.msgs = append(n.msgs, m); n.mu.Unlock() }
func (n *notes) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.msgs...)
}

// An upgrade behind a held ACCESS EXCLUSIVE lock with a 2s lock timeout
// fails within 10s naming the lock and its holder, says once that it is
// waiting, rolls the revision back and leaves the migration lock free.
func TestStatementLockTimeout(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	dir := writeDir(t, history()...)
	conn := func() *pgx.Conn {
		c, err := pgx.Connect(ctx, pg.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c
	}
	if _, err := newMigrator(t, dir, NewPostgres(conn(), pg.Schema)).Upgrade(ctx, Up(2)); err != nil {
		t.Fatal(err)
	}
	holder := pgHolder(t, pg, "users")
	var n notes
	m := newMigrator(t, dir, NewPostgres(conn(), pg.Schema), WithLockTimeout(2*time.Second), WithNotify(n.add))
	start := time.Now()
	_, err := m.Upgrade(ctx, Head())
	took := time.Since(start)
	var se *StmtError
	if !errors.As(err, &se) || se.Cause != CauseLockTimeout {
		t.Fatalf("Upgrade behind a held lock = %v, want a lock-timeout StmtError", err)
	}
	if took > 10*time.Second || took < 2*time.Second {
		t.Errorf("it took %s, want 2s to 10s", took)
	}
	for _, want := range []string{"lock timeout", "AccessExclusiveLock on users", "blocked by pid " + itoa(holder), "rolled back", "--lock-timeout"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if msgs := n.all(); len(msgs) != 1 || !strings.Contains(msgs[0], "waiting for AccessExclusiveLock on users, blocked by pid") || !strings.Contains(msgs[0], "pid "+itoa(holder)) {
		t.Errorf("notes = %q, want one saying it waits for the users lock of pid %d", msgs, holder)
	}
	if got := advisoryHeld(t, pg); got != 0 {
		t.Errorf("%d advisory locks held after the failed upgrade", got)
	}
	var rows int
	pg.Conn.QueryRow(ctx, "SELECT count(*) FROM gen_migrations").Scan(&rows)
	if rows != 2 {
		t.Errorf("version table has %d rows, want 2", rows)
	}
}

// Cancelling the context of a run that waits behind a lock cancels the
// statement on the server and releases the migration lock before Upgrade
// returns; the error says the revision was rolled back.
func TestCancelStopsTheServerStatement(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	dir := writeDir(t, history()...)
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	if _, err := newMigrator(t, dir, NewPostgres(c, pg.Schema)).Upgrade(ctx, Up(2)); err != nil {
		t.Fatal(err)
	}
	pgHolder(t, pg, "users")
	var n notes
	m := newMigrator(t, dir, NewPostgres(c, pg.Schema), WithNotify(n.add))
	rctx, cancel := context.WithCancel(ctx)
	go func() {
		// Cancel once the runner says it waits.
		for len(n.all()) == 0 {
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
	}()
	_, err = m.Upgrade(rctx, Head())
	var se *StmtError
	if !errors.As(err, &se) || se.Cause != CauseCancelled || !strings.Contains(err.Error(), "cancelled on the server") || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("cancelled Upgrade = %v, want a cancelled StmtError saying it rolled back", err)
	}
	pid := c.PgConn().PID()
	if got := pgCount(t, pg, "SELECT count(*) FROM pg_stat_activity WHERE pid = "+itoa(int(pid))+" AND state <> 'idle'"); got != 0 {
		t.Errorf("gen's session still runs a statement after the cancel")
	}
	if got := advisoryHeld(t, pg); got != 0 {
		t.Errorf("%d advisory locks held after the cancel", got)
	}
	// The connection is still good.
	if err := c.Ping(ctx); err != nil {
		t.Errorf("the connection died: %v", err)
	}
}

// A runner waiting for another's migration lock says so once, naming the
// holder, and with a lock timeout gives up naming it too.
func TestMigrationLockWaitNamesHolder(t *testing.T) {
	e := pgEnv(t)
	t.Parallel()
	dir := writeDir(t, history()...)
	holder := e.driver().(*postgresDriver)
	unlock, err := holder.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	pid := itoa(int(holder.conn.PgConn().PID()))
	var n notes
	m := newMigrator(t, dir, e.driver(), WithLockTimeout(time.Second), WithNotify(n.add))
	_, err = m.Upgrade(context.Background(), Head())
	if !IsLocked(err) || !strings.Contains(err.Error(), "held by pid "+pid) || !strings.Contains(err.Error(), "--lock-timeout 1s") {
		t.Fatalf("Upgrade while another runner holds the lock = %v, want ErrLocked naming pid %s and the timeout", err, pid)
	}
	if msgs := n.all(); len(msgs) != 1 || !strings.Contains(msgs[0], "waiting for the migration lock") || !strings.Contains(msgs[0], "pid "+pid) {
		t.Errorf("notes = %q, want one naming pid %s", msgs, pid)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func pgCount(t *testing.T, pg *testdb.PG, q string) int {
	t.Helper()
	var n int
	if err := pg.Conn.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// advisoryHeld counts the sessions holding the migration lock of pg's
// schema.
func advisoryHeld(t *testing.T, pg *testdb.PG) int {
	t.Helper()
	key := lockKey(VersionTable, pg.Schema)
	return pgCount(t, pg, fmt.Sprintf("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %d AND objid = %d AND objsubid = 1",
		uint32(uint64(key)>>32), uint32(uint64(key))))
}

// PostgreSQL's detail and hint reach the message, and the advice fits the
// cause: a server limit is not "fix the statement".
func TestStmtErrorKeepsHintAndFitsCause(t *testing.T) {
	limit := &StmtError{File: "m.sql", Line: 3, Revision: "r", Cause: CauseServerLimit,
		Err: &pgconn.PgError{Severity: "ERROR", Code: "53200", Message: "out of shared memory", Hint: "You might need to increase \"max_locks_per_transaction\"."}}
	msg := limit.Error()
	for _, want := range []string{"m.sql:3:", "out of shared memory", "HINT: You might need to increase \"max_locks_per_transaction\".", "raise it, or split the revision", "rolled back"} {
		if !strings.Contains(msg, want) {
			t.Errorf("server-limit message %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "fix the statement") {
		t.Errorf("server-limit message %q tells to fix the statement", msg)
	}

	pg := testdb.Postgres(t)
	ctx := context.Background()
	bad := &File{Revision: "aaaaaaaaaaaa", Message: "bad", Up: stmts("SELECT abs('x'::text)"), Down: stmts("SELECT 1")}
	dir := writeDir(t, bad)
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	_, err = newMigrator(t, dir, NewPostgres(c, pg.Schema)).Upgrade(ctx, Head())
	var se *StmtError
	if !errors.As(err, &se) || se.Cause != CauseStatement || !strings.Contains(err.Error(), "HINT: No function matches") || !strings.Contains(err.Error(), "fix the statement") {
		t.Fatalf("Upgrade of a bad statement = %v, want the server's hint and 'fix the statement'", err)
	}
}

// A no-transaction revision that stops partway records how far it got: the
// next run resumes at the failed statement without running the others
// again; one stopped in a CREATE INDEX CONCURRENTLY that left an INVALID
// index says to drop it, and then resumes.
func TestNoTransactionResumes(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	base := &File{Revision: "aaaaaaaaaaaa", Message: "tables",
		Up:   stmts("CREATE TABLE gate (ok integer)", "CREATE TABLE items (v integer)", "INSERT INTO items VALUES (1), (1)"),
		Down: stmts("DROP TABLE items", "DROP TABLE gate")}
	online := &File{Revision: "bbbbbbbbbbbb", Parents: []string{"aaaaaaaaaaaa"}, Message: "online", NoTransaction: true,
		Up: stmts(
			"CREATE TABLE once (id integer)",                  // fails if run twice
			"SELECT 1 / (SELECT count(*) FROM gate)::integer", // fails until gate has a row
			"CREATE UNIQUE INDEX CONCURRENTLY items_v ON items (v)",
			"CREATE TABLE after (id integer)"),
		Down: stmts("DROP TABLE after", "DROP INDEX CONCURRENTLY items_v", "DROP TABLE once")}
	dir := writeDir(t, base, online)
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n notes
	m := newMigrator(t, dir, NewPostgres(c, pg.Schema), WithNotify(n.add))
	exec := func(q string) {
		t.Helper()
		if _, err := pg.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	_, err = m.Upgrade(ctx, Head())
	var se *StmtError
	if !errors.As(err, &se) || !se.Resumable || !strings.Contains(err.Error(), "division by zero") || !strings.Contains(err.Error(), ProgressTable) || !strings.Contains(err.Error(), "resumes at line") {
		t.Fatalf("first run = %v, want a resumable StmtError on the division", err)
	}
	exec("INSERT INTO gate VALUES (1)")
	// Second run: resumes at the division (CREATE TABLE once is not run
	// again), then the unique index over duplicates fails and leaves an
	// INVALID index.
	_, err = m.Upgrade(ctx, Head())
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "could not create unique index") {
		t.Fatalf("second run = %v, want the unique index to fail (it resumed past CREATE TABLE once)", err)
	}
	// It says it resumes, and (the run over) that items_v is INVALID.
	if msgs := n.all(); len(msgs) != 2 || !strings.Contains(msgs[0], "resuming revision bbbbbbbbbbbb online at statement 2 of 4") || !strings.Contains(msgs[1], "warning: index items_v on table items is INVALID") {
		t.Errorf("notes = %q, want one saying it resumes at statement 2, one that items_v is INVALID", msgs)
	}
	// Third run: the statement to resume left index items_v INVALID: it
	// says to drop it, and changes nothing.
	_, err = m.Upgrade(ctx, Head())
	if !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "items_v INVALID") || !strings.Contains(err.Error(), "DROP INDEX CONCURRENTLY items_v") {
		t.Fatalf("third run = %v, want ErrInterrupted naming the INVALID index and the DROP", err)
	}
	exec("DROP INDEX CONCURRENTLY items_v")
	exec("DELETE FROM items WHERE ctid <> (SELECT min(ctid) FROM items)")
	if done, err := m.Upgrade(ctx, Head()); err != nil || ids(done) != "b" {
		t.Fatalf("fourth run = %v, %v; want b applied", ids(done), err)
	}
	if got := pgCount(t, pg, "SELECT count(*) FROM pg_class WHERE relname = '"+ProgressTable+"'  AND relnamespace = current_schema()::regnamespace"); got != 0 {
		t.Errorf("the progress table is left after the revision finished")
	}
	if got := pgCount(t, pg, "SELECT count(*) FROM pg_index WHERE indexrelid = 'items_v'::regclass AND indisvalid"); got != 1 {
		t.Errorf("items_v is not a valid index")
	}
	// And back down, recorded the same way.
	if done, err := m.Downgrade(ctx, Down(1)); err != nil || ids(done) != "b" {
		t.Fatalf("downgrade = %v, %v", ids(done), err)
	}
	if got := pgCount(t, pg, "SELECT count(*) FROM pg_class WHERE relname = '"+ProgressTable+"'  AND relnamespace = current_schema()::regnamespace") + pgCount(t, pg, "SELECT count(*) FROM gen_migrations WHERE revision = 'bbbbbbbbbbbb'"); got != 0 {
		t.Errorf("after the downgrade, %d progress or version rows of b remain", got)
	}
}

// On SQLite a runner holds the write lock for its whole run: another
// waits, says so once, and with a lock timeout gives up saying the
// database is locked (not that a server is down); once the lock is free
// it finds nothing left to do.
func TestSQLiteRunLock(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	dir := writeDir(t, history()...)
	holder := e.driver()
	unlock, err := holder.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n notes
	m := newMigrator(t, dir, e.driver(), WithLockTimeout(700*time.Millisecond), WithNotify(n.add))
	start := time.Now()
	_, err = m.Upgrade(ctx, Head())
	if !IsLocked(err) || !strings.Contains(err.Error(), "database is locked; another gen or the application holds it") || !strings.Contains(err.Error(), "--lock-timeout 700ms") {
		t.Fatalf("Upgrade while another runner holds the run lock = %v, want ErrLocked saying the database is locked", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("it gave up after %s, want about 700ms", took)
	}
	if msgs := n.all(); len(msgs) != 1 || !strings.Contains(msgs[0], "waiting for SQLite's write lock") {
		t.Errorf("notes = %q, want one saying it waits", msgs)
	}
	// Without a timeout it waits for the lock and then runs.
	other := newMigrator(t, dir, e.driver())
	done := make(chan []*File)
	go func() {
		d, err := other.Upgrade(ctx, Head())
		if err != nil {
			t.Error(err)
		}
		done <- d
	}()
	time.Sleep(300 * time.Millisecond)
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if got := <-done; ids(got) != "a,b,c,d" {
		t.Errorf("the waiting runner applied %q once the lock was free, want a,b,c,d", ids(got))
	}
}

// A run killed after a no-transaction statement finished but before its
// progress was recorded: the next run runs that statement again, and when
// it fails it says it may have taken effect and gives the SQL that
// records it as done; after that SQL, the run goes on after it.
func TestNoTransactionUncertainStatement(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	online := &File{Revision: "aaaaaaaaaaaa", Message: "online", NoTransaction: true,
		Up:   stmts("CREATE TABLE gate (ok integer)", "SELECT 1 / (SELECT count(*) FROM gate)::integer", "CREATE TABLE after (id integer)"),
		Down: stmts("DROP TABLE after", "DROP TABLE gate")}
	dir := writeDir(t, online)
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	m := newMigrator(t, dir, NewPostgres(c, pg.Schema))
	if _, err := m.Upgrade(ctx, Head()); err == nil {
		t.Fatal("the division succeeded")
	}
	// As if the record of statement 1 had been lost to a kill.
	if _, err := pg.Conn.Exec(ctx, "UPDATE "+ProgressTable+" SET done = 0"); err != nil {
		t.Fatal(err)
	}
	_, err = m.Upgrade(ctx, Head())
	var se *StmtError
	if !errors.As(err, &se) || se.MarkDone == "" || !strings.Contains(err.Error(), `relation "gate" already exists`) || !strings.Contains(err.Error(), "may have taken effect") {
		t.Fatalf("re-run = %v, want the uncertain statement reported with the SQL that records it", err)
	}
	if _, err := pg.Conn.Exec(ctx, se.MarkDone); err != nil {
		t.Fatalf("%s: %v", se.MarkDone, err)
	}
	if _, err := pg.Conn.Exec(ctx, "INSERT INTO gate VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	if done, err := m.Upgrade(ctx, Head()); err != nil || ids(done) != "a" {
		t.Fatalf("after recording it, upgrade = %v, %v; want a applied", ids(done), err)
	}
}

// The run's timeouts replace the value of a file's own SET statements;
// without them the file's apply as written.
func TestRunTimeoutsReplaceTheFiles(t *testing.T) {
	d := &postgresDriver{opts: RunOptions{LockTimeout: 2 * time.Second}}
	for in, want := range map[string]string{
		"SET LOCAL lock_timeout = '5s'":         "SET LOCAL lock_timeout = '2000ms'",
		"SET lock_timeout = '5s'":               "SET lock_timeout = '2000ms'",
		"SET LOCAL statement_timeout = '30min'": "SET LOCAL statement_timeout = '30min'", // no run value
		"ALTER TABLE users ADD COLUMN tz text":  "ALTER TABLE users ADD COLUMN tz text",
	} {
		if got := d.withOptions(in); got != want {
			t.Errorf("withOptions(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (&postgresDriver{}).withOptions("SET LOCAL lock_timeout = '5s'"); got != "SET LOCAL lock_timeout = '5s'" {
		t.Errorf("without run options the file's SET became %q", got)
	}
}
