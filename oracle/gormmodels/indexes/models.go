// Package indexes covers TAGS.md §1.5: index and uniqueIndex with names,
// composites, priority, sort, type, where, expression, option, collate and
// class, and GORM's hashing of long names (§1.4).
package indexes

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Profile{}, &Event{}} }
