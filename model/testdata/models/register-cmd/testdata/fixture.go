package testdata

import (
	"gorm.io/gorm"

	"example.com/registercmd/models"
)

// testdata is not read.
func migrate(db *gorm.DB) error { return db.AutoMigrate(&models.Draft{}) }
