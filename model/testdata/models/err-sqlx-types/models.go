// Package models has db-tagged fields gen has no column type for.
package models

import (
	"database/sql/driver"

	"github.com/lib/pq"
)

// Opaque answers a driver.Value gen cannot type.
type Opaque string

// Value picks the value at run time.
func (o Opaque) Value() (driver.Value, error) { return driver.Value(string(o)), nil }

// Item is a table (gen.yaml lists it).
type Item struct {
	ID int64 `db:"id"`
	// pq.GenericArray's element type is known at run time only.
	Any pq.GenericArray `db:"any"`
	// A tagged field is meant to be a column: an error.
	Attrs map[string]string `db:"attrs"`
	// A Valuer is meant to be a column, tagged or not: an error.
	Opaque Opaque
	// An untagged map is no column: a warning only.
	Cache map[string]string
	// A type hint makes a column of it.
	Typed pq.GenericArray `db:"typed" gen:"type=text[]"`
}
