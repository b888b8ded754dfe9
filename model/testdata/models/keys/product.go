// Package models exercises GORM's column keys.
package models

import "time"

// Product uses every column key.
type Product struct {
	Code         string         `gorm:"primaryKey;column:product_code;size:32"`
	Name         string         `gorm:"not null;size:200;comment:what the customer sees"`
	Slug         string         `gorm:"NOTNULL;type:VARCHAR(50)"`
	Price        float64        `gorm:"type:numeric(10,2)"`
	Cost         float64        `gorm:"precision:12;scale:4"`
	Weight       float32        `gorm:"precision:8"`
	Ratio        float64        `gorm:"scale:2"`
	Stock        int            `gorm:"size:32"`
	Small        int64          `gorm:"size:16"`
	Tiny         uint           `gorm:"size:8"`
	Ref          string         `gorm:"type:uuid"`
	Meta         string         `gorm:"type:jsonb"`
	Label        int            `gorm:"type:string"`
	Flag         string         `gorm:"type:bool"`
	Big          string         `gorm:"size:10485761"`
	Exact        string         `gorm:"size:10485760"`
	UpdatedAt    time.Time      `gorm:"precision:3"`
	Seen         time.Time      `gorm:"type:timestamp"`
	Ignored      string         `gorm:"-"`
	IgnoredAll   string         `gorm:"-:all"`
	External     string         `gorm:"-:migration"`
	ReadOnly     string         `gorm:"->"`
	CreateOnly   string         `gorm:"<-:create"`
	Escaped      string         `gorm:"comment:a\\;b;size:10"`
	ColonComment string         `gorm:"comment:ratio 1:2"`
	Quoted       string         `gorm:"column:quoted_col;type:varchar(20)"`
	Tags         []string       `gorm:"type:text[]"`
	Payload      map[string]any `gorm:"serializer:json"`
	Upper        string         `gorm:"COLUMN:upper_col;SIZE:5;NOT NULL"`
	Off          string         `gorm:"not null:false;unique:false"`
	unexported   string
}
