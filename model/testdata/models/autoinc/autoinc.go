// Package models auto-increments columns that are not the one primary key:
// PostgreSQL makes them serials, SQLite cannot.
package models

// Counted auto-increments a column that is not the key.
type Counted struct {
	Code string `gorm:"primaryKey"`
	Seq  int    `gorm:"autoIncrement"`
}

// Pair auto-increments one column of a composite key.
type Pair struct {
	A int64 `gorm:"primaryKey;autoIncrement"`
	B int64 `gorm:"primaryKey"`
}
