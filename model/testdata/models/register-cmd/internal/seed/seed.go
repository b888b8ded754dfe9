// Package seed imports no model package: its AutoMigrate names none.
package seed

import "gorm.io/gorm"

type fixture struct{ ID uint }

func migrate(db *gorm.DB, more []any) error {
	if err := db.AutoMigrate(&fixture{}); err != nil {
		return err
	}
	return db.AutoMigrate(more...)
}
