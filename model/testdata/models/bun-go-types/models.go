// Package models reads Bun models with nullability: go-types.
package models

import (
	"time"

	"github.com/uptrace/bun"
)

// Event is NOT NULL by Go type, except where Bun writes NULL.
type Event struct {
	bun.BaseModel `bun:"table:events"`

	ID        int64 `bun:",pk,autoincrement"`
	Name      string
	Note      *string
	StartsAt  time.Time `bun:",nullzero"`
	DeletedAt time.Time `bun:",soft_delete"`
}
