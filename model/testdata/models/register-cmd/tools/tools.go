package tools

import (
	"gorm.io/gorm"

	"example.com/registercmd/models"
)

// A nested module is not read.
func migrate(db *gorm.DB) error { return db.AutoMigrate(&models.Draft{}) }
