// Package models holds the shop's GORM models: the source of truth gen
// generates migrations from.
package models

import "time"

// User is a customer account.
type User struct {
	ID        uint
	Username  string `gorm:"size:80;unique"`
	Email     string `gorm:"size:120;unique"`
	CreatedAt time.Time
}
