package oracle

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for Bun
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/genmigrate/gen/oracle/bunmodels/keys"
	"github.com/genmigrate/gen/oracle/bunmodels/kinds"
	"github.com/genmigrate/gen/oracle/bunmodels/plain"
	"github.com/genmigrate/gen/oracle/bunmodels/relations"
)

// A bunPackage is one model package of bunmodels.
type bunPackage struct {
	name   string
	models func() []any
	// extra runs after CreateTable: what an application adds in code
	// (CreateIndex, foreign keys), which Bun's tags cannot declare and gen
	// must leave alone. May be nil.
	extra func(ctx context.Context, db *bun.DB) error
}

var bunPackages = []bunPackage{
	{name: "kinds", models: kinds.Models},
	{name: "plain", models: plain.Models},
	{name: "keys", models: keys.Models, extra: func(ctx context.Context, db *bun.DB) error {
		for _, q := range []*bun.CreateIndexQuery{
			db.NewCreateIndex().Model((*keys.User)(nil)).Index("users_name_idx").Column("name"),
			db.NewCreateIndex().Model((*keys.User)(nil)).Index("users_lower_login_idx").Unique().ColumnExpr("lower(login_name)"),
			db.NewCreateIndex().Model((*keys.Story)(nil)).Index("stories_author_idx").Column("author_id", "title").Where("title IS NOT NULL"),
			db.NewCreateIndex().Model((*keys.User)(nil)).Index("users_tags_idx").Using("gin").Column("tags"),
		} {
			if _, err := q.Exec(ctx); err != nil {
				return fmt.Errorf("bun CreateIndex: %w", err)
			}
		}
		return nil
	}},
	{name: "relations", models: relations.Models, extra: func(ctx context.Context, db *bun.DB) error {
		// The foreign keys Bun would create with WithForeignKeys, added
		// afterwards as an application's migration would.
		for _, stmt := range []string{
			`ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE`,
			`ALTER TABLE order_to_items ADD FOREIGN KEY (order_id) REFERENCES orders (id)`,
			`ALTER TABLE order_to_items ADD FOREIGN KEY (item_id) REFERENCES items (id)`,
		} {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("adding a foreign key: %w", err)
			}
		}
		_, err := db.NewCreateIndex().Model((*relations.Book)(nil)).Index("books_author_id_idx").Column("author_id").Exec(ctx)
		return err
	}},
}

func (p bunPackage) pattern() string { return "./bunmodels/" + p.name }

// openBun opens Bun on PostgreSQL at url through pgx's database/sql driver.
func openBun(t *testing.T, url string) *bun.DB {
	t.Helper()
	sqldb, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatalf("opening PostgreSQL for Bun: %v", err)
	}
	db := bun.NewDB(sqldb, pgdialect.New())
	t.Cleanup(func() { db.Close() })
	return db
}

// createBun creates the package's tables with Bun's CreateTable, one model
// at a time as the models list them, then runs extra when withExtra is set.
func createBun(t *testing.T, pg *pgSchema, p bunPackage, withExtra bool) {
	t.Helper()
	ctx := context.Background()
	db := openBun(t, pg.URL)
	models := p.models()
	// m2m junction models must be registered before the models using them.
	db.RegisterModel(models...)
	for _, m := range models {
		if _, err := db.NewCreateTable().Model(m).Exec(ctx); err != nil {
			t.Fatalf("bun CreateTable %T: %v", m, err)
		}
	}
	if withExtra && p.extra != nil {
		if err := p.extra(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBunPostgres is the oracle for Bun on PostgreSQL: after Bun's
// CreateTable of a package, plus indexes and foreign keys added in code,
// gen over the same package sees nothing to do.
func TestBunPostgres(t *testing.T) {
	t.Parallel()
	for _, p := range bunPackages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			pg := newPostgres(t)
			createBun(t, pg, p, true)
			requireNoChanges(t, newProject(t, pg.URL, p.pattern()))
		})
	}
}

// TestGenCreatesWhatBunCreates applies gen's own migration for a package to
// a second fresh schema and compares it with the one Bun's CreateTable
// created (without the indexes and keys added in code, which the tags do
// not declare).
func TestGenCreatesWhatBunCreates(t *testing.T) {
	t.Parallel()
	for _, p := range bunPackages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			byBun := newPostgres(t)
			createBun(t, byBun, p, false)
			byGen := newPostgres(t)
			requireSameSchema(t, byBun, byGen, newProject(t, byGen.URL, p.pattern()))
		})
	}
}
