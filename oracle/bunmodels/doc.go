// Package bunmodels holds the rich Bun model packages of the oracle: the
// table options, field options and Go types of TAGS.md §2.2–2.4 (kept
// beside the project) that github.com/uptrace/bun v1.3.0 with pgdialect
// turns into DDL, each field marked with the row it covers:
//
//   - kinds: every Go type Bun maps on PostgreSQL (§2.4);
//   - keys: the bun.BaseModel forms (§2.2) and the field options (§2.3);
//   - relations: relation fields, which are not columns, and an m2m
//     junction model.
//
// The oracle tests let Bun's CreateTable create each package's tables in a
// fresh PostgreSQL schema, add a few indexes with CreateIndex (Bun declares
// none in tags, so gen must leave them alone), then load the same package
// with gen and compare. Every exported struct of a package is a table;
// types that are only field types are unexported, because gen takes every
// exported struct of a model package as a table.
//
//	db := bun.NewDB(sqldb, pgdialect.New())
//	for _, m := range keys.Models() {
//		_, err := db.NewCreateTable().Model(m).Exec(ctx)
//	}
package bunmodels
