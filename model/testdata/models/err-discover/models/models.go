// Package models registers what gen cannot make a table of.
package models

import (
	"gorm.io/gorm"

	"example.com/errdiscover/audit"
)

// Migrate creates the tables.
func Migrate(db *gorm.DB) error {
	var n Count
	return db.AutoMigrate(&Order{}, &Page[Order]{}, &n, &audit.Log{}, &Legacy{})
}

// Order belongs to a customer that gen is told to leave alone, and GORM
// creates the foreign key to it.
type Order struct {
	ID         uint
	CustomerID uint
	Customer   Customer
}

// Customer is marked //gen:ignore.
//
//gen:ignore
type Customer struct {
	ID   uint
	Name string
}

// Page is generic.
type Page[T any] struct {
	ID    uint
	Items []T `gorm:"-"`
}

// Count is no struct.
type Count int

// Legacy is registered and marked //gen:ignore.
//
//gen:ignore
type Legacy struct {
	ID uint
}
