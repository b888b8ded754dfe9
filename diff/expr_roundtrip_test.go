package diff_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/introspect"

	_ "modernc.org/sqlite"
)

// An expression as a model writes it, applied to the real PostgreSQL and
// read back by introspect.Postgres, is no change against the model's own
// text; a model whose expression differs from the database's is a change.

// exprCase is one expression in one place of a table.
type exprCase struct {
	where string // "check", "default", "index", "predicate", "generated"
	// cols are the table's column definitions; the expression goes into
	// column x (default, generated) or on the table.
	cols string
	// applied is the expression the database is built with; model is the
	// one the models declare ("" for the same).
	applied, model string
}

// exprCols is the column list most cases use.
const exprCols = "id int, name text, email varchar(80), price numeric, qty int, status varchar(20), data jsonb, created timestamptz, amount double precision, tags text[]"

// Expressions real projects write, as the models spell them.
var pgEqualExprs = []exprCase{
	// Block comments and strings PostgreSQL prints another way.
	{where: "check", applied: "price > 0 /* positive */"},
	{where: "check", applied: "price > /* nested /* comment */ here */ 0"},
	{where: "check", applied: `name <> E'it\'s'`},
	{where: "check", applied: `name <> E'a\\b'`},
	{where: "check", applied: `name <> E'tab\there'`},
	{where: "check", applied: `name <> U&'d\0061t'`},
	{where: "check", applied: "name <> $$x$$"},
	// SQL's special call syntax.
	{where: "check", applied: "substring(name from 2) <> 'x'"},
	{where: "check", applied: "substring(name from 2 for 3) <> 'x'"},
	{where: "check", applied: "substring(name, 2, 3) <> 'x'"},
	{where: "check", applied: "trim(name) <> ''"},
	{where: "check", applied: "trim(both ' ' from name) <> ''"},
	{where: "check", applied: "position('a' in name) > 0"},
	{where: "check", applied: "extract(year from created) > 2000"},
	{where: "check", applied: "cast(qty as bigint) > 0"},
	// CASE without ELSE: PostgreSQL adds ELSE NULL::type.
	{where: "check", applied: "CASE WHEN qty > 0 THEN 'p' END IS NOT NULL"},
	{where: "check", applied: "CASE WHEN qty > 0 THEN price > 0 ELSE true END"},
	{where: "check", applied: "CASE qty WHEN 1 THEN true ELSE false END"},
	// Operators PostgreSQL rewrites.
	{where: "check", applied: "status IN ('a', 'b')"},
	{where: "check", applied: "status NOT IN ('a', 'b')"},
	{where: "check", applied: "status IN ('a')"},
	{where: "check", applied: "qty IN (1, 2, 3)"},
	{where: "check", applied: "qty BETWEEN 1 AND 9"},
	{where: "check", applied: "qty NOT BETWEEN 1 AND 9"},
	{where: "check", applied: "char_length(name) BETWEEN 1 AND 5"},
	{where: "check", applied: "name IS DISTINCT FROM email"},
	{where: "check", applied: "name IS NOT DISTINCT FROM email"},
	{where: "check", applied: "email LIKE '%@%'"},
	{where: "check", applied: "name NOT LIKE 'a%' AND name ILIKE 'b%'"},
	{where: "check", applied: "NOT name LIKE 'x%'"},
	{where: "check", applied: "name ~* '^a'"},
	{where: "check", applied: "email ~ '^[^@]+@'"},
	{where: "check", applied: "data->>'k' IS NOT NULL"},
	{where: "check", applied: "data ? 'k'"},
	// Numbers, casts and the rest.
	{where: "check", applied: "coalesce(qty, 0) >= 0"},
	{where: "check", applied: "price > 0.5 AND price < 1e3"},
	{where: "check", applied: "amount >= 0"},
	{where: "check", applied: "price >= 0.00"},
	{where: "check", applied: "price * qty < 1000"},
	{where: "check", applied: "qty % 2 = 0"},
	{where: "check", applied: "qty = -1 OR qty > -5"},
	{where: "check", applied: "qty > 0 AND qty < 100 OR qty IS NULL"},
	{where: "check", applied: "status = 'a' OR status = 'b'"},
	{where: "check", applied: "length(email) >= 3"},
	{where: "check", applied: "created <= now()"},
	{where: "check", applied: "qty::text <> ''"},
	{where: "check", applied: "array_length(tags, 1) > 0"},
	{where: "check", cols: exprCols + ", b bit(8)", applied: "b <> B'00000001' AND b <> X'1F'"},
	{where: "check", applied: "upper(name) = name COLLATE \"C\""},
	{where: "check", applied: "name SIMILAR TO 'a%'"},
	{where: "check", applied: "name NOT SIMILAR TO 'a%' ESCAPE '#'"},
	{where: "check", applied: "name COLLATE \"C\" > 'a'"},
	{where: "check", applied: "-qty < 0"},
	{where: "check", applied: "length(trim(name)) > 0"},
	{where: "check", applied: "email = lower(email)"},
	{where: "check", applied: "(qty > 0) IS TRUE"},
	{where: "check", applied: "price::numeric(10,2) > 0"},
	{where: "check", applied: "date_part('year', created) > 2000"},
	{where: "check", applied: "name || ' ' || email <> ''"},
	{where: "check", applied: "amount > 0.5"},
	{where: "check", applied: "status <> ALL (ARRAY['x', 'y'])"},
	{where: "check", applied: "NOT (qty BETWEEN 1 AND 9)"},
	{where: "check", applied: "status IN ('a]', 'b')"}, // a bracket inside a string
	{where: "check", applied: "tags[1] <> 'x' AND tags[2] <> ']'"},

	// Defaults.
	{where: "default", cols: "x timestamptz", applied: "now()"},
	{where: "default", cols: "x timestamptz", applied: "CURRENT_TIMESTAMP"},
	{where: "default", cols: "x date", applied: "CURRENT_DATE"},
	{where: "default", cols: "x uuid", applied: "gen_random_uuid()"},
	{where: "default", cols: "x jsonb", applied: "'{}'::jsonb"},
	{where: "default", cols: "x jsonb", applied: "'{}'"},
	{where: "default", cols: "x text[]", applied: "'{}'"},
	{where: "default", cols: "x text[]", applied: "ARRAY[]::text[]"},
	{where: "default", cols: "x text", applied: `E'it\'s'`},
	{where: "default", cols: "x text", applied: "/* c */ 'x'"},
	{where: "default", cols: "x int", applied: "(1 + 2)"},
	{where: "default", cols: "x numeric", applied: "1e3"},
	{where: "default", cols: "x bigint", applied: "-1"},
	{where: "default", cols: "x boolean", applied: "'true'"},
	{where: "default", cols: "x text", applied: "lower('ABC')"},
	{where: "default", cols: "x text", applied: "substring('abc' from 2)"},
	{where: "default", cols: "x timestamp", applied: "(now() at time zone 'utc')"},
	{where: "default", cols: "x interval", applied: "interval '1 day'"},
	{where: "default", cols: "x interval", applied: "interval '1 hour'"},
	{where: "default", cols: "x interval", applied: "'2 weeks'"},
	{where: "default", cols: "x varchar(10)", applied: "'a'::character varying"},
	{where: "default", cols: "x text", applied: "'a' || 'b'"},
	{where: "default", cols: "x numeric(10,2)", applied: "0.00"},
	{where: "default", cols: "x double precision", applied: "1.5"},
	{where: "default", cols: "x int", applied: "+1"},
	{where: "default", cols: "x jsonb", applied: "'[]'::jsonb"},
	{where: "default", cols: "x text", applied: "''"},
	{where: "default", cols: "x timestamptz", applied: "'2020-01-01 00:00:00'"},
	{where: "default", cols: "x int", applied: "NULL"},
	{where: "default", cols: "x timestamptz", applied: "now() + interval '1 hour'"},
	{where: "default", cols: "x timestamptz", applied: "now() + '90 minutes'::interval"},
	{where: "check", applied: "created < now() + interval '1.5 days'"},

	// Index expressions and partial-index predicates.
	{where: "index", applied: "lower(email)"},
	{where: "index", applied: "lower(name)"},
	{where: "index", applied: "(data->>'k')"},
	{where: "index", applied: "coalesce(qty, 0)"},
	{where: "index", applied: "(substring(name from 1 for 3))"},
	{where: "index", applied: "(CASE WHEN qty > 0 THEN name END)"},
	{where: "index", applied: "((data->>'k')::int)"},
	{where: "index", applied: "(name || email)"},
	{where: "index", applied: "md5(name)"},
	{where: "predicate", applied: "deleted IS NULL", cols: exprCols + ", deleted timestamptz"},
	{where: "predicate", applied: "status IN ('a', 'b')"},
	{where: "predicate", applied: "name LIKE 'a%' /* c */"},
	{where: "predicate", applied: "qty BETWEEN 1 AND 5"},
	{where: "predicate", applied: `status <> E'it\'s'`},

	// Generated columns.
	{where: "generated", cols: exprCols + ", x int", applied: "qty * 2"},
	{where: "generated", cols: exprCols + ", x numeric", applied: "price * qty"},
	{where: "generated", cols: exprCols + ", x text", applied: "coalesce(name, '')"},
	{where: "generated", cols: exprCols + ", x text", applied: "name || ' ' || email"},
	{where: "generated", cols: exprCols + ", x text", applied: "data->>'k'"},
	{where: "generated", cols: exprCols + ", x text", applied: "CASE WHEN qty > 0 THEN 'p' END"},
	{where: "generated", cols: exprCols + ", x text", applied: "lower(email)"},
	{where: "generated", cols: exprCols + ", x text", applied: "substring(name from 2 for 3)"},
}

