// Package models names tables qualified with the schema gen manages,
// PostgreSQL's default "public": GORM creates "public"."kv", which is
// table kv of that schema, and derives its index and constraint names
// from the qualified name (idx_public_kv_key), as AutoMigrate does.
package models

// KV is teldrive's kv table.
type KV struct {
	ID   uint
	Key  string `gorm:"uniqueIndex"`
	Val  string `gorm:"index"`
	Note string `gorm:"unique"`
	N    int    `gorm:"check:n >= 0"`
}

// TableName qualifies the name with the schema.
func (KV) TableName() string { return "public.kv" }

// Item belongs to KV: its foreign key is fk_public_items_kv.
type Item struct {
	ID   uint
	KVID uint
	KV   KV
}

// TableName qualifies the name with the schema.
func (*Item) TableName() string { return "public.items" }

// Directed is named by the directive, with the schema.
//
//gen:table public.directed
type Directed struct {
	ID   uint
	Name string `gorm:"index"`
}
