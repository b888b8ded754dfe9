// Package models names tables of other schemas, which gen does not manage
// yet, and names that are not table or schema.table. The GORM structs carry
// a gorm tag: beside Bun models, an untagged struct is read as Bun's.
package models

import "github.com/uptrace/bun"

// Other is in schema other.
type Other struct {
	ID uint `gorm:"primaryKey"`
}

// TableName names another schema.
func (Other) TableName() string { return "other.kv" }

// PublicKV is in schema public: PostgreSQL's default, not SQLite's.
type PublicKV struct {
	ID uint `gorm:"primaryKey"`
}

// TableName names schema public.
func (PublicKV) TableName() string { return "public.pkv" }

// Dotted has two dots.
type Dotted struct {
	ID uint `gorm:"primaryKey"`
}

// TableName names a database, a schema and a table.
func (Dotted) TableName() string { return "db.app.dotted" }

// Blank has an empty schema.
type Blank struct {
	ID uint `gorm:"primaryKey"`
}

// TableName starts with a dot.
func (Blank) TableName() string { return ".blank" }

// Directed is named by the directive, in another schema.
//
//gen:table other.directed
type Directed struct {
	ID uint
}

// Listed is named in gen.yaml's tables:, in another schema.
type Listed struct {
	ID uint
}

// BunLog is a Bun table of another schema.
type BunLog struct {
	bun.BaseModel `bun:"table:audit.logs"`

	ID int64 `bun:",pk"`
}

// BunFine is a Bun table of the main schema on both dialects.
type BunFine struct {
	bun.BaseModel `bun:"table:fine"`

	ID int64 `bun:",pk"`
}
