// Package models exercises GORM's default values that both PostgreSQL and
// SQLite take.
package models

import "time"

// Account has a default on every kind of column.
type Account struct {
	ID       uint
	Status   string    `gorm:"default:active"`
	Single   string    `gorm:"default:'pending'"`
	Double   string    `gorm:"default:\"draft\""`
	Quote    string    `gorm:"default:it's"`
	Empty    string    `gorm:"default:''"`
	Blank    string    `gorm:"default:"`
	Paren    string    `gorm:"default:'(none)'"`
	Spaced   string    `gorm:"default:  padded  "`
	Active   bool      `gorm:"default:true"`
	Off      bool      `gorm:"default:F"`
	Count    int       `gorm:"default:0"`
	Negative int32     `gorm:"default:-1"`
	Hex      int64     `gorm:"default:0x10"`
	Unsigned uint16    `gorm:"default:7"`
	Rate     float64   `gorm:"default:1.50"`
	Exp      float32   `gorm:"default:1e3"`
	Updated  time.Time `gorm:"default:CURRENT_TIMESTAMP"`
	Managed  string    `gorm:"default:(-)"`
	Nothing  *string   `gorm:"default:null"`
	Price    float64   `gorm:"type:numeric(10,2);default:9.99"`
	Level    int       `gorm:"default:(1 + 1)"`
	NotNull  string    `gorm:"not null;default:x"`
}
