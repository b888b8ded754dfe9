// Package models has Bun tags Bun warns about or ignores.
package models

import "github.com/uptrace/bun"

// Meta and Extra both hold Note: neither is a column, as in Bun.
type Meta struct {
	Note string
}

// Extra holds Note too.
type Extra struct {
	Note string
}

// Log has odd options.
type Log struct {
	bun.BaseModel `bun:"table:logs,frobnicate"`

	ID      int64  `bun:"type:bigint,pk,autoincrement"`
	Level   string `bun:",uniqe"`
	Kind    string `bun:"pk"`
	OwnerID int64  `bun:",join:owner_id=id"`
	Meta
	Extra
}

// Alias names its table alias, which is also an option name.
type Alias struct {
	bun.BaseModel `bun:"alias"`

	ID int64 `bun:",pk"`
}
