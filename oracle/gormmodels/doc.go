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
//     migrated into a fresh database rather than a schema of its own;
//   - registered: which structs are tables when the package's own
//     function calls AutoMigrate and CreateTable (the oracle calls it).
//
// The oracle tests let GORM's AutoMigrate create each package's tables in a
// fresh PostgreSQL schema, then load the same package with gen and compare.
// No package but registered calls AutoMigrate itself, so gen takes the
// structs with ORM evidence as tables (tags, TableName, gorm.Model, an ID
// field, a relation from a table); every exported struct of those packages
// is a table (listed by its Models, in source order) or embedded in one,
// and types that are only field types (serialized values) are unexported.
// internal/sqlitemigrate, which gen reads as part of the module, passes
// the Models of kinds, embedded, relations and the gormsqlite packages to
// AutoMigrate: for those, gen reads the tables from that call.
//
//	db, _ := gorm.Open(postgres.Open(url), &gorm.Config{})
//	err := db.AutoMigrate(keys.Models()...)
package gormmodels
