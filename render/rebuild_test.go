package render

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/introspect"
)

// itemsTable is a SQLite table with an AUTOINCREMENT key, a unique
// constraint, a plain index with a collation and an expression index;
// orders points to it.
func itemsTable(mod func(b *tb)) *schema.Table {
	b := table("sqlite", "items").
		col("id", "integer", autoinc).
		col("sku", "text", notNull).
		col("name", "text").
		col("price", "integer")
	if mod != nil {
		mod(b)
	}
	t := b.pk("id").
		idx("idx_items_name", "name").
		index("idx_items_lower_sku", false, []string{"(lower(sku))"}).
		build()
	idxOf(t, "idx_items_name").Parts[0].Attrs = []schema.Attr{&attr.IndexCollation{Name: "NOCASE"}}
	return t
}

// TestSQLiteRebuildKeepsData rebuilds a table holding rows that another
// table references, and checks that rows, indexes and foreign keys survive
// the Up and the Down.
func TestSQLiteRebuildKeepsData(t *testing.T) {
	cases := []struct {
		name string
		// to builds the desired table from the current one.
		to      func() *schema.Table
		changes func(from, to *schema.Table) []schema.Change
		// want is the items rows after Up, as "id|sku|name|price" with
		// typeof(price).
		want []string
		// wantDown is the rows after Down.
		wantDown []string
		// dropsUnique is set when the desired table has no unique
		// constraint on sku.
		dropsUnique bool
	}{
		{
			name: "not_null_with_default",
			to: func() *schema.Table {
				return itemsTable(func(b *tb) {
					c := b.column("name")
					c.Type.Null = false
					c.Default = &schema.Literal{V: "'unnamed'"}
				})
			},
			changes: func(from, to *schema.Table) []schema.Change {
				return []schema.Change{modCol(from, to, "name", schema.ChangeNull|schema.ChangeDefault)}
			},
			want:     []string{"1|a-1|apple|100 integer", "2|a-2|unnamed|200 integer", "3|a-3|cherry|NULL null", "5|a-5|unnamed|500 integer"},
			wantDown: []string{"1|a-1|apple|100 integer", "2|a-2|unnamed|200 integer", "3|a-3|cherry|NULL null", "5|a-5|unnamed|500 integer"},
		},
		{
			name: "type_change",
			to: func() *schema.Table {
				return itemsTable(func(b *tb) { b.column("price").Type.Raw = "text" })
			},
			changes: func(from, to *schema.Table) []schema.Change {
				return []schema.Change{modCol(from, to, "price", schema.ChangeType)}
			},
			want:     []string{"1|a-1|apple|100 text", "2|a-2|NULL|200 text", "3|a-3|cherry|NULL null", "5|a-5|NULL|500 text"},
			wantDown: []string{"1|a-1|apple|100 integer", "2|a-2|NULL|200 integer", "3|a-3|cherry|NULL null", "5|a-5|NULL|500 integer"},
		},
		{
			name:        "drop_unique_constraint",
			to:          func() *schema.Table { return itemsTable(nil) },
			dropsUnique: true,
			changes: func(from, to *schema.Table) []schema.Change {
				return []schema.Change{&schema.DropIndex{I: idxOf(from, "uni_items_sku")}}
			},
			want:     []string{"1|a-1|apple|100 integer", "2|a-2|NULL|200 integer", "3|a-3|cherry|NULL null", "5|a-5|NULL|500 integer"},
			wantDown: []string{"1|a-1|apple|100 integer", "2|a-2|NULL|200 integer", "3|a-3|cherry|NULL null", "5|a-5|NULL|500 integer"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			ex := newSQLiteExec(t)
			from := itemsTable(nil)
			(&tb{t: from, d: "sqlite"}).unique("uni_items_sku", "sku")
			orders := table("sqlite", "orders").col("id", "integer").col("item_id", "integer", notNull).pk("id").
				idx("idx_orders_item_id", "item_id").
				fk("fk_orders_item", []string{"item_id"}, from, []string{"id"}, schema.Cascade).build()
			setup, err := Render(&diff.Plan{Dialect: "sqlite", Changes: []*diff.Change{addTable(from), addTable(orders)}})
			if err != nil {
				t.Fatal(err)
			}
			if err := ex.run(t, setup); err != nil {
				t.Fatal(err)
			}
			exec(t, ex.conn, `INSERT INTO items (id, sku, name, price) VALUES
				(1, 'a-1', 'apple', 100), (2, 'a-2', NULL, 200), (3, 'a-3', 'cherry', NULL), (5, 'a-5', NULL, 500), (6, 'a-6', 'gone', 600)`)
			exec(t, ex.conn, `DELETE FROM items WHERE id = 6`) // the AUTOINCREMENT sequence stays at 6
			exec(t, ex.conn, `INSERT INTO orders (id, item_id) VALUES (10, 1), (11, 2), (12, 5), (13, 5)`)
			before := ex.snapshot(t)

			to := tc.to()
			if !tc.dropsUnique {
				(&tb{t: to, d: "sqlite"}).unique("uni_items_sku", "sku")
			}
			p := &diff.Plan{Dialect: "sqlite", Changes: []*diff.Change{modify(from, to, tc.changes(from, to)...)}}
			up, err := Render(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(up.Stmts[0].SQL, `CREATE TABLE "new_items"`) {
				t.Fatalf("Up is not a rebuild:\n%s", formatScript(up))
			}
			if err := ex.run(t, up); err != nil {
				t.Fatalf("running Up: %v", err)
			}
			if diff := cmp.Diff(tc.want, itemRows(t, ex.conn)); diff != "" {
				t.Errorf("items after Up (-want +got):\n%s", diff)
			}
			wantIdx := []string{"idx_items_lower_sku", "idx_items_name"}
			if !tc.dropsUnique {
				wantIdx = append(wantIdx, "sqlite_autoindex_items_1")
			}
			if diff := cmp.Diff(wantIdx, indexNames(t, ex.conn)); diff != "" {
				t.Errorf("indexes of items after Up (-want +got):\n%s", diff)
			}
			var nameIdx string
			if err := ex.conn.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = 'idx_items_name'`).Scan(&nameIdx); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(nameIdx, `"name" COLLATE "NOCASE"`) {
				t.Errorf("the rebuild lost the index's collation: %s", nameIdx)
			}
			checkReferences(t, ex.conn)

			down, err := Render(p.Reverse())
			if err != nil {
				t.Fatal(err)
			}
			if err := ex.run(t, down); err != nil {
				t.Fatalf("running Down: %v", err)
			}
			if diff := cmp.Diff(before, ex.snapshot(t)); diff != "" {
				t.Errorf("Down did not restore the schema (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantDown, itemRows(t, ex.conn)); diff != "" {
				t.Errorf("items after Down (-want +got):\n%s", diff)
			}
			checkReferences(t, ex.conn)

			// The AUTOINCREMENT sequence survived both rebuilds: the id of
			// the deleted row 6 is not handed out again.
			exec(t, ex.conn, `INSERT INTO items (sku, name) VALUES ('a-7', 'fig')`)
			var id int
			if err := ex.conn.QueryRowContext(ctx, `SELECT id FROM items WHERE sku = 'a-7'`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if id != 7 {
				t.Errorf("new item got id %d, want 7: the rebuild lost the AUTOINCREMENT sequence", id)
			}
		})
	}
}

func exec(t *testing.T, conn *sql.Conn, query string) {
	t.Helper()
	if _, err := conn.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func itemRows(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), `SELECT id, sku, coalesce(name, 'NULL'), coalesce(price, 'NULL'), typeof(price) FROM items ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int
		var sku, name, price, typ string
		if err := rows.Scan(&id, &sku, &name, &price, &typ); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d|%s|%s|%s %s", id, sku, name, price, typ))
	}
	return out
}

func indexNames(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'items' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// checkReferences checks that orders still refers to items: no violation,
// and the foreign key is still enforced.
func checkReferences(t *testing.T, conn *sql.Conn) {
	t.Helper()
	ctx := context.Background()
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("PRAGMA foreign_key_check reports %d violations", n)
	}
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("orders holds %d rows, want 4", n)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO orders (id, item_id) VALUES (99, 404)`); err == nil {
		t.Errorf("an order for a missing item was accepted: the foreign key to items is gone")
		exec(t, conn, `DELETE FROM orders WHERE id = 99`)
	}
}

// TestSQLiteRebuildKeepsUndeclarable is issue 8's case on a real
// database: a Bun table whose database has hand-made indexes (an
// expression one, a partial one), a foreign key with its actions, a
// trigger and a view reading it, none of which Bun's tags can declare, is
// rebuilt by a type change. The live schema is read by introspect.SQLite
// and compared with diff.Compare, as gen migrate does; after Up the
// table keeps every object, introspection shows them, and the models and
// the database compare equal; Down keeps them too.
func TestSQLiteRebuildKeepsUndeclarable(t *testing.T) {
	ctx := context.Background()
	ex := newSQLiteExec(t)
	exec(t, ex.conn, `CREATE TABLE owners (id integer PRIMARY KEY AUTOINCREMENT, name text)`)
	exec(t, ex.conn, `CREATE TABLE items (
		id integer PRIMARY KEY AUTOINCREMENT,
		owner_id integer,
		sku text NOT NULL,
		price integer,
		CONSTRAINT fk_items_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE ON UPDATE SET NULL)`)
	exec(t, ex.conn, `CREATE INDEX items_lower_sku ON items (lower(sku))`)
	exec(t, ex.conn, `CREATE INDEX items_priced ON items (price) WHERE price > 0`)
	exec(t, ex.conn, `CREATE TABLE audit (msg text)`)
	exec(t, ex.conn, `CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('new ' || NEW.sku); END`)
	exec(t, ex.conn, `CREATE VIEW cheap_items AS SELECT id, sku FROM items WHERE price < 150`)
	exec(t, ex.conn, `INSERT INTO owners (id, name) VALUES (1, 'ann'), (2, 'bob')`)
	exec(t, ex.conn, `INSERT INTO items (id, owner_id, sku, price) VALUES (1, 1, 'a-1', 100), (2, 2, 'b-2', 200), (3, 1, 'a-3', 0)`)

	// The models: Bun declares neither the indexes nor the foreign key.
	desired := func() *schema.Schema {
		bun := &attr.Undeclarable{Indexes: true, ForeignKeys: true}
		owners := table("sqlite", "owners").col("id", "integer", autoinc).col("name", "text").pk("id").build()
		items := table("sqlite", "items").col("id", "integer", autoinc).col("owner_id", "integer").col("sku", "text", notNull).
			col("price", "text").pk("id").build()
		audit := table("sqlite", "audit").col("msg", "text").build()
		for _, tb := range []*schema.Table{owners, items, audit} {
			tb.Attrs = append(tb.Attrs, bun)
		}
		return realm(audit, items, owners)
	}
	inspect := func() *schema.Schema {
		t.Helper()
		s, err := introspect.SQLite(ctx, ex.conn, introspect.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	objects := func() []string {
		t.Helper()
		return queryRows(t, ex.conn, `SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name IN ('items', 'cheap_items') ORDER BY 1`)
	}
	foreignKeys := func() []string {
		t.Helper()
		return queryRows(t, ex.conn, `SELECT "table" || '.' || "to" || ' from ' || "from" || ' on delete ' || on_delete || ' on update ' || on_update FROM pragma_foreign_key_list('items')`)
	}
	wantObjects := []string{"index items_lower_sku", "index items_priced", "table items", "trigger items_audit", "view cheap_items"}
	wantFKs := []string{"owners.id from owner_id on delete CASCADE on update SET NULL"}
	check := func(when string) {
		t.Helper()
		if d := cmp.Diff(wantObjects, objects()); d != "" {
			t.Errorf("sqlite_master %s (-want +got):\n%s", when, d)
		}
		if d := cmp.Diff(wantFKs, foreignKeys()); d != "" {
			t.Errorf("pragma_foreign_key_list %s (-want +got):\n%s", when, d)
		}
		if d := cmp.Diff([]string{"1 a-1", "3 a-3"}, queryRows(t, ex.conn, `SELECT id || ' ' || sku FROM cheap_items ORDER BY id`)); d != "" {
			t.Errorf("the view %s (-want +got):\n%s", when, d)
		}
		items, _ := inspect().Table("items")
		var got []string
		for _, i := range items.Indexes {
			got = append(got, "index "+i.Name)
		}
		for _, fk := range items.ForeignKeys {
			got = append(got, fmt.Sprintf("fk %s %s %s", fk.Symbol, fk.OnDelete, fk.OnUpdate))
		}
		for _, a := range items.Attrs {
			if tr, ok := a.(*attr.Trigger); ok {
				got = append(got, "trigger "+tr.Name)
			}
		}
		want := []string{"index items_lower_sku", "index items_priced", "fk fk_items_owner CASCADE SET NULL", "trigger items_audit"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("introspection %s (-want +got):\n%s", when, d)
		}
	}
	check("before")
	before := ex.snapshot(t)

	p, err := diff.Compare(inspect(), desired(), diff.Options{Dialect: "sqlite"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 {
		t.Fatalf("want one change (items.price), got:\n%v", p.Changes)
	}
	up, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(formatScript(up), `CREATE TABLE "new_items"`) {
		t.Fatalf("Up is not a rebuild:\n%s", formatScript(up))
	}
	if err := ex.run(t, up); err != nil {
		t.Fatalf("running Up:\n%s\n%v", formatScript(up), err)
	}
	check("after Up")
	if d := cmp.Diff([]string{"1 a-1 100 text", "2 b-2 200 text", "3 a-3 0 text"}, queryRows(t, ex.conn, `SELECT id || ' ' || sku || ' ' || price || ' ' || typeof(price) FROM items ORDER BY id`)); d != "" {
		t.Errorf("rows after Up (-want +got):\n%s", d)
	}
	again, err := diff.Compare(inspect(), desired(), diff.Options{Dialect: "sqlite"})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changes) != 0 {
		s, _ := Render(again)
		t.Errorf("the models and the database differ after Up:\n%s", formatScript(s))
	}

	down, err := Render(p.Reverse())
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.run(t, down); err != nil {
		t.Fatalf("running Down:\n%s\n%v", formatScript(down), err)
	}
	check("after Down")
	// gen writes the carried indexes with quoted names: the same indexes.
	unquoted := func(lines []string) []string {
		for i, l := range lines {
			if strings.HasPrefix(l, "index ") {
				lines[i] = strings.ReplaceAll(l, `"`, "")
			}
		}
		return lines
	}
	if d := cmp.Diff(unquoted(before), unquoted(ex.snapshot(t))); d != "" {
		t.Errorf("Down did not restore the schema (-before +after):\n%s", d)
	}

	// The trigger and the foreign key's actions still work; the copies of
	// the rebuilds did not fire the trigger (it is created after them).
	exec(t, ex.conn, `INSERT INTO items (owner_id, sku, price) VALUES (2, 'b-4', 5)`)
	if d := cmp.Diff([]string{"new a-1", "new b-2", "new a-3", "new b-4"}, queryRows(t, ex.conn, `SELECT msg FROM audit ORDER BY rowid`)); d != "" {
		t.Errorf("the trigger after the rebuilds (-want +got):\n%s", d)
	}
	exec(t, ex.conn, `DELETE FROM owners WHERE id = 1`)
	if d := cmp.Diff([]string{"2", "4"}, queryRows(t, ex.conn, `SELECT id FROM items ORDER BY id`)); d != "" {
		t.Errorf("ON DELETE CASCADE after the rebuilds (-want +got):\n%s", d)
	}
}

