package main

import (
	"context"

	"gorm.io/gorm"

	"example.com/registercmd/models"
)

func migrate(ctx context.Context, db *gorm.DB) error {
	list := []any{&models.User{}, new(models.Post)}
	list = append(list, (*models.Tag)(nil))
	if err := db.AutoMigrate(list...); err != nil {
		return err
	}
	if err := db.WithContext(ctx).AutoMigrate(models.All()...); err != nil {
		return err
	}
	if err := db.AutoMigrate(models.Extra...); err != nil {
		return err
	}
	return db.AutoMigrate(reports...)
}
