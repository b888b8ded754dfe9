// Package models stores structs in JSON columns through gorm.io/datatypes'
// generic types, whose GormDBDataType says jsonb on PostgreSQL and JSON on
// SQLite whatever the type argument.
package models

import "gorm.io/datatypes"

// address is only ever stored in a column.
type address struct {
	Street string
	City   string
}

// Customer has JSON columns of a struct, a slice of it, and a pointer.
type Customer struct {
	ID      uint
	Home    datatypes.JSONType[address]
	Past    datatypes.JSONSlice[address]
	Billing *datatypes.JSONType[address]
	// A type: key loses to GormDBDataType, as in GORM.
	Typed datatypes.JSONType[address] `gorm:"type:text"`
}
