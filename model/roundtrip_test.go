package model_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// TestRoundTrip checks the property gen stands on, for every golden case
// the loader accepts: the CREATE statements for the models, applied to a
// real database and read back by the inspector, differ from the models in
// nothing. A phantom change here means the loader spells something
// (a type, a default, a name) differently from the database.
func TestRoundTrip(t *testing.T) {
	root := filepath.Join("testdata", "models")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		for _, d := range dialects {
			if _, err := os.Stat(filepath.Join(dir, "want."+d+".json")); err != nil {
				continue // the case does not load on d
			}
			t.Run(e.Name()+"/"+d, func(t *testing.T) {
				t.Parallel()
				roundTrip(t, dir, d)
			})
		}
	}
}

func roundTrip(t *testing.T, dir, dialect string) {
	ctx := context.Background()
	cc := caseConfig{Patterns: []string{"./..."}}
	if b, err := os.ReadFile(filepath.Join(dir, "case.json")); err == nil {
		if err := json.Unmarshal(b, &cc); err != nil {
			t.Fatalf("case.json: %v", err)
		}
	}
	res, err := model.Load(ctx, model.Config{
		Dir: dir, Patterns: cc.Patterns, Dialect: dialect,
		Nullability: cc.Nullability, Tables: cc.Tables, Naming: cc.Naming, Schema: cc.Schema,
	})
	if err != nil {
		t.Fatal(err)
	}
	desired := res.Schema
	var (
		exec    func(string) error
		inspect func() (*schema.Schema, error)
	)
	switch dialect {
	case "postgres":
		pg := testdb.Postgres(t)
		desired.Name = pg.Schema
		exec = func(q string) error { _, err := pg.Conn.Exec(ctx, q); return err }
		inspect = func() (*schema.Schema, error) {
			return introspect.Postgres(ctx, pg.Conn, introspect.Options{Schema: pg.Schema})
		}
	case "sqlite":
		db, err := sql.Open("sqlite", testdb.SQLitePath(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		desired.Name = "main"
		exec = func(q string) error { _, err := db.ExecContext(ctx, q); return err }
		inspect = func() (*schema.Schema, error) { return introspect.SQLite(ctx, db, introspect.Options{}) }
	}
	for _, tb := range desired.Tables {
		tb.Schema = desired
	}
	for _, q := range cc.Setup[dialect] {
		if err := exec(q); err != nil {
			t.Fatalf("setup %s: %v", q, err)
		}
	}
	plan, err := diff.Compare(&schema.Schema{Name: desired.Name}, desired, diff.Options{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	script, err := render.Render(plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range script.Stmts {
		if err := exec(st.SQL); err != nil {
			t.Fatalf("applying %s: %v", st.SQL, err)
		}
	}
	current, err := inspect()
	if err != nil {
		t.Fatal(err)
	}
	again, err := diff.Compare(current, desired, diff.Options{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	got := again.Summary()
	if known := cc.KnownDiff[dialect]; len(known) > 0 {
		if diff := cmp.Diff(known, got); diff != "" {
			t.Errorf("known_diff in case.json no longer matches (-known +got); update it, or remove it when gen round-trips the case:\n%s", diff)
		}
		return
	}
	if len(got) > 0 {
		t.Errorf("the database differs from the models after applying their CREATE statements:\n%s", strings.Join(got, "\n"))
	}
}
