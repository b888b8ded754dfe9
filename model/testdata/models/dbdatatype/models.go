// Package models declares types with GORM's GormDBDataType, which gen
// folds for the dialect without running it.
package models

import (
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Doc switches on the dialect's name.
type Doc []byte

// GormDBDataType is jsonb on PostgreSQL, JSON elsewhere.
func (Doc) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	switch db.Dialector.Name() {
	case "postgres":
		return "jsonb"
	case "mysql", "sqlite":
		return "JSON"
	default:
		return ""
	}
}

// Point uses if and else.
type Point string

const pgPoint = "point"

// GormDBDataType is point on PostgreSQL and text elsewhere.
func (Point) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if db.Dialector.Name() == "postgres" {
		return pgPoint
	} else if db.Dialector.Name() == "mysql" {
		return "POINT"
	}
	return "text"
}

// Code answers nothing for SQLite: GORM goes on to its kind (string →
// varchar with size).
type Code string

// GormDBDataType only speaks for PostgreSQL.
func (Code) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if db.Dialector.Name() != "postgres" {
		return ""
	}
	return "macaddr"
}

// Place has one of each.
type Place struct {
	ID   uint
	Info Doc
	At   Point
	Code Code `gorm:"size:12"`
}
