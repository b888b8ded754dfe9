// Package gormsqlite holds the GORM model packages of the SQLite oracle
// whose PostgreSQL versions in gormmodels use what SQLite lacks (index
// methods, CONCURRENTLY, PostgreSQL types and functions, identity and
// generated columns, array types):
//
//   - keys: the column keys of TAGS.md §1.2–1.4 that SQLite supports;
//   - indexes: index and uniqueIndex with the options SQLite supports;
//   - tablename: TableName() with a run-time fallback, promoted, and
//     qualified with main, the main database.
//
// gormmodels/kinds, gormmodels/embedded and gormmodels/relations serve
// SQLite unchanged. The tables are created with github.com/glebarez/sqlite,
// the pure-Go GORM driver, which maps types as gorm.io/driver/sqlite does:
// integer (an auto-increment key becomes "integer PRIMARY KEY
// AUTOINCREMENT"), real, text, blob, numeric for bool, datetime.
package gormsqlite
