// Package models has index classes neither PostgreSQL nor SQLite has.
package models

// Page asks for MySQL's index classes.
type Page struct {
	ID    uint
	Body  string `gorm:"index:idx_body,class:FULLTEXT"`
	Shape string `gorm:"index:,class:SPATIAL"`
	// PostgreSQL folds it to c; SQLite has no C.
	Code string `gorm:"index:idx_code,collate:C"`
	// Names nothing.
	Slug string `gorm:"index:idx_slug,collate:\"\""`
}
