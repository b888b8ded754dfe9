package introspect

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/testdb"
)

// TestPostgresDependents reads the views, materialized views and rules
// over the inspected tables, in an order that recreates them, with what
// dropping them would take along; then drops them all with their Drop
// statements (last first) and recreates them with their Create
// statements, and reads the same again.
func TestPostgresDependents(t *testing.T) {
	ctx := context.Background()
	pg := testdb.Postgres(t)
	other := pg.Schema + "_rep"
	t.Cleanup(func() {
		pg.Conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{other}.Sanitize()+" CASCADE")
	})
	setup := []string{
		`CREATE TABLE users (id serial PRIMARY KEY, name varchar(40), email text, note text)`,
		`CREATE TABLE audit (id serial PRIMARY KEY, what text)`,
		`CREATE TABLE lonely (id int)`,
		`CREATE VIEW active_users WITH (security_barrier) AS SELECT id, name FROM users WHERE email IS NOT NULL`,
		`CREATE VIEW named AS SELECT name FROM active_users`,
		`CREATE MATERIALIZED VIEW name_counts AS SELECT name, count(*) AS n FROM users GROUP BY name`,
		`CREATE UNIQUE INDEX name_counts_name ON name_counts (name)`,
		`CREATE RULE log_rename AS ON UPDATE TO users WHERE new.name IS DISTINCT FROM old.name DO ALSO INSERT INTO audit (what) VALUES (old.name)`,
		`CREATE FUNCTION named_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO users (name) VALUES (NEW.name); RETURN NEW; END $$`,
		`CREATE TRIGGER named_ins INSTEAD OF INSERT ON named FOR EACH ROW EXECUTE FUNCTION named_ins()`,
		`COMMENT ON VIEW active_users IS 'users with an email'`,
		`COMMENT ON COLUMN active_users.name IS 'it''s the name'`,
		`GRANT SELECT ON active_users TO PUBLIC`,
		`CREATE SCHEMA ` + pgx.Identifier{other}.Sanitize(),
		`CREATE VIEW ` + pgx.Identifier{other, "emails"}.Sanitize() + ` AS SELECT email FROM users`,
		// Reads only a table gen does not inspect: left out.
		`CREATE VIEW lonely_view AS SELECT id FROM lonely`,
	}
	for _, q := range setup {
		if _, err := pg.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	read := func() []*attr.Dependent {
		t.Helper()
		s, err := Postgres(ctx, pg.Conn, Options{Schema: pg.Schema, Exclude: []string{"lonely"}})
		if err != nil {
			t.Fatal(err)
		}
		ds, ok := attr.Get[*attr.Dependents](s.Attrs)
		if !ok {
			t.Fatal("no attr.Dependents on the schema")
		}
		return ds.List
	}
	got := read()
	emails := other + ".emails"
	var order []string
	for _, d := range got {
		order = append(order, d.Kind+" "+d.Name)
	}
	want := []string{
		"view active_users",
		"materialized view name_counts",
		"view named",
		"rule log_rename ON users",
		"view " + emails,
	}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Fatalf("dependents (-want +got):\n%s", diff)
	}
	byName := make(map[string]*attr.Dependent)
	for _, d := range got {
		byName[d.Name] = d
	}
	checkReads := func(name string, want ...attr.ColumnRef) {
		t.Helper()
		if diff := cmp.Diff(want, byName[name].Reads); diff != "" {
			t.Errorf("%s reads (-want +got):\n%s", name, diff)
		}
	}
	checkReads("active_users", attr.ColumnRef{Table: "users", Column: "id"}, attr.ColumnRef{Table: "users", Column: "name"}, attr.ColumnRef{Table: "users", Column: "email"})
	checkReads("named") // through active_users only
	checkReads("name_counts", attr.ColumnRef{Table: "users", Column: "name"})
	checkReads("log_rename ON users", attr.ColumnRef{Table: "users", Column: "name"}, attr.ColumnRef{Table: "audit", Column: "what"})
	if diff := cmp.Diff([]string{"active_users"}, byName["named"].After); diff != "" {
		t.Errorf("named comes after (-want +got):\n%s", diff)
	}
	au := strings.Join(byName["active_users"].Create, "\n")
	for _, s := range []string{
		"CREATE VIEW active_users WITH (security_barrier=true) AS\nSELECT users.id",
		"COMMENT ON VIEW active_users IS 'users with an email'",
		`COMMENT ON COLUMN active_users.name IS 'it''s the name'`,
		"GRANT SELECT ON active_users TO PUBLIC",
	} {
		if !strings.Contains(au, s) {
			t.Errorf("active_users' Create lacks %q:\n%s", s, au)
		}
	}
	if nc := strings.Join(byName["name_counts"].Create, "\n"); !strings.Contains(nc, "WITH DATA") || !strings.Contains(nc, "CREATE UNIQUE INDEX name_counts_name ON name_counts USING btree (name)") {
		t.Errorf("name_counts' Create lacks its data or its index:\n%s", nc)
	}
	if n := strings.Join(byName["named"].Create, "\n"); !strings.Contains(n, "CREATE TRIGGER named_ins INSTEAD OF INSERT ON named FOR EACH ROW") {
		t.Errorf("named's Create lacks its trigger:\n%s", n)
	}

	// PostgreSQL refuses the type change under them; dropped last first,
	// the change goes through, and they come back as they were.
	if _, err := pg.Conn.Exec(ctx, `ALTER TABLE users ALTER COLUMN name TYPE varchar(60)`); err == nil || !strings.Contains(err.Error(), "used by a view or rule") {
		t.Fatalf("ALTER TYPE under a view: got %v, want PostgreSQL's refusal", err)
	}
	var stmts []string
	for i := len(got) - 1; i >= 0; i-- {
		stmts = append(stmts, got[i].Drop)
	}
	stmts = append(stmts, `ALTER TABLE users ALTER COLUMN name TYPE varchar(60)`)
	for _, d := range got {
		stmts = append(stmts, d.Create...)
	}
	for _, q := range stmts {
		if _, err := pg.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if diff := cmp.Diff(got, read()); diff != "" {
		t.Errorf("after the drop, the change and the recreation (-before +after):\n%s", diff)
	}
}
