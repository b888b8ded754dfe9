// Package models has index collations on PostgreSQL: GORM writes the
// collate: value verbatim after the column.
package models

// Word has indexes with collations other than the column's own.
type Word struct {
	ID uint
	// Quoted: the collation C, byte order.
	Text string `gorm:"index:idx_words_text,collate:\"C\""`
	// Lower case needs no quotes.
	Sorted string `gorm:"index:idx_words_sorted,collate:ucs_basic"`
	// A composite index with a collation on one part, descending.
	Lang string `gorm:"index:idx_words_lang_key,priority:1"`
	Key  string `gorm:"index:idx_words_lang_key,priority:2,collate:\"POSIX\",sort:desc"`
	// An expression index with a collation: gen creates it without.
	Folded string `gorm:"index:idx_words_folded,expression:lower(text),collate:\"C\""`
}
