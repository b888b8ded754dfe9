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
