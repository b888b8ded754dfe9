// Package library covers the library types GORM users reach for, whose
// column type GORM learns by calling methods (GormDBDataType, GormDataType,
// driver.Valuer): gorm.io/datatypes, github.com/google/uuid,
// github.com/shopspring/decimal and github.com/lib/pq arrays.
package library

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Library{}} }
