// Package models exercises GORM's default values that only PostgreSQL
// takes: function calls, casts, dates and a custom type.
package models

import "time"

// Event has PostgreSQL defaults.
type Event struct {
	ID      uint
	Created time.Time `gorm:"default:now()"`
	Epoch   time.Time `gorm:"default:1970-01-01"`
	Noon    time.Time `gorm:"default:2020-02-29 12:00:00"`
	Quoted  time.Time `gorm:"default:'2020-01-01 00:00:00'"`
	Token   string    `gorm:"type:uuid;default:gen_random_uuid()"`
	Cast    string    `gorm:"default:now()::text"`
	Raw     []byte    `gorm:"default:'\\x00'"`
	Mood    string    `gorm:"type:mood;default:happy"`
}
