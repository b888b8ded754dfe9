// Package models sets GORM's naming strategy where it opens the database:
// gen reads the literal's constant fields.
package models

import (
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Config is what the application passes to gorm.Open.
var Config = &gorm.Config{
	NamingStrategy: schema.NamingStrategy{
		TablePrefix:         "app_",
		SingularTable:       true,
		IdentifierMaxLength: 30,
	},
}
