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
	// DROP DATABASE waits for a checkpoint, which takes long on a server
	// busy with other tests; FORCE ends the connections the test left
	// open (an ORM's pool).
	create(t, base, "database", "CREATE DATABASE "+pgx.Identifier{name}.Sanitize(), name, 3*time.Minute,
		func(ctx context.Context, c *pgx.Conn) error {
			_, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
			return err
		})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %s is not a URL: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return connect(t, u.String(), "database "+name, "public")
}
