// Package introspect reads a live database catalog into the schema model
// that the rest of gen shares (ariga.io/atlas/sql/schema), following the
// conventions of docs/ARCHITECTURE.md to the letter: the model loader
// builds the desired schema by the same rules and package diff compares the
// two field by field, so any deviation here is a phantom change reported to
// users.
//
// There is one file per database. Postgres reads pg_catalog through a
// native pgx connection; SQLite reads sqlite_schema and the pragma
// table-valued functions through database/sql (modernc.org/sqlite). Both
// issue a constant number of catalog queries, whatever the number of
// tables: PostgreSQL sends its queries as one pgx batch (one round trip),
// SQLite runs four.
//
// Usage:
//
//	conn, err := pgx.Connect(ctx, "postgres://app@db/app?search_path=app")
//	...
//	current, err := introspect.Postgres(ctx, conn, introspect.Options{
//		Schema:  "app",
//		Exclude: []string{"gen_migrations"},
//	})
//
//	db, err := sql.Open("sqlite", "app.db")
//	...
//	current, err := introspect.SQLite(ctx, db, introspect.Options{Exclude: []string{"gen_migrations"}})
//
// What is read: tables (not views, not partitions, not tables that belong
// to an extension), columns with their canonical types, defaults, identity,
// serial and generated columns, comments, primary keys, unique constraints,
// indexes (partial, expression, method), foreign keys, CHECK constraints and
// PostgreSQL enum types. Sequences that no column owns, views, functions,
// triggers and exclusion constraints are not read.
package introspect
