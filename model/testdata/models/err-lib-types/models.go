// Package models has library types gen cannot map without a type, and a
// GormDBDataType it cannot fold.
package models

import (
	"github.com/lib/pq"
	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Computed builds its type at run time.
type Computed string

// GormDBDataType depends on the field.
func (Computed) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	return "varchar(" + field.Name + ")"
}

// Bill has fields that need a type.
type Bill struct {
	ID uint
	// GORM would make a boolean column of it.
	Fee decimal.NullDecimal
	// GORM finds no column type for an array without type:.
	Tags pq.StringArray
	// gen cannot fold the method.
	Label Computed
	// A gen hint gives the type GormDBDataType returns.
	Other Computed `gen:"type=varchar(40)"`
}
