package render

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/testdb"
)

// setupPlan is the plan that creates a fixture's current schema: its enum
// types, then its tables, rendered by Render like any other plan.
func setupPlan(d string, f fixture) *diff.Plan {
	p := &diff.Plan{Dialect: d}
	for _, e := range f.enums {
		p.Changes = append(p.Changes, &diff.Change{Op: diff.Wrap(&schema.AddObject{O: e})})
	}
	for _, t := range f.setup {
		p.Changes = append(p.Changes, addTable(t))
	}
	return p
}

// An executor runs one script the way gen's runner does, and describes the
// schema it finds.
type executor interface {
	run(t *testing.T, s *Script) error
	snapshot(t *testing.T) []string
}

// TestExecute runs every golden case on a real database: the current
// schema is created, then Up runs, then Down, then Up again. Down must
// bring back the schema as it was before Up, and the second Up the schema
// the first one made.
func TestExecute(t *testing.T) {
	for _, d := range both {
		t.Run(d, func(t *testing.T) {
			for _, gc := range goldenCases {
				if !slices.Contains(gc.dialects, d) {
					continue
				}
				t.Run(gc.name, func(t *testing.T) {
					t.Parallel()
					var ex executor
					if d == "postgres" {
						ex = newPGExec(t)
					} else {
						ex = newSQLiteExec(t)
					}
					f := gc.build(d)
					if len(f.sql) > 0 {
						if err := ex.run(t, sqlScript(f.sql...)); err != nil {
							t.Fatalf("creating what gen does not manage: %v", err)
						}
					}
					setup, err := Render(setupPlan(d, f))
					if err != nil {
						t.Fatalf("rendering the current schema: %v", err)
					}
					if err := ex.run(t, setup); err != nil {
						t.Fatalf("creating the current schema: %v", err)
					}
					before := ex.snapshot(t)
					up, down := renderBoth(t, d, f)
					if err := ex.run(t, up); err != nil {
						t.Fatalf("running Up: %v", err)
					}
					after := ex.snapshot(t)
					if f.downErr != nil {
						return
					}
					if err := ex.run(t, down); err != nil {
						t.Fatalf("running Down: %v", err)
					}
					if diff := cmp.Diff(before, ex.snapshot(t)); diff != "" {
						t.Errorf("Down did not restore the schema (-before Up +after Down):\n%s", diff)
					}
					if err := ex.run(t, up); err != nil {
						t.Fatalf("running Up again after Down: %v", err)
					}
					if diff := cmp.Diff(after, ex.snapshot(t)); diff != "" {
						t.Errorf("Up after Down gave another schema (-first Up +second Up):\n%s", diff)
					}
				})
			}
		})
	}
}

type pgExec struct{ conn *pgx.Conn }

func newPGExec(t *testing.T) *pgExec { return &pgExec{conn: testdb.Postgres(t).Conn} }

// run executes the script in one transaction, as a revision runs.
func (e *pgExec) run(t *testing.T, s *Script) error {
	t.Helper()
	ctx := context.Background()
	if s.NoTransaction {
		// As gen's runner does: each statement on its own.
		for _, st := range s.Stmts {
			if st.SQL == "" {
				continue
			}
			if _, err := e.conn.Exec(ctx, st.SQL); err != nil {
				return fmt.Errorf("%s: %w", st.SQL, err)
			}
		}
		return nil
	}
	tx, err := e.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for _, st := range s.Stmts {
		if st.SQL == "" {
			continue // a placeholder's comments
		}
		if _, err := tx.Exec(ctx, st.SQL); err != nil {
			return fmt.Errorf("%s: %w", st.SQL, err)
		}
	}
	return tx.Commit(ctx)
}

// pgSnapshot describes the test schema: columns, constraints, indexes,
// sequences, enum types and comments, one sorted line each.
const pgSnapshot = `
SELECT 'column ' || table_name || '.' || column_name || ' ' || udt_name ||
       coalesce('(' || character_maximum_length || ')', '') ||
       coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '') ||
       ' nullable=' || is_nullable || ' default=' || coalesce(column_default, '') ||
       ' identity=' || coalesce(identity_generation, '') || ' generated=' || coalesce(generation_expression, '')
  FROM information_schema.columns WHERE table_schema = current_schema()
UNION ALL
SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
UNION ALL
SELECT 'index ' || replace(indexdef, ' ON ' || current_schema() || '.', ' ON ') FROM pg_indexes WHERE schemaname = current_schema()
UNION ALL
SELECT 'sequence ' || sequencename || ' ' || data_type::text || ' max=' || max_value
  FROM pg_sequences WHERE schemaname = current_schema()
UNION ALL
SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname
UNION ALL
SELECT 'comment ' || c.relname || '.' || coalesce(a.attname, '') || ' ' || d.description
  FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
 WHERE c.relnamespace = current_schema()::regnamespace
ORDER BY 1`

