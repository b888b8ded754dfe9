// Package models has index options that change how GORM builds an index
// rather than what it is, and ones gen does not manage.
package models

// Article has an index built concurrently, ones with storage parameters,
// one with an option gen does not manage and one with a MySQL prefix
// length. Collations are dialect cases of their
// own (index-collate-postgres, index-collate-sqlite).
type Article struct {
	ID    uint
	Slug  string `gorm:"index:idx_slug,option:CONCURRENTLY"`
	Title string `gorm:"index:idx_title,option:WITH (fillfactor = 70)"`
	Body  string `gorm:"index:idx_body,length:20"`
	// Storage parameters in another spelling: quoted, upper case, two.
	Lead string `gorm:"index:idx_lead,option:with (FILLFACTOR='80'\\, deduplicate_items = off)"`
	// INCLUDE columns, and with NULLS NOT DISTINCT and storage
	// parameters on a unique index (PostgreSQL).
	Tail string `gorm:"index:idx_tail,option:INCLUDE (slug)"`
	Code string `gorm:"uniqueIndex:idx_code,option:INCLUDE (title\\, Lead) NULLS NOT DISTINCT WITH (fillfactor = 90)"`
	// An option gen does not manage.
	Place string `gorm:"index:idx_place,option:TABLESPACE pg_default"`
	Note  string `gorm:"index:idx_note,comment:a note"`
}
