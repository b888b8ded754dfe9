package oracle

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/genmigrate/gen/oracle/gormmodels/embedded"
	"github.com/genmigrate/gen/oracle/gormmodels/indexes"
	"github.com/genmigrate/gen/oracle/gormmodels/keys"
	"github.com/genmigrate/gen/oracle/gormmodels/kinds"
	"github.com/genmigrate/gen/oracle/gormmodels/library"
	"github.com/genmigrate/gen/oracle/gormmodels/registered"
	"github.com/genmigrate/gen/oracle/gormmodels/relations"
	"github.com/genmigrate/gen/oracle/gormmodels/valuers"
)

// A gormPackage is one model package of gormmodels.
type gormPackage struct {
	name   string
	models func() []any
	// setup declares what tags cannot (join structs); may be nil.
	setup func(*gorm.DB) error
	// run, when set, migrates instead of AutoMigrate(models()...): the
	// package's own function holding its AutoMigrate calls, which gen
	// reads to find the tables.
	run func(*gorm.DB) error
}

var gormPackages = []gormPackage{
	{name: "kinds", models: kinds.Models},
	{name: "library", models: library.Models},
	{name: "keys", models: keys.Models},
	{name: "indexes", models: indexes.Models},
	{name: "embedded", models: embedded.Models},
	{name: "relations", models: relations.Models, setup: relations.Setup},
	{name: "valuers", models: valuers.Models, setup: valuers.Setup},
	{name: "registered", run: registered.Migrate},
}

// pattern is the package pattern gen loads, relative to the oracle module.
func (p gormPackage) pattern() string { return "./gormmodels/" + p.name }

// migrate runs the package's setup and AutoMigrate, as an application does.
func (p gormPackage) migrate(db *gorm.DB) error {
	if p.run != nil {
		return p.run(db)
	}
	if p.setup != nil {
		if err := p.setup(db); err != nil {
			return err
		}
	}
	return db.AutoMigrate(p.models()...)
}

// openGORM opens GORM on PostgreSQL at url, quietly unless log is set.
func openGORM(t *testing.T, url string, log logger.Interface) *gorm.DB {
	t.Helper()
	if log == nil {
		log = logger.Discard
	}
	db, err := gorm.Open(postgres.Open(url), &gorm.Config{Logger: log})
	if err != nil {
		t.Fatalf("opening GORM on PostgreSQL: %v", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB.Close() })
	return db
}

// migrateGORM creates the package's tables in pg with GORM's AutoMigrate.
func migrateGORM(t *testing.T, pg *pgSchema, p gormPackage) {
	t.Helper()
	if err := p.migrate(openGORM(t, pg.URL, nil)); err != nil {
		t.Fatalf("gorm AutoMigrate: %v", err)
	}
}

// TestGORMPostgres is the oracle for GORM on PostgreSQL: after GORM's
// AutoMigrate of a package, gen over the same package sees nothing to do.
func TestGORMPostgres(t *testing.T) {
	t.Parallel()
	for _, p := range gormPackages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			pg := newPostgres(t)
			migrateGORM(t, pg, p)
			requireNoChanges(t, newProject(t, pg.URL, p.pattern()))
		})
	}
}

// TestGORMAutoMigrateIsIdempotent checks the oracle itself: a second
// AutoMigrate over a package succeeds and leaves the catalog as the first
// one made it, so that every field of gormmodels means one schema to GORM.
// (GORM re-runs ALTERs that change nothing, e.g. every numeric(p,s) column
// is retyped to itself; those are logged, not failed.)
func TestGORMAutoMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	for _, p := range gormPackages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			pg := newPostgres(t)
			migrateGORM(t, pg, p)
			before := pgCatalog(t, pg.Conn, pg.Schema)

			rec := &sqlRecorder{}
			if err := p.migrate(openGORM(t, pg.URL, rec)); err != nil {
				t.Fatalf("the second AutoMigrate: %v\nits statements changing the schema:\n  %s", err, strings.Join(rec.ddl(), "\n  "))
			}
			if diff := cmp.Diff(before, pgCatalog(t, pg.Conn, pg.Schema)); diff != "" {
				t.Errorf("the catalog changed on the second AutoMigrate (-first +second):\n%s\nits statements changing the schema:\n  %s",
					diff, strings.Join(rec.ddl(), "\n  "))
			} else if ddl := rec.ddl(); len(ddl) > 0 {
				t.Logf("the second AutoMigrate ran %d statement(s) that changed nothing:\n  %s", len(ddl), strings.Join(ddl, "\n  "))
			}
		})
	}
}

// TestGenCreatesWhatGORMCreates applies gen's own migration for a package
// (gen migrate, then gen upgrade) to a second fresh schema and compares it
// with the schema GORM created: through gen's inspector, and straight from
// pg_catalog, which also shows what the inspector does not read.
func TestGenCreatesWhatGORMCreates(t *testing.T) {
	t.Parallel()
	for _, p := range gormPackages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			byGORM := newPostgres(t)
			migrateGORM(t, byGORM, p)
			byGen := newPostgres(t)
			requireSameSchema(t, byGORM, byGen, newProject(t, byGen.URL, p.pattern()))
		})
	}
}
