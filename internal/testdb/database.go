package testdb

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Database creates a uniquely named database for t on the server named by
// GEN_TEST_POSTGRES_URL and drops it when t ends, for tests that need what
// only a fresh database has: the default schema, public, as gen's target
// (a model naming its table "public.kv", an ORM creating tables there).
// URL connects without a search_path, so the target schema is public;
// Schema is "public". It skips t when GEN_TEST_POSTGRES_URL is unset.
func Database(t testing.TB) *PG {
	t.Helper()
	base := PostgresURL(t)
	name := UniqueName(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("testdb: connecting to %s: %v", EnvPostgres, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("testdb: creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		// DROP DATABASE waits for a checkpoint, which takes long on a
		// server busy with other tests.
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("testdb: dropping database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		// FORCE ends the connections the test left open (an ORM's pool).
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: dropping database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %s is not a URL: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatalf("testdb: connecting to database %s: %v", name, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return &PG{URL: u.String(), Schema: "public", Conn: conn}
}
