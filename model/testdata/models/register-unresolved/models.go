// Package models hands AutoMigrate a list gen cannot follow (a
// parameter): the registered models are tables, and so are the structs
// with ORM evidence, with a warning at the call.
package models

import "gorm.io/gorm"

// Migrate creates User and whatever the caller passes.
func Migrate(db *gorm.DB, more []any) error {
	if err := db.AutoMigrate(&User{}); err != nil {
		return err
	}
	return db.AutoMigrate(more...)
}

// User is registered.
type User struct {
	ID   uint
	Name string
}

// Post has gorm tags: maybe among more, so a table.
type Post struct {
	ID    uint
	Title string `gorm:"size:200"`
}

// Filter has no evidence: no table.
type Filter struct {
	Title string
	Limit int
}
