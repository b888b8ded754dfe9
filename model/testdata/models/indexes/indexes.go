// Package models exercises GORM's index keys.
package models

// Contact has single-column, named, composite and unique indexes.
type Contact struct {
	ID        uint
	Email     string `gorm:"index"`
	Phone     string `gorm:"index:idx_phone"`
	FirstName string `gorm:"index:idx_name,priority:2"`
	LastName  string `gorm:"index:idx_name,priority:1"`
	Handle    string `gorm:"uniqueIndex"`
	Nick      string `gorm:"uniqueIndex:idx_nick"`
	Score     int    `gorm:"index:,sort:desc"`
	Region    string `gorm:"index:idx_region_city"`
	City      string `gorm:"index:idx_region_city,sort:desc"`
	Tenant    int    `gorm:"index:,composite:tenant_scope"`
	Kind      int    `gorm:"index:,composite:tenant_scope"`
	Code      string `gorm:"index:idx_code,unique"`
	Both      string `gorm:"unique;index"`
	Twice     string `gorm:"index;index:idx_twice_named"`
	UserID    uint   `gorm:"INDEX"`
}

// Document has partial and expression indexes.
type Document struct {
	ID      uint
	Title   string `gorm:"index:idx_live_title,where:deleted = false"`
	Deleted bool
	Slug    string `gorm:"index:idx_lower_slug,expression:lower(slug)"`
}

// AVeryLongModelNameThatGoesOnAndOn has index names over 64 characters,
// which GORM truncates with a hash.
type AVeryLongModelNameThatGoesOnAndOn struct {
	ID                               uint
	AnotherQuiteLongFieldNameForTest string `gorm:"index;unique"`
}
