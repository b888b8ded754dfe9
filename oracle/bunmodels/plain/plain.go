// Package plain covers Bun models beside plain structs (an API response,
// a struct of fields GORM has no column for, query options): a plain
// struct beside Bun models is not read as GORM, and is no table.
package plain

import (
	"time"

	"github.com/uptrace/bun"
)

// Models returns a value of every table struct, for CreateTable.
func Models() []any { return []any{(*User)(nil), (*Post)(nil)} }

// User is a Bun model.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID        int64     `bun:",pk,autoincrement"`
	Email     string    `bun:",notnull,unique"`
	Posts     []*Post   `bun:"rel:has-many,join:id=author_id"`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// Post is a Bun model.
type Post struct {
	bun.BaseModel `bun:"table:posts"`

	ID       int64 `bun:",pk,autoincrement"`
	AuthorID int64 `bun:",notnull"`
	Author   *User `bun:"rel:belongs-to,join:author_id=id"`
	Title    string
}

// UserResponse is an API response: an ID field, no Bun evidence.
type UserResponse struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// Event has fields GORM has no column for.
type Event struct {
	Name    string
	Data    map[string]any
	Handler func()
	Done    chan struct{}
}

// ListOptions are a query's options.
type ListOptions struct {
	Limit, Offset int
	Authors       []User
}
