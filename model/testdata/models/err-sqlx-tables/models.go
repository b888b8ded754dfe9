// Package models has listed sqlx structs gen cannot make tables of.
package models

// Empty has no column.
type Empty struct {
	Hidden string `db:"-"`
}

// Looping embeds itself.
type Looping struct {
	ID int64 `db:"id"`
	*Looping
}

// Odd has a field of no column type.
type Odd struct {
	ID    int64          `db:"id"`
	Attrs map[string]int `db:"attrs"`
}
