// Package testdb gives tests their own database: a uniquely named
// PostgreSQL schema on the server named by GEN_TEST_POSTGRES_URL, or a
// fresh SQLite file. Each is dropped when the test ends.
//
// Tests never mock the database: introspection and apply tests run the
// real server. When GEN_TEST_POSTGRES_URL is unset, PostgreSQL tests skip
// with a message saying so.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// EnvPostgres is the environment variable naming the PostgreSQL server
// tests run against, e.g. postgres://postgres@127.0.0.1:5432/test.
const EnvPostgres = "GEN_TEST_POSTGRES_URL"

// SkipMessage is what PostgreSQL tests say when they skip.
const SkipMessage = EnvPostgres + " is not set: skipping PostgreSQL tests (set it to e.g. postgres://postgres@127.0.0.1:5432/test)"

// PostgresURL returns the server URL from GEN_TEST_POSTGRES_URL, or skips t.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		t.Skip(SkipMessage)
	}
	return u
}

// A PG is a PostgreSQL schema of the test's own.
type PG struct {
	// URL connects with search_path set to Schema, so that unqualified
	// names and gen's target schema are the test's schema.
	URL string
	// Schema is the unique schema name.
	Schema string
	// Conn is an open connection whose search_path is Schema.
	Conn *pgx.Conn
}

// Postgres creates a uniquely named schema for t, returns a connection to
// it, and drops the schema (CASCADE) when t ends. It skips t when
// GEN_TEST_POSTGRES_URL is unset and fails t when the server cannot be
// reached.
func Postgres(t testing.TB) *PG {
	t.Helper()
	base := PostgresURL(t)
	name := UniqueName(t)
	create(t, base, "schema", "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize(), name, 30*time.Second,
		func(ctx context.Context, c *pgx.Conn) error { return dropSchema(ctx, c, name) })
	return connect(t, WithSearchPath(t, base, name), "schema "+name, name)
}

// create runs the statement that makes the test's schema or database
// (what, named name) on the server at base, and registers drop to run on a
// connection of its own, within dropWithin, when t ends.
func create(t testing.TB, base, what, stmt, name string, dropWithin time.Duration, drop func(context.Context, *pgx.Conn) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("testdb: connecting to %s: %v", EnvPostgres, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, stmt); err != nil {
		t.Fatalf("testdb: creating %s %s: %v", what, name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), dropWithin)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("testdb: dropping %s %s: %v", what, name, err)
			return
		}
		defer c.Close(ctx)
		if err := drop(ctx, c); err != nil {
			t.Errorf("testdb: dropping %s %s: %v", what, name, err)
		}
	})
}

// connect opens the test's connection to u, closed when t ends.
func connect(t testing.TB, u, name, schema string) *PG {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("testdb: connecting to %s: %v", name, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return &PG{URL: u, Schema: schema, Conn: conn}
}

// WithSearchPath returns base with its search_path parameter set to schema.
func WithSearchPath(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %s is not a URL: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SQLitePath returns the path of a fresh SQLite database file in t's
// temporary directory (the file does not exist yet).
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "test.db")
}

var nonIdent = regexp.MustCompile(`[^a-z0-9_]+`)

// UniqueName returns a lower-case identifier made of the test's name and
// random hex, at most 63 bytes, so that parallel tests never collide.
func UniqueName(t testing.TB) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	n := nonIdent.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(n) > 40 {
		n = n[:40]
	}
	return "gt_" + strings.Trim(n, "_") + "_" + hex.EncodeToString(b)
}

// dropSchema drops a test schema and everything in it. DROP SCHEMA …
// CASCADE takes a lock per object in one transaction; a schema of
// thousands of objects (the 500-table query-count test) can exhaust the
// server's lock table while other tests run ("out of shared memory"),
// which left such schemas behind to slow every later catalog query. Then
// the tables go first, a few at a time, each drop in its own transaction.
func dropSchema(ctx context.Context, c *pgx.Conn, name string) error {
	drop := "DROP SCHEMA " + pgx.Identifier{name}.Sanitize() + " CASCADE"
	if _, err := c.Exec(ctx, drop); err == nil {
		return nil
	}
	rows, err := c.Query(ctx, `SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`, name)
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for len(tables) > 0 {
		n := min(len(tables), 50)
		var names []string
		for _, t := range tables[:n] {
			names = append(names, pgx.Identifier{name, t}.Sanitize())
		}
		if _, err := c.Exec(ctx, "DROP TABLE IF EXISTS "+strings.Join(names, ", ")+" CASCADE"); err != nil {
			return err
		}
		tables = tables[n:]
	}
	_, err = c.Exec(ctx, drop)
	return err
}

// Extension installs the contrib extension name (pg_trgm, citext) in the
// public schema of the test server's database, once for the database: an
// extension is database-wide, so it is never dropped (other tests may be
// using it). The server must have the contrib package; CI's has.
func Extension(t testing.TB, name string) {
	t.Helper()
	base := PostgresURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to install extension %s: %v", name, err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS "+pgx.Identifier{name}.Sanitize()+" SCHEMA public")
	var pgErr *pgconn.PgError
	// 23505: a concurrent test created it between the check and the insert.
	if err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "23505") {
		t.Fatalf("installing extension %s: %v", name, err)
	}
}
