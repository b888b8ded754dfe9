// Package models has errors in two files, all reported at once.
package models

// Alpha has a bad size and a bad default.
type Alpha struct {
	ID    uint
	Name  string `gorm:"size:many"`
	Count int    `gorm:"default:lots"`
}
