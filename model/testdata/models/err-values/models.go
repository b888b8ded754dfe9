// Package models has tag values GORM would misread.
package models

import "time"

// Item has one bad value per field.
type Item struct {
	ID        uint
	Name      string    `gorm:"size:abc"`
	Price     float64   `gorm:"precision:x"`
	Tax       float64   `gorm:"precision:10;scale:-1"`
	Rank      int       `gorm:"index:idx_rank,priority:high"`
	Order     int       `gorm:"index:,sort:up"`
	Body      string    `gorm:"index:,class:FULLTEXT"`
	Group     int       `gorm:"index:,composite"`
	Kind      string    `gorm:"type:"`
	Code      string    `gorm:"type:varchar(10) NOT NULL"`
	Blob      []string  `gorm:"serializer:yaml"`
	Active    bool      `gorm:"default:yes"`
	Count     int       `gorm:"default:many"`
	Positive  uint      `gorm:"default:-1"`
	Ratio     float64   `gorm:"default:NaN"`
	Due       time.Time `gorm:"default:2020-13-45"`
	Level     int       `gorm:"embedded"`
	CheckName int       `gorm:"check:positive,"`
}