// TestRebuiltTableFollowsRenames checks what a rebuild carries when the
// change also renames and drops columns: carried objects name the new
// columns, and those on a dropped column are left out with a note.
func TestRebuiltTableFollowsRenames(t *testing.T) {
	owners := table("sqlite", "owners").col("id", "integer").pk("id").build()
	from := table("sqlite", "items").col("id", "integer").col("sku", "text").col("old_owner", "integer").col("gone", "text").
		pk("id").
		index("items_lower_sku", false, []string{"(lower(\"sku\"))"}, &attr.IndexPredicate{P: "sku <> '' AND old_owner > 0"}).
		idx("items_gone", "gone").
		fk("", []string{"old_owner"}, owners, []string{"id"}, schema.Cascade).
		check("sku_set", "length(sku) > 0").
		check("gone_set", "gone IS NOT NULL").build()
	from.Attrs = append(from.Attrs, &attr.Trigger{Name: "tr", SQL: "CREATE TRIGGER tr AFTER DELETE ON items BEGIN SELECT 1; END"})
	to := table("sqlite", "items").col("id", "integer").col("code", "text").col("owner_id", "integer").pk("id").build()
	op := &schema.ModifyTable{T: to, Changes: []schema.Change{
		&schema.RenameColumn{From: colOf(from, "sku"), To: colOf(to, "code")},
		&schema.RenameColumn{From: colOf(from, "old_owner"), To: colOf(to, "owner_id")},
		&schema.DropColumn{C: colOf(from, "gone")},
	}}
	nt, notes := rebuiltTable(&diff.Change{From: from, To: to}, op)
	var s stmts
	if err := (&sqliteWriter{}).createTable(&s, "items", nt); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range s {
		got = append(got, st.SQL)
	}
	want := []string{
		"CREATE TABLE \"items\" (\n  \"id\" integer NOT NULL,\n  \"code\" text,\n  \"owner_id\" integer,\n  PRIMARY KEY (\"id\"),\n" +
			"  CONSTRAINT \"sku_set\" CHECK (length(\"code\") > 0),\n" +
			"  FOREIGN KEY (\"owner_id\") REFERENCES \"owners\" (\"id\") ON DELETE CASCADE\n)",
		`CREATE INDEX "items_lower_sku" ON "items" (lower("code")) WHERE "code" <> '' AND "owner_id" > 0`,
		"CREATE TRIGGER tr AFTER DELETE ON items BEGIN SELECT 1; END",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rebuilt table (-want +got):\n%s", d)
	}
	wantNotes := []string{
		`does not keep index "items_gone": it uses column "gone", which this change drops`,
		`does not keep CHECK "gone_set": it uses column "gone", which this change drops`,
	}
	if d := cmp.Diff(wantNotes, notes); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
}

// queryRows returns the one text column of a query's rows.
func queryRows(t *testing.T, conn *sql.Conn, query string) []string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
