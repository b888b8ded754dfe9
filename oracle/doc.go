// Package oracle tests gen against the ORMs themselves. Its tests let GORM
// (AutoMigrate, on PostgreSQL and on SQLite) and Bun (CreateTable) create
// the schema of a rich model package in a fresh database, then run gen over
// the same package against that database: gen must report no changes.
// Every difference is a place where gen does not create or read what the
// ORM does; the README lists the ones gen keeps on purpose.
//
// It is a Go module of its own, so that gen's go.mod never depends on GORM
// or Bun. Run it from this directory:
//
//	GEN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test go test ./...
package oracle
