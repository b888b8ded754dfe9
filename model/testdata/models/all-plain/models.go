// Package models is GORM's quick start without gorm.Model: no struct
// carries a tag, a TableName method or an embedded ORM model, and no call
// registers any. Every exported struct is then a table, as GORM reads
// untagged structs; an embedded struct is part of its embedder, and an
// unexported struct is none.
package models

import "time"

// Product has no tag.
type Product struct {
	ID    uint
	Code  string
	Price uint
}

// Stamp is embedded: part of Category.
type Stamp struct {
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Category embeds Stamp.
type Category struct {
	ID   uint
	Name string
	Stamp
}

// Setting has no ID: still a table here.
type Setting struct {
	Key   string
	Value string
}

// row is unexported: no table.
type row struct {
	ID  uint
	Sum int
}
