// Package models embeds structs both ways: a base struct that tables
// embed (part of each, no table of its own), and a table that query
// helpers embed (still a table; the helpers are none).
package models

import "time"

// Base carries gorm tags and is embedded by tables: no table.
type Base struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
}

// Author has tags of its own.
type Author struct {
	Base
	Name string `gorm:"size:80"`
}

// Book has no tag of its own: its evidence is Base's.
type Book struct {
	Base
	Title string
}

// Account is a table with a TableName method, which keeps it a table
// whoever embeds it.
type Account struct {
	ID    uint
	Email string `gorm:"size:120"`
}

// TableName names the table.
func (Account) TableName() string { return "accounts" }

// AccountWithBooks is a query result: its only evidence is the table it
// embeds, so it is no table.
type AccountWithBooks struct {
	Account
	Books int64
}

// accountRow is an unexported helper of the same kind.
type accountRow struct {
	Account
	Rank int
}

// Member has tags and nothing stronger: tags alone cannot tell it from a
// base struct like Base, so the struct embedding it is the table. A
// TableName method (as Account's), a relation, a registration or
// //gen:table would keep Member a table.
type Member struct {
	ID   uint
	Name string `gorm:"size:80"`
}

// MemberStats embeds Member.
type MemberStats struct {
	Member
	Logins int
}
