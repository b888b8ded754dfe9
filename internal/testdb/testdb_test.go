package testdb

import (
	"context"
	"testing"
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
