// Package models is read with a table prefix and singular table names.
package models

// User gets app_user.
type User struct {
	ID    uint
	Email string `gorm:"unique;index"`
}

// Order keeps its TableName, which the strategy does not change.
type Order struct {
	ID uint
}

// TableName names the table.
func (Order) TableName() string { return "orders" }
