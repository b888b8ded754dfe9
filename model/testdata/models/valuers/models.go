// Package models has fields whose types carry GORM's data type methods or
// implement driver.Valuer.
package models

import (
	"database/sql"
	"database/sql/driver"
	"time"
)

// DeletedAt is defined from sql.NullTime, as gorm.DeletedAt is.
type DeletedAt sql.NullTime

// Value writes the time or NULL.
func (n DeletedAt) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return n.Time, nil
}

// Kind names its GORM data type with a constant.
type Kind int

// GormDataType names the type.
func (Kind) GormDataType() string { return "varchar(20)" }

// Flag names an abstract GORM kind.
type Flag string

// GormDataType makes the string a bool for GORM.
func (*Flag) GormDataType() string { return "bool" }

// Status is a string valuer: its column is its underlying kind.
type Status string

// Value writes the string.
func (s Status) Value() (driver.Value, error) { return string(s), nil }

// Record has a field of each.
type Record struct {
	ID        uint
	Deleted   DeletedAt `gorm:"index"`
	Kind      Kind
	Flag      Flag
	Status    Status
	Generic   sql.Null[int32]
	Stamp     sql.Null[time.Time]
	PtrNull   *sql.NullString
	KindTyped Kind `gorm:"type:text"`
}
