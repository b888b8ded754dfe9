// Package models has Bun fields with no column type.
package models

import (
	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Device has fields Bun gives no type.
type Device struct {
	bun.BaseModel `bun:"table:devices"`

	ID int64 `bun:",pk,autoincrement"`
	// An interface has no type on either database.
	Data any
	// uuid.UUID is an array: bytea on PostgreSQL, no type on SQLite.
	Key uuid.UUID
	// embed needs a struct.
	Code string `bun:"embed:c_"`
}
