// Package kinds covers TAGS.md §1.7: the column type GORM gives each Go
// type, and §1.6: no column but the key is NOT NULL.
package kinds

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Kind{}} }
