// Package benchschema builds the schema of the no-op diff benchmarks
// (docs/PERFORMANCE.md, "No-op diff: 1000 and 10,000 tables"): n tables of
// a realistic shape in one PostgreSQL schema, and a GORM model package
// that declares exactly those tables, so that `gen diff` on the two finds
// nothing to change.
//
// Table i (item00000_entries, item00001_entries, …: the names GORM derives
// from the structs Item00000Entry, …) has a bigserial primary key, nine
// columns of mixed types (varchar, text, numeric, integer, boolean,
// timestamptz, jsonb, a commented one), an index on name, a unique index
// on code and, from the second table on, a foreign key prev_id to the
// table before it.
//
// The benchmarks in noop_bench_test.go build it in a test schema; the
// program in ./cmd builds it in a schema of your choice for timing gen as
// a whole process (docs/PERFORMANCE.md has the commands).
package benchschema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Table is the name of table i.
func Table(i int) string { return fmt.Sprintf("item%05d_entries", i) }

// Struct is the name of the model of table i.
func Struct(i int) string { return fmt.Sprintf("Item%05dEntry", i) }

// DDL returns the statements that create the n tables in schema (which
// must exist; "" is the connection's current schema), in one string.
func DDL(schema string, n int) string { return DDLRange(schema, 0, n) }

// DDLRange is DDL for tables from to to-1 only (table from's foreign key
// references table from-1, which must exist).
func DDLRange(schema string, from, to int) string {
	q := func(name string) string {
		if schema == "" {
			return quote(name)
		}
		return quote(schema) + "." + quote(name)
	}
	var b strings.Builder
	for i := from; i < to; i++ {
		t := Table(i)
		fmt.Fprintf(&b, "CREATE TABLE %s (\n", q(t))
		b.WriteString("\tid bigserial PRIMARY KEY,\n")
		b.WriteString("\tname varchar(120) NOT NULL,\n")
		b.WriteString("\tcode varchar(40) NOT NULL,\n")
		b.WriteString("\tprice numeric(12,2) NOT NULL DEFAULT 0,\n")
		b.WriteString("\tquantity integer NOT NULL DEFAULT 0,\n")
		b.WriteString("\tactive boolean NOT NULL DEFAULT true,\n")
		b.WriteString("\tnote text,\n")
		b.WriteString("\tattrs jsonb,\n")
		b.WriteString("\tcreated_at timestamptz")
		if i > 0 {
			b.WriteString(",\n\tprev_id bigint")
			fmt.Fprintf(&b, ",\n\tCONSTRAINT %s FOREIGN KEY (prev_id) REFERENCES %s (id)", quote("fk_"+t+"_prev"), q(Table(i-1)))
		}
		b.WriteString("\n);\n")
		fmt.Fprintf(&b, "CREATE INDEX %s ON %s (name);\n", quote("idx_"+t+"_name"), q(t))
		fmt.Fprintf(&b, "CREATE UNIQUE INDEX %s ON %s (code);\n", quote("idx_"+t+"_code"), q(t))
		fmt.Fprintf(&b, "COMMENT ON COLUMN %s.note IS 'free text from the operator';\n", q(t))
	}
	return b.String()
}

// Models returns the source of package models declaring the n tables as
// GORM models.
func Models(n int) string {
	var b strings.Builder
	b.WriteString("// Package models declares the tables of the no-op diff benchmark.\npackage models\n\nimport \"time\"\n")
	for i := range n {
		s := Struct(i)
		fmt.Fprintf(&b, "\n// %s is benchmark table %d of %d.\ntype %s struct {\n", s, i, n, s)
		b.WriteString("\tID        int64\n")
		b.WriteString("\tName      string `gorm:\"size:120;not null;index\"`\n")
		b.WriteString("\tCode      string `gorm:\"size:40;not null;uniqueIndex\"`\n")
		b.WriteString("\tPrice     float64 `gorm:\"type:numeric(12,2);not null;default:0\"`\n")
		b.WriteString("\tQuantity  int32 `gorm:\"not null;default:0\"`\n")
		b.WriteString("\tActive    bool `gorm:\"not null;default:true\"`\n")
		b.WriteString("\tNote      *string `gorm:\"comment:free text from the operator\"`\n")
		b.WriteString("\tAttrs     *string `gorm:\"type:jsonb\"`\n")
		b.WriteString("\tCreatedAt time.Time\n")
		if i > 0 {
			b.WriteString("\tPrevID    *int64\n")
			fmt.Fprintf(&b, "\tPrev      *%s\n", Struct(i-1))
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// AnalyzeCatalog is the statement that refreshes the planner's statistics
// of the catalogs gen reads, as autovacuum would after the tables are
// created: without it the catalog queries are planned for the catalogs
// as they were before the n tables (on this test server autovacuum is
// off), and run several times slower.
const AnalyzeCatalog = "ANALYZE pg_catalog.pg_class, pg_catalog.pg_attribute, pg_catalog.pg_attrdef, pg_catalog.pg_index, " +
	"pg_catalog.pg_constraint, pg_catalog.pg_description, pg_catalog.pg_depend, pg_catalog.pg_type, pg_catalog.pg_namespace"

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// WriteModule writes a Go module with the models of the n tables in dir:
// go.mod, models/models.go and an empty migrations directory.
func WriteModule(dir string, n int) error {
	files := map[string]string{
		"go.mod":           "module example.com/noopbench\n\ngo 1.22\n",
		"models/models.go": Models(n),
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return os.MkdirAll(filepath.Join(dir, "migrations"), 0o755)
}
