// Package models has CHECK constraints.
package models

// Product checks its price and name.
type Product struct {
	ID    uint
	Price float64 `gorm:"check:price > 0"`
	Name  string  `gorm:"check:name_not_empty,name <> ''"`
	Stock int     `gorm:"check:,stock >= 0"`
	Qty   int     `gorm:"check:qty_ok,coalesce(qty, 0) >= 0"`
}
