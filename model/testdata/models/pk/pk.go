// Package models exercises primary keys and auto-increment.
package models

// Plain has the default ID primary key.
type Plain struct {
	ID   uint
	Name string
}

// Small has a 16-bit ID.
type Small struct {
	ID   int16
	Name string
}

// Mid has a 32-bit unsigned ID (33 bits for GORM: bigserial).
type Mid struct {
	ID uint32
}

// Medium has a 16-bit unsigned ID (17 bits for GORM: serial).
type Medium struct {
	ID uint16
}

// Composite has a composite primary key: nothing auto-increments.
type Composite struct {
	TenantID uint   `gorm:"primaryKey"`
	Code     string `gorm:"primary_key"`
	Name     string
}

// CompositeInts has two integer keys: neither auto-increments.
type CompositeInts struct {
	A int `gorm:"primaryKey"`
	B int `gorm:"primaryKey"`
}

// Keyed is keyed by a string ID: no auto-increment.
type Keyed struct {
	ID   string `gorm:"size:36"`
	Name string
}

// NoAuto turns auto-increment off on its ID.
type NoAuto struct {
	ID   int64 `gorm:"autoIncrement:false"`
	Name string
}

// Custom gives its integer ID a type, which GORM's PostgreSQL driver still
// turns into a serial.
type Custom struct {
	ID uint `gorm:"type:bigint"`
}

// Other has a tagged primary key that is not ID; ID is a plain column.
type Other struct {
	ID   int
	Code int `gorm:"primaryKey"`
}

// Log has no primary key at all (and a tag, without which a struct with
// no ID field beside tagged ones is no table).
type Log struct {
	Message string `gorm:"column:message"`
}

// Column names its ID column id with another field name.
type Column struct {
	Key  int `gorm:"column:id"`
	Name string
}
