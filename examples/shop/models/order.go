package models

import "time"

// Order is a purchase by a user.
type Order struct {
	ID          uint
	UserID      uint
	TotalAmount float64
	CreatedAt   time.Time
}
