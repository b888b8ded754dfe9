package introspect

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	_ "modernc.org/sqlite"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/testdb"
)

// openSQLite opens a fresh SQLite file for t and runs setup in it.
func openSQLite(t testing.TB, setup string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", testdb.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(setup); err != nil {
		t.Fatalf("setup: %v", err)
	}
	return db
}

type sqliteCase struct {
	name string
	sql  string
	opts Options
	want func() *schema.Schema
}

var sqliteCases = []sqliteCase{
	{
		name: "types and defaults",
		sql: `CREATE TABLE t (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	a INT NOT NULL DEFAULT 0, b integer DEFAULT -1, c REAL DEFAULT 1.5, d real DEFAULT -2.5,
	e TEXT DEFAULT 'x', f VARCHAR(80) DEFAULT 'it''s', g text DEFAULT '', h BOOLEAN DEFAULT true,
	i boolean DEFAULT FALSE, j DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, k datetime DEFAULT (datetime('now')),
	l NUMERIC(10, 2), m  DOUBLE   PRECISION, n blob, o, p text DEFAULT NULL, q int DEFAULT 0x1F,
	r uuid, s json, u date
);`,
		want: func() *schema.Schema {
			t := table("t",
				liteCol("id", "integer", true, &sqlite.AutoIncrement{}),
				withDefault(liteCol("a", "int", false), lit("0")),
				withDefault(liteCol("b", "integer", true), lit("-1")),
				withDefault(liteCol("c", "real", true), lit("1.5")),
				withDefault(liteCol("d", "real", true), lit("-2.5")),
				withDefault(liteCol("e", "text", true), lit("'x'")),
				withDefault(liteCol("f", "varchar(80)", true), lit("'it''s'")),
				withDefault(liteCol("g", "text", true), lit("''")),
				withDefault(liteCol("h", "boolean", true), lit("true")),
				withDefault(liteCol("i", "boolean", true), lit("FALSE")),
				withDefault(liteCol("j", "datetime", false), raw("CURRENT_TIMESTAMP")),
				withDefault(liteCol("k", "datetime", true), raw("datetime('now')")),
				liteCol("l", "numeric(10, 2)", true),
				liteCol("m", "double precision", true),
				liteCol("n", "blob", true),
				liteCol("o", "", true),
				liteCol("p", "text", true),
				withDefault(liteCol("q", "int", true), lit("0x1F")),
				liteCol("r", "uuid", true),
				liteCol("s", "json", true),
				liteCol("u", "date", true),
			)
			setPK(t, "", "id")
			return build("main", t)
		},
	},
	{
		name: "keys, indexes and constraints",
		sql: `CREATE TABLE accounts (
	tenant_id integer NOT NULL, id integer NOT NULL, email text NOT NULL CONSTRAINT uni_accounts_email UNIQUE,
	handle text UNIQUE, code text, region text,
	PRIMARY KEY (tenant_id, id DESC),
	CONSTRAINT uq_code_region UNIQUE (code, region),
	UNIQUE (region, code)
) WITHOUT ROWID;
CREATE TABLE members (
	id integer PRIMARY KEY, tenant_id integer NOT NULL, account_id integer NOT NULL,
	parent_id integer REFERENCES members ON DELETE SET NULL,
	name text CONSTRAINT ck_name CHECK (length(name) > 2), price numeric, deleted_at datetime, ghost_id integer,
	CONSTRAINT fk_members_account FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON UPDATE CASCADE ON DELETE RESTRICT,
	FOREIGN KEY (ghost_id) REFERENCES ghosts (id),
	CHECK (price > 0)
);
CREATE INDEX idx_members_name ON members (name);
CREATE UNIQUE INDEX uix_members_tenant_name ON members (tenant_id, name COLLATE NOCASE DESC);
CREATE INDEX idx_members_lower ON members (lower(name), price * 2);
CREATE INDEX idx_members_live ON members (tenant_id) WHERE deleted_at IS NULL;`,
		want: func() *schema.Schema {
			accounts := table("accounts",
				liteCol("tenant_id", "integer", false), liteCol("id", "integer", false),
				liteCol("email", "text", false), liteCol("handle", "text", true),
				liteCol("code", "text", true), liteCol("region", "text", true))
			setPK(accounts, "", "tenant_id", "id DESC")
			uc := func() []schema.Attr { return []schema.Attr{&attr.UniqueConstraint{}} }
			// Named from the CREATE TABLE text; unnamed ones keep SQLite's
			// autoindex name (the primary key's index is number 3).
			addIndex(accounts, "sqlite_autoindex_accounts_2", true, uc(), "handle")
			addIndex(accounts, "sqlite_autoindex_accounts_5", true, uc(), "region", "code")
			addIndex(accounts, "uni_accounts_email", true, uc(), "email")
			addIndex(accounts, "uq_code_region", true, uc(), "code", "region")
			members := table("members",
				liteCol("id", "integer", true), liteCol("tenant_id", "integer", false), liteCol("account_id", "integer", false),
				liteCol("parent_id", "integer", true), liteCol("name", "text", true), liteCol("price", "numeric", true),
				liteCol("deleted_at", "datetime", true), liteCol("ghost_id", "integer", true))
			setPK(members, "", "id")
			addIndex(members, "idx_members_live", false, []schema.Attr{&attr.IndexPredicate{P: "deleted_at IS NULL"}}, "tenant_id")
			addIndex(members, "idx_members_lower", false, nil, "expr:lower(name)", "expr:price * 2")
			addIndex(members, "idx_members_name", false, nil, "name")
			addIndex(members, "uix_members_tenant_name", true, nil, "tenant_id", "name COLLATE NOCASE DESC")
			ghosts := &schema.Table{Name: "ghosts"} // referenced, never created
			// In the order the CREATE TABLE text declares them.
			addFK(members, "", []string{"parent_id"}, members, []string{"id"}, "", schema.SetNull)
			addFK(members, "fk_members_account", []string{"tenant_id", "account_id"}, accounts, []string{"tenant_id", "id"}, schema.Cascade, schema.Restrict)
			addFK(members, "", []string{"ghost_id"}, ghosts, []string{"id"}, "", "")
			members.Attrs = []schema.Attr{
				&schema.Check{Name: "ck_name", Expr: "length(name) > 2"},
				&schema.Check{Expr: "price > 0"},
			}
			s := build("main", accounts, members)
			ghosts.Schema = s
			return s
		},
	},
	{
		name: "scope and generated columns",
		sql: `CREATE TABLE kept (
	id integer PRIMARY KEY AUTOINCREMENT,
	a integer,
	twice integer GENERATED ALWAYS AS (a * 2) STORED,
	half real AS (a / 2.0)
);
CREATE TABLE gen_migrations (id text PRIMARY KEY);
CREATE VIEW kept_view AS SELECT id FROM kept;
CREATE VIRTUAL TABLE docs USING fts5(body);
INSERT INTO kept (a) VALUES (1);`,
		opts: Options{Exclude: []string{"GEN_MIGRATIONS"}},
		want: func() *schema.Schema {
			kept := table("kept",
				liteCol("id", "integer", true, &sqlite.AutoIncrement{}),
				liteCol("a", "integer", true),
				liteCol("twice", "integer", true, &schema.GeneratedExpr{Expr: "a * 2", Type: "STORED"}),
				liteCol("half", "real", true, &schema.GeneratedExpr{Expr: "a / 2.0", Type: "VIRTUAL"}),
			)
			setPK(kept, "", "id")
			return build("main", kept)
		},
	},
	{
		name: "names that need quoting",
		sql: `CREATE TABLE "Order Items" (
	"Id" integer PRIMARY KEY,
	"order" text NOT NULL CONSTRAINT "UQ Order" UNIQUE,
	[Unit Price] numeric,
	` + "`Kind`" + ` text DEFAULT 'On',
	CONSTRAINT "Positive Price" CHECK ("Unit Price" > 0)
);
CREATE INDEX "Idx Mixed" ON "Order Items" ("Unit Price" DESC, lower("order"));
CREATE TABLE "select" ("from" integer CONSTRAINT "FK From" REFERENCES "order items" ("id"));`,
		want: func() *schema.Schema {
			items := table("Order Items",
				liteCol("Id", "integer", true), liteCol("order", "text", false),
				liteCol("Unit Price", "numeric", true), withDefault(liteCol("Kind", "text", true), lit("'On'")))
			setPK(items, "", "Id")
			addIndex(items, "Idx Mixed", false, nil, "Unit Price DESC", `expr:lower("order")`)
			addIndex(items, "UQ Order", true, []schema.Attr{&attr.UniqueConstraint{}}, "order")
			items.Attrs = []schema.Attr{&schema.Check{Name: "Positive Price", Expr: `"Unit Price" > 0`}}
			sel := table("select", liteCol("from", "integer", true))
			// SQLite names compare case-insensitively: "order items"("id")
			// is the table above and its column.
			addFK(sel, "FK From", []string{"from"}, items, []string{"Id"}, "", "")
			return build("main", items, sel)
		},
	},
	{
		// Triggers are read, verbatim and in name order, onto the table
		// they are on (tbl_name compares without case); a view's are not
		// a table's.
		name: "triggers",
		sql: `CREATE TABLE items (id integer PRIMARY KEY, sku text);
CREATE TABLE audit (msg text);
CREATE VIEW v AS SELECT sku FROM items;
CREATE TRIGGER "z last" AFTER DELETE ON ITEMS BEGIN DELETE FROM audit; END;
CREATE TRIGGER a_first AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('new ' || NEW.sku); END;
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v BEGIN INSERT INTO items (sku) VALUES (NEW.sku); END;`,
		want: func() *schema.Schema {
			items := table("items", liteCol("id", "integer", true), liteCol("sku", "text", true))
			setPK(items, "", "id")
			items.Attrs = []schema.Attr{
				&attr.Trigger{Name: "a_first", SQL: "CREATE TRIGGER a_first AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('new ' || NEW.sku); END"},
				&attr.Trigger{Name: "z last", SQL: `CREATE TRIGGER "z last" AFTER DELETE ON ITEMS BEGIN DELETE FROM audit; END`},
			}
			return build("main", table("audit", liteCol("msg", "text", true)), items)
		},
	},
}

