// Package models declares tables beside the structs a GORM application
// keeps next to them: a JSON value, a generic column type's argument, a
// driver.Valuer, an API payload, a query filter. No call registers
// anything, so the tables are the structs with ORM evidence and those a
// table relates to.
package models

import (
	"database/sql/driver"
	"encoding/json"
)

// User has gorm tags.
type User struct {
	ID      uint
	Email   string      `gorm:"size:120;uniqueIndex"`
	Address Address     `gorm:"serializer:json"`
	Prefs   JSON[Prefs] `gorm:"type:text"`
	Balance Money       `gorm:"type:bigint"`
	Profile Profile
}

// Address is stored as JSON in users.address: no table.
type Address struct {
	Street string
	City   string
}

// Prefs is the type argument of a column type: no table.
type Prefs struct {
	Theme string
}

// JSON stores a T as JSON text.
type JSON[T any] struct{ V T }

// Value implements driver.Valuer.
func (j JSON[T]) Value() (driver.Value, error) {
	b, err := json.Marshal(j.V)
	return string(b), err
}

// Money is a driver.Valuer: a column value, no table.
type Money struct {
	Cents int64
}

// Value implements driver.Valuer.
func (m Money) Value() (driver.Value, error) { return m.Cents, nil }

// Profile has neither tags nor an ID, and User has one: a table.
type Profile struct {
	UserID uint
	Bio    string
}

// CreateUserRequest is an API payload: no table.
type CreateUserRequest struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

// UserFilter is a query filter: no table.
type UserFilter struct {
	EmailLike string
	Limit     int
	Offset    int
}

// Session has GORM's primary key, an ID field: a table.
type Session struct {
	ID     uint
	UserID uint
	Token  string
}
