// Package valuers covers the column types GORM learns by calling a named
// driver.Valuer's Value on the zero value (schema/field.go ParseField: the
// Go type of the answer, or the type's own kind when it answers nil or an
// error), a serializer the application registers itself (Setup registers
// it, as an application does before AutoMigrate), and gorm.io/datatypes'
// generic JSON types of a struct.
package valuers

import (
	"gorm.io/gorm"

	"github.com/genmigrate/gen/oracle/internal/csvserializer"
)

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Timer{}, &Profile{}} }

// Setup registers the csv serializer, which GORM must know before it
// parses Profile.
func Setup(*gorm.DB) error {
	csvserializer.Register()
	return nil
}