// Model expressions that differ from what the database was built with.
var pgChangedExprs = []exprCase{
	{where: "check", applied: "price > 0 /* positive */", model: "price > 1 /* positive */"},
	{where: "check", applied: `name <> E'it\'s'`, model: `name <> E'it\'z'`},
	{where: "check", applied: `name <> E'a\\b'`, model: `name <> 'a\\b'`}, // a\b against a\\b
	{where: "check", applied: "name <> 'x'", model: "name <> 'X'"},
	{where: "check", applied: "substring(name from 2) <> 'x'", model: "substring(name from 3) <> 'x'"},
	{where: "check", applied: "substring(name from 2 for 3) <> 'x'", model: "substring(name from 2) <> 'x'"},
	{where: "check", applied: "CASE WHEN qty > 0 THEN 'p' END IS NOT NULL", model: "CASE WHEN qty > 0 THEN 'p' ELSE 'n' END IS NOT NULL"},
	{where: "check", applied: "CASE WHEN qty > 0 THEN 'p' END IS NOT NULL", model: "CASE WHEN qty > 1 THEN 'p' END IS NOT NULL"},
	{where: "check", applied: "status IN ('a', 'b')", model: "status IN ('a', 'c')"},
	{where: "check", applied: "qty NOT BETWEEN 1 AND 9", model: "qty BETWEEN 1 AND 9"},
	{where: "check", applied: "name IS NOT DISTINCT FROM email", model: "name IS DISTINCT FROM email"},
	{where: "check", applied: "price < 1e3", model: "price < 1e4"},
	{where: "check", applied: "trim(name) <> ''", model: "ltrim(name) <> ''"},
	{where: "check", applied: "position('a' in name) > 0", model: "position('b' in name) > 0"},
	{where: "check", applied: "cast(qty as bigint) > 0", model: "cast(qty as bigint) > 1"},
	{where: "check", applied: "qty = -1", model: "qty = 1"},
	{where: "default", cols: "x text", applied: `E'it\'s'`, model: "'its'"},
	{where: "default", cols: "x numeric", applied: "1e3", model: "1e2"},
	{where: "default", cols: "x timestamptz", applied: "now()", model: "CURRENT_DATE"},
	{where: "default", cols: "x boolean", applied: "'true'", model: "false"},
	{where: "default", cols: "x interval", applied: "interval '1 day'", model: "interval '2 days'"},
	{where: "default", cols: "x interval", applied: "interval '1 hour'", model: "interval '60 seconds'"},
	{where: "default", cols: "x interval", applied: "'2 weeks'", model: "'15 days'"},
	{where: "check", applied: "data->>'k' IS NOT NULL", model: "data->>'j' IS NOT NULL"},
	{where: "check", applied: "status IN ('a')", model: "status NOT IN ('a')"},
	{where: "check", applied: "extract(year from created) > 2000", model: "extract(month from created) > 2000"},
	{where: "check", applied: "name SIMILAR TO 'a%'", model: "name NOT SIMILAR TO 'a%'"},
	{where: "check", applied: "name COLLATE \"C\" > 'a'", model: "name > 'a'"},
	{where: "check", applied: "tags[1] <> 'x'", model: "tags[2] <> 'x'"},
	{where: "default", cols: "x timestamptz", applied: "now() + interval '1 hour'", model: "now() + interval '2 hours'"},
	{where: "default", cols: "x timestamptz", applied: "now() + interval '1 day'", model: "now() + interval '24 hours'"},
	{where: "check", applied: "qty NOT BETWEEN 1 AND 9", model: "NOT (qty BETWEEN 1 AND 8)"},
	{where: "index", applied: "lower(email)", model: "upper(email)"},
	{where: "index", applied: "(substring(name from 1 for 3))", model: "(substring(name from 1 for 4))"},
	{where: "predicate", applied: "name LIKE 'a%' /* c */", model: "name LIKE 'b%'"},
	{where: "generated", cols: exprCols + ", x text", applied: "CASE WHEN qty > 0 THEN 'p' END", model: "CASE WHEN qty > 0 THEN 'q' END"},
}

