// Package models has struct tags GORM cannot see.
package models

// Note has a tag with an invalid escape and one without quotes.
type Note struct {
	ID   uint
	Body string `gorm:"comment:a\;b;size:10"`
	Kind string `gorm:size:10`
}
