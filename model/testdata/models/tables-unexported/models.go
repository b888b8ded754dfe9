// Package models lists unexported structs in gen.yaml tables:, which
// decides alone.
package models

// user is listed by name.
type user struct {
	ID   uint
	Name string
}

// order is listed by import path, with a table name.
type order struct {
	ID     uint
	UserID uint
}

// Product has gorm tags, but tables: does not list it.
type Product struct {
	ID   uint
	Code string `gorm:"size:20"`
}
