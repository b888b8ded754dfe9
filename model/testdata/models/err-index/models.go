// Package models has index classes neither PostgreSQL nor SQLite has.
package models

// Page asks for MySQL's index classes.
type Page struct {
	ID    uint
	Body  string `gorm:"index:idx_body,class:FULLTEXT"`
	Shape string `gorm:"index:,class:SPATIAL"`
}