// build returns the statements that create case i's table t<i>.
func (c exprCase) build(i int) []string {
	tbl := fmt.Sprintf("t%d", i)
	cols := c.cols
	if cols == "" {
		cols = exprCols
	}
	switch c.where {
	case "check":
		return []string{fmt.Sprintf("CREATE TABLE %s (%s, CONSTRAINT %s_ck CHECK (%s))", tbl, cols, tbl, c.applied)}
	case "default":
		return []string{fmt.Sprintf("CREATE TABLE %s (%s DEFAULT %s)", tbl, cols, c.applied)}
	case "generated":
		return []string{fmt.Sprintf("CREATE TABLE %s (%s GENERATED ALWAYS AS (%s) STORED)", tbl, cols, c.applied)}
	case "index":
		return []string{fmt.Sprintf("CREATE TABLE %s (%s)", tbl, cols), fmt.Sprintf("CREATE INDEX %s_idx ON %s (%s)", tbl, tbl, c.applied)}
	case "predicate":
		return []string{fmt.Sprintf("CREATE TABLE %s (%s)", tbl, cols), fmt.Sprintf("CREATE INDEX %s_idx ON %s (id) WHERE %s", tbl, tbl, c.applied)}
	}
	panic("unknown place " + c.where)
}

// declare puts the model's expression into t, a copy of the live table.
func (c exprCase) declare(t *testing.T, tbl *schema.Table) {
	t.Helper()
	x := c.model
	if x == "" {
		x = c.applied
	}
	switch c.where {
	case "check":
		for _, a := range tbl.Attrs {
			if ck, ok := a.(*schema.Check); ok {
				ck.Expr = x
				return
			}
		}
	case "default", "generated":
		col, ok := tbl.Column("x")
		if !ok {
			break
		}
		if c.where == "default" {
			col.Default = &schema.RawExpr{X: x}
			return
		}
		if g, ok := attr.Get[*schema.GeneratedExpr](col.Attrs); ok {
			g.Expr = x
			return
		}
	case "index", "predicate":
		if len(tbl.Indexes) != 1 {
			break
		}
		if c.where == "index" {
			tbl.Indexes[0].Parts[0].X = &schema.RawExpr{X: strings.TrimSpace(x)}
			return
		}
		if p, ok := attr.Get[*attr.IndexPredicate](tbl.Indexes[0].Attrs); ok {
			p.P = x
			return
		}
	}
	t.Fatalf("table %s: the database has no %s to declare %q in", tbl.Name, c.where, x)
}

