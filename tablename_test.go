package gen

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/testdb"
)

// qualifiedModels is teldrive's kv model: TableName qualifies the table
// with schema public, and falls back to it from a field set at run time.
const qualifiedModels = "package models\n\n" +
	"type KV struct {\n\tID uint\n\tKey string `gorm:\"uniqueIndex\"`\n\tVal string `gorm:\"unique\"`\n\ttable string\n}\n\n" +
	"func (k *KV) TableName() string {\n\tif k.table != \"\" {\n\t\treturn k.table\n\t}\n\treturn \"public.kv\"\n}\n"

// A model whose TableName returns "public.kv" names table kv of schema
// public, the database URL's default schema, which is where GORM's
// AutoMigrate creates it. Against a database holding kv as GORM made it,
// with a row, gen plans nothing: no table "public.kv" to create, no kv to
// drop with its data. Without GORM's unique index, gen adds exactly that
// index under GORM's name, so the comparison is of that table.
func TestQualifiedTableName(t *testing.T) {
	ctx := context.Background()
	pg := testdb.Database(t)
	// What gorm v1.31.2 with gorm.io/driver/postgres v1.6.3 runs for
	// AutoMigrate(&KV{}) (its logged statements).
	for _, q := range []string{
		`CREATE TABLE "public"."kv" ("id" bigserial,"key" text,"val" text,PRIMARY KEY ("id"),CONSTRAINT "uni_public_kv_val" UNIQUE ("val"))`,
		`CREATE UNIQUE INDEX IF NOT EXISTS "idx_public_kv_key" ON "public"."kv" ("key")`,
		`INSERT INTO kv (key, val) VALUES ('k', 'v')`,
	} {
		if _, err := pg.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "models"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/qualified\n\ngo 1.22\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "models", "models.go"), []byte(qualifiedModels), 0o644))
	p, err := New(Config{DB: pg.URL, Models: []string{"./models"}, Dir: filepath.Join(dir, "migrations"), WorkDir: dir})
	must(t, err)

	desired, _, err := p.Models(ctx)
	must(t, err)
	if got := tableNames(desired); !slices.Equal(got, []string{"kv"}) || desired.Name != "public" {
		t.Fatalf("the models declare tables %v of schema %q, want [kv] of public", got, desired.Name)
	}
	draft, err := p.Draft(ctx, "nothing", DraftOptions{})
	must(t, err)
	if !draft.Empty() {
		t.Errorf("against the table GORM created, gen plans:\n%s", summary(draft.Plan))
	}

	if _, err := pg.Conn.Exec(ctx, `DROP INDEX idx_public_kv_key`); err != nil {
		t.Fatal(err)
	}
	draft, err = p.Draft(ctx, "index", DraftOptions{})
	must(t, err)
	want := "kv: add unique index idx_public_kv_key (key)"
	if got := summary(draft.Plan); got != want {
		t.Errorf("without GORM's unique index, gen plans:\n%s\nwant:\n%s", got, want)
	}
	var n int
	must(t, pg.Conn.QueryRow(ctx, "SELECT count(*) FROM kv").Scan(&n))
	if n != 1 {
		t.Errorf("kv holds %d rows, want its 1", n)
	}
}

// summary is a plan's summary lines, one a line.
func summary(p *diff.Plan) string {
	var lines []string
	for _, c := range p.Changes {
		lines = append(lines, c.Summary()...)
	}
	return strings.Join(lines, "\n")
}
