// Package models has index options that change how GORM builds an index
// rather than what it is, and ones gen does not manage.
package models

// Article has an index built concurrently, one with a storage option and
// one with a MySQL prefix length. Collations are dialect cases of their
// own (index-collate-postgres, index-collate-sqlite).
type Article struct {
	ID    uint
	Slug  string `gorm:"index:idx_slug,option:CONCURRENTLY"`
	Title string `gorm:"index:idx_title,option:WITH (fillfactor = 70)"`
	Body  string `gorm:"index:idx_body,length:20"`
	Note  string `gorm:"index:idx_note,comment:a note"`
}
