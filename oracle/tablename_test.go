package oracle

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/oracle/gormmodels/tablename"
)

// publicPackage names its tables qualified with schema public, which only a
// database's default schema is: it is migrated into fresh databases.
var publicPackage = gormPackage{name: "tablename", models: tablename.Models}

// TestGORMPostgresPublic is the oracle for TableName() as GORM calls it,
// on a new zero model, with names qualified with the schema: AutoMigrate
// into a fresh database, whose default schema is public, then gen over the
// same package (the URL without search_path: gen manages public) sees
// nothing to do. A second AutoMigrate changes nothing, so the package
// means one schema to GORM.
func TestGORMPostgresPublic(t *testing.T) {
	t.Parallel()
	db := testdb.Database(t)
	migrateGORM(t, db, publicPackage)
	before := pgCatalog(t, db.Conn, db.Schema)
	for _, table := range []string{"app_settings", "promoted_rows", "kv", "items", "item_tags", "tags"} {
		if !slices.Contains(before, table+" 0 table") {
			t.Fatalf("GORM did not create %s in public:\n%s", table, strings.Join(before, "\n"))
		}
	}
	migrateGORM(t, db, publicPackage)
	if diff := cmp.Diff(before, pgCatalog(t, db.Conn, db.Schema)); diff != "" {
		t.Errorf("the catalog changed on the second AutoMigrate (-first +second):\n%s", diff)
	}
	requireNoChanges(t, newProject(t, db.URL, publicPackage.pattern()))
}

// TestGenCreatesWhatGORMCreatesPublic applies gen's own migration for the
// package to a second fresh database and compares it with GORM's.
func TestGenCreatesWhatGORMCreatesPublic(t *testing.T) {
	t.Parallel()
	byGORM := testdb.Database(t)
	migrateGORM(t, byGORM, publicPackage)
	byGen := testdb.Database(t)
	requireSameSchema(t, byGORM, byGen, newProject(t, byGen.URL, publicPackage.pattern()))
}
