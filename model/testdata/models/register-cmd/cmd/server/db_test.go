package main

import (
	"testing"

	"gorm.io/gorm"

	"example.com/registercmd/models"
)

// Tests migrate subsets and fixtures: gen does not read _test.go files.
func migrateDrafts(t *testing.T, db *gorm.DB) {
	if err := db.AutoMigrate(&models.Draft{}); err != nil {
		t.Fatal(err)
	}
}
