package testdb

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestPostgresSchemaIsIsolated(t *testing.T) {
	pg := Postgres(t)
	var sp string
	if err := pg.Conn.QueryRow(context.Background(), "SELECT current_schema()").Scan(&sp); err != nil {
		t.Fatal(err)
	}
	if sp != pg.Schema {
		t.Fatalf("current_schema() = %q, want the test's schema %q", sp, pg.Schema)
	}
}

// TestDatabaseIsDropped: Database gives a database of the test's own whose
// current schema is public, and drops it when the test ends.
func TestDatabaseIsDropped(t *testing.T) {
	base := PostgresURL(t)
	var name string
	t.Run("inner", func(t *testing.T) {
		db := Database(t)
		var schema string
		if err := db.Conn.QueryRow(context.Background(), "SELECT current_database(), current_schema()").Scan(&name, &schema); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(name, "gt_") || schema != "public" {
			t.Fatalf("current_database() = %q, current_schema() = %q; want a gt_ database and public", name, schema)
		}
	})
	conn, err := pgx.Connect(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if name == "" || n != 0 {
		t.Fatalf("database %q is still there after the test (%d)", name, n)
	}
}