func TestSQLite(t *testing.T) {
	for _, tc := range sqliteCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := openSQLite(t, tc.sql)
			got, err := SQLite(context.Background(), db, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, tc.want(), got)
			if t.Failed() {
				t.Logf("inspected:\n%s", dump(got))
			}
		})
	}
}

// TestSQLiteQuerier checks that a *sql.Conn and a *sql.Tx inspect like a
// *sql.DB.
func TestSQLiteQuerier(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openSQLite(t, `CREATE TABLE a (id integer PRIMARY KEY); CREATE TABLE b (a_id integer REFERENCES a)`)
	want, err := SQLite(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fromConn, err := SQLite(ctx, conn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	compare(t, want, fromConn)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE c (id integer)`); err != nil {
		t.Fatal(err)
	}
	fromTx, err := SQLite(ctx, tx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromTx.Tables) != 3 {
		t.Errorf("inspecting inside a transaction saw %d tables, want 3 (its own CREATE TABLE included)", len(fromTx.Tables))
	}
}

// countingQuerier counts the queries run through it.
type countingQuerier struct {
	q Querier
	n atomic.Int64
}

func (c *countingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	return c.q.QueryContext(ctx, query, args...)
}

// TestSQLiteQueryCount checks that the number of catalog queries does not
// grow with the number of tables.
func TestSQLiteQueryCount(t *testing.T) {
	t.Parallel()
	count := func(n int) int64 {
		var b strings.Builder
		for i := range n {
			ref := ""
			if i > 0 {
				ref = fmt.Sprintf(" REFERENCES t%04d (id)", i-1)
			}
			fmt.Fprintf(&b, "CREATE TABLE t%04d (id integer PRIMARY KEY AUTOINCREMENT, prev_id integer%s, name varchar(80) NOT NULL UNIQUE, "+
				"price numeric DEFAULT 0 CHECK (price >= 0), created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, "+
				"flags text, active boolean DEFAULT true, note text);\n", i, ref)
			fmt.Fprintf(&b, "CREATE INDEX t%04d_created ON t%04d (created_at DESC) WHERE active;\n", i, i)
		}
		db := openSQLite(t, b.String())
		cq := &countingQuerier{q: db}
		s, err := SQLite(context.Background(), cq, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Tables) != n {
			t.Fatalf("inspected %d tables, want %d", len(s.Tables), n)
		}
		last := s.Tables[n-1]
		if len(last.Columns) != 8 || last.PrimaryKey == nil || len(last.Indexes) != 2 || len(last.Attrs) != 1 || (n > 1 && len(last.ForeignKeys) != 1) {
			t.Fatalf("table %s is incomplete:\n%s", last.Name, dump(s))
		}
		return cq.n.Load()
	}
	few, many := count(10), count(500)
	if few != many {
		t.Errorf("inspecting 10 tables took %d queries, 500 tables took %d: the count must not grow with the number of tables", few, many)
	}
	if few != int64(len(sqliteQueries)) {
		t.Errorf("inspecting took %d queries, want %d", few, len(sqliteQueries))
	}
}

func TestSQLiteDefault(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want schema.Expr
	}{
		{"0", lit("0")},
		{"-1", lit("-1")},
		{"+1.5e3", lit("+1.5e3")},
		{"0x1F", lit("0x1F")},
		{"'it''s'", lit("'it''s'")},
		{"''", lit("''")},
		{"TRUE", lit("TRUE")},
		{"false", lit("false")},
		{"NULL", nil},
		{"CURRENT_TIMESTAMP", raw("CURRENT_TIMESTAMP")},
		{"datetime('now')", raw("datetime('now')")},
		{"'a' || 'b'", raw("'a' || 'b'")},
		{"(1)", raw("(1)")},
	} {
		got := sqliteDefault(tc.in)
		if exprString(got) != exprString(tc.want) {
			t.Errorf("sqliteDefault(%q) = %s, want %s", tc.in, exprString(got), exprString(tc.want))
		}
	}
}