func (e *pgExec) snapshot(t *testing.T) []string {
	t.Helper()
	rows, err := e.conn.Query(context.Background(), pgSnapshot)
	if err != nil {
		t.Fatalf("reading the catalog: %v", err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("reading the catalog: %v", err)
	}
	return lines
}

// sqliteExec runs scripts on one SQLite connection the way gen's runner
// does: foreign_keys off around the transaction, foreign_key_check before
// COMMIT.
type sqliteExec struct{ conn *sql.Conn }

func newSQLiteExec(t *testing.T) *sqliteExec {
	t.Helper()
	db, err := sql.Open("sqlite", testdb.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); err != nil {
		t.Fatal(err)
	}
	return &sqliteExec{conn: conn}
}

func (e *sqliteExec) run(t *testing.T, s *Script) error {
	t.Helper()
	return runSQLite(e.conn, s)
}

// runSQLite runs a script as gen's SQLite runner does.
func runSQLite(conn *sql.Conn, s *Script) (err error) {
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		if _, ferr := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); ferr != nil && err == nil {
			err = ferr
		}
	}()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	rollback := func(err error) error {
		conn.ExecContext(ctx, "ROLLBACK")
		return err
	}
	for _, st := range s.Stmts {
		if st.SQL == "" {
			continue // a placeholder's comments
		}
		if _, err := conn.ExecContext(ctx, st.SQL); err != nil {
			return rollback(fmt.Errorf("%s: %w", st.SQL, err))
		}
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return rollback(err)
	}
	var violations []string
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			rows.Close()
			return rollback(err)
		}
		violations = append(violations, fmt.Sprintf("%s row %v → %s", table, rowid.Int64, parent))
	}
	rows.Close()
	if len(violations) > 0 {
		return rollback(fmt.Errorf("foreign_key_check: %s", strings.Join(violations, "; ")))
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// sqliteSnapshot describes the database: each table's columns, foreign
// keys and CREATE TABLE constraints, each index's definition, one sorted
// line each. Column order is left out: SQLite's ADD COLUMN appends, so a
// Down that re-adds a dropped column changes it.
func (e *sqliteExec) snapshot(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	q := func(query string, args ...any) [][]string {
		rows, err := e.conn.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]string
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := make([]string, len(cols))
			for i, v := range vals {
				row[i] = v.String
				if !v.Valid {
					row[i] = "NULL"
				}
			}
			out = append(out, row)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	var lines []string
	for _, r := range q("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'") {
		typ, name, tbl, text := r[0], r[1], r[2], r[3]
		switch typ {
		case "index":
			lines = append(lines, "index "+tbl+" "+text)
		case "table":
			for _, c := range q("SELECT name, type, \"notnull\", coalesce(dflt_value, 'NULL'), pk, hidden FROM pragma_table_xinfo(?)", name) {
				lines = append(lines, "column "+name+" "+strings.Join(c, " "))
			}
			for _, f := range q("SELECT \"from\", \"table\", coalesce(\"to\", ''), on_update, on_delete FROM pragma_foreign_key_list(?)", name) {
				lines = append(lines, "fk "+name+" "+strings.Join(f, " "))
			}
			for _, i := range q("SELECT origin, \"unique\", partial, (SELECT group_concat(name) FROM pragma_index_info(l.name)) FROM pragma_index_list(?) l WHERE origin != 'c'", name) {
				lines = append(lines, "autoindex "+name+" "+strings.Join(i, " "))
			}
			for _, c := range constraintClauses(text) {
				lines = append(lines, "constraint "+name+" "+c)
			}
		}
	}
	slices.Sort(lines)
	return lines
}

// constraintClauses returns the CHECK and CONSTRAINT clauses of a CREATE
// TABLE statement, which no pragma reports.
func constraintClauses(create string) []string {
	var out []string
	for _, line := range strings.Split(create, "\n") {
		line = strings.TrimSuffix(strings.TrimSpace(line), ",")
		if strings.HasPrefix(line, "CONSTRAINT ") && strings.Contains(line, " CHECK ") {
			out = append(out, line)
		}
	}
	return out
}
