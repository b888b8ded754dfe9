package oracle

import (
	"slices"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/oracle/gormmodels/mixed"
)

// mixedPackage is a model package as real projects have one (issue 9,
// acceptance 1); it names a table public.kv, so it is migrated into fresh
// databases, whose default schema is public.
var mixedPackage = gormPackage{name: "mixed", run: mixed.Migrate}

// TestGORMPostgresMixed: GORM's AutoMigrate, run by the package's own
// Migrate, creates exactly the four tables it registers, none for the
// value types, payload, filter and helper beside them; gen, with no
// gen.yaml, finds the same four and nothing to change.
func TestGORMPostgresMixed(t *testing.T) {
	t.Parallel()
	db := testdb.Database(t)
	migrateGORM(t, db, mixedPackage)
	var tables []string
	for _, line := range pgCatalog(t, db.Conn, db.Schema) {
		if name, ok := strings.CutSuffix(line, " 0 table"); ok {
			tables = append(tables, name)
		}
	}
	slices.Sort(tables)
	if want := []string{"accounts", "invoices", "kv", "user_sessions"}; !slices.Equal(tables, want) {
		t.Fatalf("GORM created the tables %v, want %v", tables, want)
	}
	p := newProject(t, db.URL, mixedPackage.pattern())
	requireNoChanges(t, p)
	s, warnings, err := p.Models(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range s.Tables {
		names = append(names, tb.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, tables) {
		t.Errorf("gen's tables are %v, GORM's %v", names, tables)
	}
	// The registered serializer is named in a warning: gen cannot see the
	// registration, and makes the column text as GORM does.
	found := false
	for _, w := range warnings {
		found = found || strings.Contains(w.Error(), `"csv"`)
	}
	if !found {
		t.Errorf("no warning names the csv serializer: %v", warnings)
	}
}

// TestGenCreatesWhatGORMCreatesMixed applies gen's own migration for the
// package to a second fresh database and compares it with GORM's.
func TestGenCreatesWhatGORMCreatesMixed(t *testing.T) {
	t.Parallel()
	byGORM := testdb.Database(t)
	migrateGORM(t, byGORM, mixedPackage)
	byGen := testdb.Database(t)
	requireSameSchema(t, byGORM, byGen, newProject(t, byGen.URL, mixedPackage.pattern()))
}
