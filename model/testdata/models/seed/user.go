// Package models holds the seed models of the brief.
package models

import "time"

// User is a customer account.
type User struct {
	ID        uint
	Username  string `gorm:"size:80;unique"`
	Email     string `gorm:"size:120;unique"`
	CreatedAt time.Time
}
