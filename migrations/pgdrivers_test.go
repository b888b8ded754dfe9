package migrations

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/genmigrate/gen/internal/testdb"
)

// pgVersionRows lists the version rows of pg's schema as another session
// sees them ("" when there is no version table).
func pgVersionRows(t *testing.T, pg *testdb.PG) string {
	t.Helper()
	ctx := context.Background()
	var exists bool
	if err := pg.Conn.QueryRow(ctx, "SELECT to_regclass('gen_migrations') IS NOT NULL").Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		return ""
	}
	var s string
	if err := pg.Conn.QueryRow(ctx, "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM gen_migrations").Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A *sql.DB opened with pgx's database/sql driver runs a directory as a
// *pgx.Conn does, holding one connection per call (the lock is gone after
// it); a *sql.DB of another driver is refused, naming it.
func TestPostgresDB(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("pgx", pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := writeDir(t, history()...)
	m := newMigrator(t, dir, NewPostgresDB(db, pg.Schema))
	if done, err := m.Upgrade(ctx, Up(3)); err != nil || ids(done) != "a,b,c" {
		t.Fatalf("Upgrade = %q, %v", ids(done), err)
	}
	if done, err := m.Downgrade(ctx, Down(1)); err != nil || ids(done) != "c" {
		t.Fatalf("Downgrade = %q, %v", ids(done), err)
	}
	if got := pgVersionRows(t, pg); got != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
		t.Errorf("version rows %q, want a,b", got)
	}
	if st, err := m.Status(ctx); err != nil || ids(st.Pending) != "c,d" {
		t.Errorf("Status = %+v, %v", st, err)
	}
	if n := advisoryHeld(t, pg); n != 0 {
		t.Errorf("%d sessions hold the migration lock after the calls", n)
	}

	// SQLite behind database/sql is not PostgreSQL.
	sq := openSQLite(t, testdb.SQLitePath(t))
	_, err = newMigrator(t, dir, NewPostgresDB(sq, "")).Upgrade(ctx, Head())
	if err == nil || !strings.Contains(err.Error(), "*sqlite.Driver") || !strings.Contains(err.Error(), `sql.Open("pgx", url)`) {
		t.Errorf("NewPostgresDB over SQLite = %v, want an error naming *sqlite.Driver and pgx", err)
	}
	if _, err := New(dir, NewPostgresDB(nil, "")); err == nil {
		t.Error("New with NewPostgresDB(nil) succeeded")
	}
}

// A connection acquired from a pgxpool.Pool runs a directory.
func TestPostgresPoolConn(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	pc, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Release()
	dir := writeDir(t, history()...)
	if done, err := newMigrator(t, dir, NewPostgresConn(pc, pg.Schema)).Upgrade(ctx, Head()); err != nil || ids(done) != "a,b,c,d" {
		t.Fatalf("Upgrade = %q, %v", ids(done), err)
	}
	if got := pgVersionRows(t, pg); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc,dddddddddddd" {
		t.Errorf("version rows %q", got)
	}
	if n := advisoryHeld(t, pg); n != 0 {
		t.Errorf("%d sessions hold the migration lock after the run", n)
	}
}

// Inside the caller's transaction: nothing is visible to other sessions
// until the caller commits; a failing revision is rolled back to its
// savepoint and the transaction goes on; the lock is the transaction's,
// held until it ends; a no-transaction revision is refused, changing
// nothing.
func TestPostgresTx(t *testing.T) {
	pg := testdb.Postgres(t)
	t.Parallel()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	files := history()
	files[2].Up = stmts("ALTER TABLE users ADD COLUMN tz text", "ALTER TABLE nope ADD COLUMN x text")
	dir := writeDir(t, files...)

	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	m := newMigrator(t, dir, NewPostgresTx(tx, pg.Schema), WithLockTimeout(5*time.Second))
	done, err := m.Upgrade(ctx, Head())
	var se *StmtError
	if !errors.As(err, &se) || se.Revision != "cccccccccccc" || ids(done) != "a,b" {
		t.Fatalf("Upgrade = %q, %v; want a,b applied and c failing", ids(done), err)
	}
	if got := pgVersionRows(t, pg); got != "" {
		t.Errorf("before the commit another session sees version rows %q", got)
	}
	// The migration lock is held by the transaction.
	if n := advisoryHeld(t, pg); n != 1 {
		t.Errorf("%d sessions hold the migration lock while the transaction is open, want 1", n)
	}
	other, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	if _, err := newMigrator(t, dir, NewPostgres(other, pg.Schema), WithLockTimeout(300*time.Millisecond)).Upgrade(ctx, Head()); !errors.Is(err, ErrLocked) {
		t.Errorf("a runner beside the open transaction = %v, want ErrLocked", err)
	}
	// The transaction is still usable: the caller's own work goes on.
	if _, err := tx.Exec(ctx, "INSERT INTO users (id, email) VALUES (1, 'a@example.com')"); err != nil {
		t.Fatalf("the caller's transaction after a failed revision: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := pgVersionRows(t, pg); got != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
		t.Errorf("after the commit the version rows are %q, want a,b", got)
	}
	if n := advisoryHeld(t, pg); n != 0 {
		t.Errorf("%d sessions hold the migration lock after the commit", n)
	}

	// A no-transaction revision cannot run in the caller's transaction.
	online := &File{Revision: "eeeeeeeeeeee", Message: "online", NoTransaction: true,
		Up: stmts("CREATE INDEX CONCURRENTLY users_email2 ON users (email)"), Down: stmts("DROP INDEX users_email2")}
	dir2 := writeDir(t, online)
	tx2, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Rollback(ctx)
	m2 := newMigrator(t, dir2, NewPostgresTx(tx2, pg.Schema), WithVersionTable("other_migrations"))
	if _, err := m2.Upgrade(ctx, Head()); !errors.Is(err, ErrNoTransaction) || !strings.Contains(err.Error(), "20261122063000_online.sql") {
		t.Fatalf("Upgrade of a no-transaction revision in a transaction = %v, want ErrNoTransaction naming the file", err)
	}
	var exists bool
	if err := tx2.QueryRow(ctx, "SELECT to_regclass('other_migrations') IS NOT NULL").Scan(&exists); err != nil || exists {
		t.Errorf("the refused run created its version table (%v, %v)", exists, err)
	}
}
