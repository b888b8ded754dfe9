// Package models registers its tables with AutoMigrate and CreateTable in
// Migrate, as an application does at start-up: the tables are the models
// those calls name, and the tables AutoMigrate creates on the way, whatever
// else the package declares.
package models

import "gorm.io/gorm"

// Models is the list Migrate spreads into AutoMigrate: a pointer, new(T)
// and a struct value.
var Models = []any{&User{}, new(Post), Tag{}}

// Migrate creates the tables.
func Migrate(db *gorm.DB) error {
	// PostTag is the join struct of Post.Tags.
	if err := db.SetupJoinTable(&Post{}, "Tags", &PostTag{}); err != nil {
		return err
	}
	if err := db.AutoMigrate(Models...); err != nil {
		return err
	}
	var c Comment
	if err := db.AutoMigrate((*Order)(nil), &c); err != nil {
		return err
	}
	return db.Migrator().CreateTable(extra()...)
}

func extra() []any { return []any{&Invoice{}} }

// User has many posts.
type User struct {
	ID    uint
	Name  string `gorm:"size:100"`
	Posts []Post
}

// Post belongs to a user and has many tags through PostTag.
type Post struct {
	ID     uint
	UserID uint
	Title  string
	Tags   []Tag `gorm:"many2many:post_tags"`
}

// Tag is registered as a value.
type Tag struct {
	ID   uint
	Name string
}

// PostTag is the join table of Post.Tags (SetupJoinTable).
type PostTag struct {
	PostID  uint `gorm:"primaryKey"`
	TagID   uint `gorm:"primaryKey"`
	AddedBy string
}

// Comment is registered through a variable.
type Comment struct {
	ID   uint
	Body string
}

// Order belongs to a customer and has lines.
type Order struct {
	ID         uint
	CustomerID uint
	Customer   Customer
	Lines      []Line
}

// Customer is registered by no call: AutoMigrate creates it for
// Order.Customer, whose foreign key references it.
type Customer struct {
	ID   uint
	Name string `gorm:"size:80"`
}

// Line is Order's has-many: AutoMigrate does not create it, so neither
// does gen.
type Line struct {
	ID      uint
	OrderID uint
	Qty     int
}

// Invoice is created by Migrator().CreateTable.
type Invoice struct {
	ID     uint
	Number string `gorm:"size:20"`
}

// Draft has gorm tags, but no call registers it: no table.
type Draft struct {
	ID   uint
	Body string `gorm:"size:200"`
}
