// Package models embeds gorm.Model and uses gorm.DeletedAt, the types a
// GORM project starts from.
package models

import (
	"gorm.io/gorm"
)

// User embeds gorm.Model: id bigserial, created_at, updated_at, and a
// nullable deleted_at with its index idx_users_deleted_at.
type User struct {
	gorm.Model
	Name string `gorm:"size:100;not null"`
}

// Note keeps its own soft-delete column, indexed under its own name.
type Note struct {
	ID      uint
	Body    string
	Removed gorm.DeletedAt `gorm:"index"`
	Trashed *gorm.DeletedAt
}

// Account embeds gorm.Model through a pointer with a prefix.
type Account struct {
	ID    uint        `gorm:"primaryKey"`
	Model *gorm.Model `gorm:"embedded;embeddedPrefix:m_"`
}
