// Package models names a table qualified with "main", the main database
// of an SQLite file: GORM (glebarez/sqlite) creates `main`.`kv`, which is
// table kv, and derives its index and constraint names from the qualified
// name (idx_main_kv_key), as AutoMigrate does.
package models

// KV is the table kv.
type KV struct {
	ID   uint
	Key  string `gorm:"uniqueIndex"`
	Val  string `gorm:"index"`
	Note string `gorm:"unique"`
	N    int    `gorm:"check:n >= 0"`
}

// TableName qualifies the name with the main database.
func (KV) TableName() string { return "main.kv" }
