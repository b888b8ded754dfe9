// Package registered covers how gen finds the tables of an application
// that migrates them itself: its AutoMigrate and CreateTable calls live in
// Migrate, a function of the package, which the oracle calls as the
// application would, so that GORM and gen see the same calls. The tables
// are the models those calls name, the join struct SetupJoinTable names,
// and what AutoMigrate creates on the way (Customer, which Order's foreign
// key references); not Line, Order's has-many, which AutoMigrate does not
// create, nor Draft or the payloads, which no call names.
package registered

import "gorm.io/gorm"

// Models is the list Migrate spreads into AutoMigrate.
var Models = []any{&User{}, new(Post), &Tag{}}

// Migrate creates the tables, as an application does at start-up.
func Migrate(db *gorm.DB) error {
	if err := db.SetupJoinTable(&Post{}, "Tags", &PostTag{}); err != nil {
		return err
	}
	if err := db.AutoMigrate(Models...); err != nil {
		return err
	}
	if err := db.AutoMigrate((*Order)(nil)); err != nil {
		return err
	}
	if !db.Migrator().HasTable(&Invoice{}) {
		return db.Migrator().CreateTable(&Invoice{})
	}
	return nil
}

// User has many posts.
type User struct {
	ID    uint
	Name  string `gorm:"size:100;not null"`
	Posts []Post
}

// Post belongs to a user and has many tags through PostTag.
type Post struct {
	ID     uint
	UserID uint
	Title  string
	Tags   []Tag `gorm:"many2many:post_tags"`
}

// Tag is tagged in posts.
type Tag struct {
	ID   uint
	Name string `gorm:"size:40;uniqueIndex"`
}

// PostTag is the join struct of Post.Tags (SetupJoinTable).
type PostTag struct {
	PostID  uint `gorm:"primaryKey"`
	TagID   uint `gorm:"primaryKey"`
	AddedBy string
}

// Order belongs to a customer and has lines.
type Order struct {
	ID         uint
	CustomerID uint
	Customer   Customer
	Lines      []Line
}

// Customer is registered by no call: AutoMigrate creates it for
// Order.Customer.
type Customer struct {
	ID   uint
	Name string `gorm:"size:80"`
}

// Line is Order's has-many: AutoMigrate does not create it.
type Line struct {
	ID      uint
	OrderID uint
	Qty     int
}

// Invoice is created by Migrator().CreateTable.
type Invoice struct {
	ID     uint
	Number string `gorm:"size:20;not null"`
}

// Draft has gorm tags, and no call names it.
type Draft struct {
	ID   uint
	Body string `gorm:"size:200"`
}

// CreateUserRequest is an API payload.
type CreateUserRequest struct {
	Name string `json:"name"`
}
