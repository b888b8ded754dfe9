// Package models is read with an explicit table list.
package models

// User is listed by name.
type User struct {
	ID uint
}

// Row is listed by import path, though a query result would not be.
type Row struct {
	ID    uint
	Total int
}

// Stats is not listed.
type Stats struct {
	Count int
}

// Base is embedded but listed, so it is a table too.
type Base struct {
	ID uint
}

// Thing embeds Base.
type Thing struct {
	Base
	Name string
}
