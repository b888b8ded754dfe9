// Package models is read with nullability: go-types.
package models

import (
	"database/sql"
	"time"
)

// Profile has nullable and non-nullable Go types.
type Profile struct {
	ID        uint
	Name      string
	Age       int
	Active    bool
	Born      time.Time
	Nickname  *string
	Score     sql.NullInt64
	Avatar    []byte
	Deleted   *time.Time
	Optional  string `gorm:"not null:false"`
	Required  *int   `gorm:"not null"`
	Code      string `gorm:"default:x"`
	Stamp     sql.NullTime
	Ratio     *float64
	Flags     uint8
	Note      string `gorm:"-:migration"`
	CreatedAt time.Time
}