// runExprCases builds every case's table in one schema and returns, by
// case, what diff reports between the database and the models.
func runExprCases(t *testing.T, cases []exprCase) [][]string {
	t.Helper()
	pg := testdb.Postgres(t)
	ctx := context.Background()
	exec := func(q string) error { _, err := pg.Conn.Exec(ctx, q); return err }
	inspect := func() (*schema.Schema, error) {
		return introspect.Postgres(ctx, pg.Conn, introspect.Options{Schema: pg.Schema})
	}
	return compareExprCases(t, "postgres", cases, exec, inspect)
}

// compareExprCases applies the cases with exec and compares what inspect
// reads back with the models' expressions.
func compareExprCases(t *testing.T, dialect string, cases []exprCase, exec func(string) error, inspectErr func() (*schema.Schema, error)) [][]string {
	t.Helper()
	for i, c := range cases {
		for _, q := range c.build(i) {
			if err := exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	inspect := func() *schema.Schema {
		s, err := inspectErr()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	live, desired := inspect(), inspect()
	for i, c := range cases {
		tbl, ok := desired.Table(fmt.Sprintf("t%d", i))
		if !ok {
			t.Fatalf("table t%d was not read back", i)
		}
		c.declare(t, tbl)
	}
	p, err := diff.Compare(live, desired, diff.Options{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]string, len(cases))
	for _, line := range p.Summary() {
		var i int
		if _, err := fmt.Sscanf(line, "t%d:", &i); err == nil && i < len(cases) {
			out[i] = append(out[i], line)
		}
	}
	return out
}

func TestPostgresExpressionsReadBackAreNoChange(t *testing.T) {
	for i, changes := range runExprCases(t, pgEqualExprs) {
		if len(changes) > 0 {
			t.Errorf("%s %q read back from PostgreSQL gives changes:\n  %s", pgEqualExprs[i].where, pgEqualExprs[i].applied, strings.Join(changes, "\n  "))
		}
	}
}

func TestPostgresExpressionChangesAreSeen(t *testing.T) {
	for i, changes := range runExprCases(t, pgChangedExprs) {
		if len(changes) == 0 {
			c := pgChangedExprs[i]
			t.Errorf("%s %q in the database against %q in the models gives no change", c.where, c.applied, c.model)
		}
	}
}

// On SQLite the catalog keeps the text as written: what differs from the
// models is how another tool spelled it.
var sqliteExprs = []exprCase{
	{where: "check", cols: sqliteCols, applied: "`qty` > 0 /* positive */", model: "qty > 0"},
	{where: "check", cols: sqliteCols, applied: "`first name` <> ''", model: `"first name" <> ''`},
	{where: "check", cols: sqliteCols, applied: "qty == 1 OR qty IS NULL", model: "(qty = 1) OR (qty IS NULL)"},
	{where: "check", cols: sqliteCols, applied: "status IN ('a', 'b') -- the states\n", model: "status IN ('a', 'b')"},
	{where: "index", cols: sqliteCols, applied: "lower(`status`)", model: "lower(status)"},
	{where: "predicate", cols: sqliteCols, applied: "qty > 0 /* live */", model: "qty > 0"},
	{where: "generated", cols: sqliteCols + ", x int", applied: "`qty` * 2", model: "qty * 2"},
}

var sqliteChangedExprs = []exprCase{
	{where: "check", cols: sqliteCols, applied: "`qty` > 0", model: "qty > 1"},
	{where: "check", cols: sqliteCols, applied: "status <> 'A' /* c */", model: "status <> 'a'"},
	{where: "index", cols: sqliteCols, applied: "lower(`status`)", model: "upper(status)"},
}

const sqliteCols = "id integer PRIMARY KEY, qty integer, status text, \"first name\" text"

func runSQLiteExprCases(t *testing.T, cases []exprCase) [][]string {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", testdb.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	exec := func(q string) error {
		q = strings.Replace(q, " STORED)", " VIRTUAL)", 1)
		_, err := conn.ExecContext(ctx, q)
		return err
	}
	inspect := func() (*schema.Schema, error) { return introspect.SQLite(ctx, conn, introspect.Options{}) }
	return compareExprCases(t, "sqlite", cases, exec, inspect)
}

func TestSQLiteExpressionsSpelledOtherwiseAreNoChange(t *testing.T) {
	for i, changes := range runSQLiteExprCases(t, sqliteExprs) {
		if len(changes) > 0 {
			t.Errorf("%s %q in SQLite against %q in the models gives changes:\n  %s", sqliteExprs[i].where, sqliteExprs[i].applied, sqliteExprs[i].model, strings.Join(changes, "\n  "))
		}
	}
	for i, changes := range runSQLiteExprCases(t, sqliteChangedExprs) {
		if len(changes) == 0 {
			c := sqliteChangedExprs[i]
			t.Errorf("%s %q in SQLite against %q in the models gives no change", c.where, c.applied, c.model)
		}
	}
}
