// Package gormmodels holds the rich GORM model packages of the oracle: every
// tag, type and relationship of TAGS.md §1.2–1.8 (kept beside the project)
// that gorm.io/gorm v1.31.2 with gorm.io/driver/postgres v1.6.3 turns into
// DDL, each field marked with the row it covers. One package per topic, so
// that gen failing to load one does not hide what it gets wrong in the
// others:
//
//   - kinds: every Go type GORM maps, pointers, sql.Null* and named types;
//   - library: datatypes, uuid, decimal and pq array types;
//   - keys: column, type, size, precision, primaryKey, not null, default,
//     autoIncrement, unique, check, comment, serializer, -, TableName,
//     generated;
//   - indexes: index and uniqueIndex with every option;
//   - embedded: gorm.Model, anonymous and `embedded` structs;
//   - relations: belongs-to, has-one, has-many, many2many, polymorphic,
//     self-references, foreignKey/references, constraint;
//   - valuers: named driver.Valuers typed by what Value returns for the
//     zero value, a serializer the application registers, datatypes'
//     generic JSON types of a struct;
//   - tablename: TableName() as projects write it (a run-time fallback,
//     promoted from an embedded struct, qualified with schema public),
//     migrated into a fresh database rather than a schema of its own.
//
// The oracle tests let GORM's AutoMigrate create each package's tables in a
// fresh PostgreSQL schema, then load the same package with gen and compare.
// Every exported struct of a package is either a table (listed by its
// Models, in source order) or embedded in one, because gen takes every
// exported, non-embedded struct of a model package as a table; types that
// are only field types (serialized values) are unexported for that reason.
//
//	db, _ := gorm.Open(postgres.Open(url), &gorm.Config{})
//	err := db.AutoMigrate(keys.Models()...)
package gormmodels
