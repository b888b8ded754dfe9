// Package models exercises embedded structs.
package models

import (
	"database/sql"
	"time"
)

// Base is embedded anonymously: it is not a table, and its fields are
// flattened in place. Its ID is tagged primaryKey, so it stays the key.
type Base struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt sql.NullTime `gorm:"index"`
}

// Author is embedded with a prefix.
type Author struct {
	Name  string `gorm:"size:100"`
	Email string `gorm:"index"`
}

// Audit is embedded through a pointer; its untagged ID is not a key.
type Audit struct {
	ID      int
	Creator string
}

// Geo is embedded in Address, which is embedded with a prefix: the
// prefixes add up.
type Geo struct {
	Lat float64
	Lng float64
}

// Address embeds Geo with its own prefix.
type Address struct {
	Street string
	Geo    Geo `gorm:"embedded;embeddedPrefix:geo_"`
}
