// Package models has tables that clash or are empty.
package models

// User is the users table.
type User struct {
	ID uint
}

// Account names its table users too.
//
//gen:table users
type Account struct {
	ID uint
}

// Marker has no exported field, so no column.
//
//gen:table markers
type Marker struct {
	hidden int
}

// Skipped has only skipped fields.
type Skipped struct {
	Name string `gorm:"-"`
}
