// Package bunmodels holds the rich Bun model packages of the oracle: the
// table options, field options and Go types of TAGS.md §2.2–2.4 (kept
// beside the project) that github.com/uptrace/bun v1.3.0 with pgdialect
// turns into DDL, each field marked with the row it covers:
//
//   - kinds: every Go type Bun maps on PostgreSQL (§2.4);
//   - keys: the bun.BaseModel forms (§2.2) and the field options (§2.3);
//   - relations: relation fields, which are not columns, and an m2m
//     junction model;
//   - plain: Bun models beside plain structs, which are no tables and are
//     not read as GORM.
//
// The oracle tests let Bun's CreateTable create each package's tables in a
// fresh PostgreSQL schema, add a few indexes with CreateIndex (Bun declares
// none in tags, so gen must leave them alone), then load the same package
// with gen and compare. No package calls CreateTable itself, so gen takes
// the structs with Bun evidence (bun.BaseModel, bun tags) as tables: every
// such struct of a package is listed by its Models.
//
//	db := bun.NewDB(sqldb, pgdialect.New())
//	for _, m := range keys.Models() {
//		_, err := db.NewCreateTable().Model(m).Exec(ctx)
//	}
package bunmodels
