// Package models has index collations on SQLite: GORM writes the collate:
// value verbatim after the column; SQLite's own are BINARY, NOCASE, RTRIM.
package models

// Word has indexes with collations other than the column's own.
type Word struct {
	ID     uint
	Text   string `gorm:"index:idx_words_text,collate:NOCASE"`
	Padded string `gorm:"index:idx_words_padded,collate:rtrim,sort:desc"`
	// BINARY is the default, and what the catalog reports without one.
	Plain string `gorm:"index:idx_words_plain,collate:BINARY"`
}
