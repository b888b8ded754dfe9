// Package models has field types with no column type.
package models

import (
	"database/sql/driver"
	"encoding/json"
)

// Money is a driver.Valuer struct whose Value answers a driver.Value.
type Money struct {
	Cents    int64
	Currency string
}

// Value writes the amount.
func (m Money) Value() (driver.Value, error) { return driver.Value(m.Cents), nil }

// JSON has a dialect-dependent type.
type JSON json.RawMessage

// GormDBDataType depends on the database.
func (JSON) GormDBDataType(db any, field any) string { return "jsonb" }

// Kind has a constant GormDataType, which gen folds.
type Kind int

// GormDataType names the type.
func (Kind) GormDataType() string { return "varchar(20)" }

// Flex has a GormDataType gen cannot fold.
type Flex string

// GormDataType is computed.
func (f Flex) GormDataType() string { return string(f) }

// Widget has one field of each unsupported type.
type Widget struct {
	ID      uint
	Attrs   map[string]string
	Events  chan int
	Any     any
	Complex complex128
	Names   []string
	Handler func()
	Price   Money
	Data    JSON
	Kind    Kind
	Flex    Flex
	Typed   Money          `gorm:"type:bigint"`
	Doc     JSON           `gorm:"type:jsonb"`
	Extra   map[string]any `gorm:"type:jsonb"`
	Ptr     uintptr
	Skipped map[string]string `gorm:"-"`
	Hidden  JSON              `gorm:"-:all"`
}
