// Package tablename covers TableName() (TAGS.md §1.2 "Tabler", §1.4) as
// real projects write it: a fallback from a field set at run time
// (hashicorp/boundary), a method promoted from an embedded struct, and a
// name qualified with the schema (teldrive's "public.kv"). GORM calls
// TableName on a new zero model, so the fallback is the name; a qualified
// name is created as "public"."kv" and names indexes and constraints with
// the qualifier (idx_public_kv_key).
//
// The qualified names need schema public as the target, so the oracle
// migrates this package into a fresh database (TestGORMPostgresPublic),
// not into a schema of its own.
package tablename

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Setting{}, &Promoted{}, &KV{}, &Item{}, &Tag{}} }
