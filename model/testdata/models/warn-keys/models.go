// Package models has keys GORM ignores silently.
package models

import "time"

// Stamp is embedded with keys that do nothing to its columns.
type Stamp struct {
	At time.Time
}

// Customer has typos, GORM v1 spellings and keys gen does not read yet.
type Customer struct {
	ID       uint   `gorm:"auto_increment"`
	Email    string `gorm:"uniqe"`
	Name     string `gorm:"not_null"`
	Code     string `gorm:"unique_index:idx_code"`
	Other    string `gorm:"frobnicate"`
	Phone    string `gorm:"index:idx_phone,length:10"`
	Street   string `gorm:"index:idx_street,fillfactor:70"`
	Total    int    `gorm:"check:total >= 0"`
	Hidden   string `gorm:"-:sometimes"`
	Label    string `gorm:"autoIncrement"`
	Alias    string `gorm:"column:name"`
	Stamp    `gorm:"not null;index"`
	Orders   []Order
	Best     *Order
	Created  time.Time `gorm:"autoCreateTime;<-:create"`
	Modified int64     `gorm:"autoUpdateTime:milli"`
}

// Order belongs to a customer.
type Order struct {
	ID         uint
	CustomerID uint
}
