// Package embedded covers gorm.Model and gorm.DeletedAt (TAGS.md §1.3),
// anonymous embedding, and `embedded` with `embeddedPrefix` (§1.2).
package embedded

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Customer{}, &Shop{}} }
