// Package models has sqlx structs: db tags name the columns, gen.yaml
// names the tables.
package models

import (
	"database/sql"
	"time"
)

// Timestamps is embedded: its columns are flattened.
type Timestamps struct {
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt *time.Time `db:"updated_at"`
}

// User is the table users (GORM's naming); id is its key, a serial as
// GORM makes an integer id.
type User struct {
	ID       int64          `db:"id"`
	Email    string         `db:"email"`
	Nickname sql.NullString `db:"nickname"`
	Bio      *string        `db:"bio"`
	Password string         `db:"-"`
	// No tag: sqlx lowercases the name.
	LastSeen time.Time
	Timestamps
}

// Address is nested, not embedded: sqlx maps address.street, no column.
type Address struct {
	Street string `db:"street"`
}

// Order is the table purchase_orders, as gen.yaml names it; its key's
// type is exact, as the hint says.
type Order struct {
	ID      int64   `db:"id" gen:"type=integer"`
	UserID  int64   `db:"user_id"`
	Total   float64 `db:"total" gen:"type=numeric(10,2)"`
	Ship    Address
	Comment string `db:"comment,omitempty"`
}

// OrderSummary is a query result: not listed, not a table.
type OrderSummary struct {
	UserID int64 `db:"user_id"`
	Count  int   `db:"count"`
}
