// Package models has gen hints: renames, column types and enums.
package models

import "database/sql/driver"

// OrderStatus is an enum: on PostgreSQL the type order_status with its
// constants' values in declaration order, on SQLite a CHECK.
//
//gen:enum
type OrderStatus string

// The values of OrderStatus.
const (
	StatusPending OrderStatus = "pending"
	StatusPaid    OrderStatus = "paid"
)

// StatusShipped comes later in the file, and last among the values.
const StatusShipped OrderStatus = "shipped"

// Money is a driver.Valuer gen cannot map: a hint gives its type.
type Money struct{ Cents int64 }

// Value writes the amount.
func (m Money) Value() (driver.Value, error) { return m.Cents, nil }

// Order was the table purchases.
//
//gen:renamed_from purchases
type Order struct {
	ID uint
	// The column was called mail.
	Email string `gorm:"size:200" gen:"renamed_from=mail"`
	// The hint gives a type gen cannot learn.
	Total Money `gen:"type=numeric(10,2)"`
	// The hint wins over the ORM's type.
	Score int `gorm:"type:integer" gen:"type=bigint"`
	// Enum columns.
	Status   OrderStatus `gorm:"not null;default:pending"`
	Previous *OrderStatus
	// The hint wins over the enum.
	Label OrderStatus `gen:"type=varchar(20)"`
	// Both hints, separated by a semicolon.
	Note string `gen:"renamed_from=remark;type=text"`
	// The join table's label_code copies the key's type hint, not its
	// rename.
	Labels []Label `gorm:"many2many:order_labels"`
}

// Label's key has hints.
type Label struct {
	Code string `gorm:"primaryKey" gen:"type=varchar(12);renamed_from=old_code"`
}
