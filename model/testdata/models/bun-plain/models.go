// Package models holds Bun models beside plain structs (payloads, query
// results, options) that GORM could not read: a plain struct beside Bun
// models is never read as GORM, and with no evidence it is no table.
package models

import (
	"time"

	"github.com/uptrace/bun"
)

// User is a Bun model.
type User struct {
	bun.BaseModel `bun:"table:users"`
	ID            int64     `bun:",pk,autoincrement"`
	Email         string    `bun:",notnull,unique"`
	Posts         []*Post   `bun:"rel:has-many,join:id=author_id"`
	CreatedAt     time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// Post is a Bun model.
type Post struct {
	bun.BaseModel `bun:"table:posts"`
	ID            int64 `bun:",pk,autoincrement"`
	AuthorID      int64 `bun:",notnull"`
	Author        *User `bun:"rel:belongs-to,join:author_id=id"`
	Title         string
}

// UserDTO is an API response: an ID field, but no Bun evidence.
type UserDTO struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// Event carries fields GORM has no column for (a map, a function, a
// channel): read as GORM, it would be three errors.
type Event struct {
	Name    string
	Data    map[string]any
	Handler func()
	Done    chan struct{}
}

// ListOptions is a query's options.
type ListOptions struct {
	Limit, Offset int
	Authors       []User
}
