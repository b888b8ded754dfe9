// Package models has serialized fields: GORM's own serializers and ones
// the application registers with schema.RegisterSerializer, which gen
// cannot see (they are registered at run time), so it warns about them.
package models

import "time"

// address is stored in a column, not a table.
type address struct {
	Street string
	City   string
}

// Profile has serialized fields of each kind.
type Profile struct {
	ID uint
	// GORM's own: text.
	Labels map[string]string `gorm:"serializer:json"`
	Home   address           `gorm:"serializer:gob"`
	// A []byte with a serializer is text, not bytea.
	Raw []byte `gorm:"serializer:json"`
	// unixtime on an int keeps the int's kind: bigint (type:time makes
	// the timestamp it writes fit).
	SeenUnix int64 `gorm:"serializer:unixtime"`
	SeenAt   int64 `gorm:"serializer:unixtime;type:time"`
	// Registered by the application: text, with a warning.
	Tags []string `gorm:"serializer:csv"`
	Work address  `gorm:"serializer:CSV"`
	// Registered, on an int: GORM's kind switch keeps it an int.
	Count int32 `gorm:"serializer:csv"`
	// Registered, with a type: no word about the column.
	Extra []string `gorm:"serializer:csv;type:varchar(200)"`
	// Likely a misspelling of json.
	Meta map[string]any `gorm:"serializer:jsno"`
	// A time stays a time.
	Stamp time.Time `gorm:"serializer:csv"`
}
