// Package models has Bun models: table names, keys, constraints and
// embedded structs, as Bun's CREATE TABLE writes them.
package models

import (
	"time"

	"github.com/uptrace/bun"
)

// User names its table with table:.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID        int64     `bun:",pk,autoincrement"`
	Email     string    `bun:",notnull,unique"`
	Name      string    `bun:"full_name,notnull,default:''"`
	Nick      *string   `bun:",nullzero"`
	Tenant    int64     `bun:",unique:tenant_login"`
	Login     string    `bun:",unique:tenant_login"`
	Active    bool      `bun:",notnull,default:true"`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
	Posts     []*Post   `bun:"rel:has-many,join:id=author_id"`
	Secret    string    `bun:"-"`
	Score     int       `bun:",scanonly"`
}

// Post names its table with the bare first element.
type Post struct {
	bun.BaseModel `bun:"posts,alias:p"`

	ID       int64 `bun:"id,pk,identity"`
	AuthorID int64 `bun:"author_id,notnull"`
	Author   *User `bun:"rel:belongs-to,join:author_id=id"`
	Title    string
	Slug     string `bun:",unique:\"slug_u,title_slug\""`
	Tags     []Tag  `bun:"m2m:post_tags,join:Post=Tag"`
	Audit
	Geo Geo `bun:"embed:geo_"`
}

// Audit is embedded anonymously.
type Audit struct {
	UpdatedBy string
	UpdatedAt time.Time `bun:",nullzero"`
}

// Geo is embedded with a prefix; its unique group takes the prefix.
type Geo struct {
	Lat float64 `bun:",unique:point"`
	Lng float64 `bun:",unique:point"`
}

// Tag has the default table name and a text key.
type Tag struct {
	Name  string `bun:",pk"`
	Color string `bun:",unique"`
}

// PostTag is the m2m junction model.
type PostTag struct {
	bun.BaseModel `bun:"table:post_tags"`

	PostID  int64  `bun:",pk"`
	Post    *Post  `bun:"rel:belongs-to,join:post_id=id"`
	TagName string `bun:",pk"`
	Tag     *Tag   `bun:"rel:belongs-to,join:tag_name=name"`
}

// Membership has a composite key and a unique column: on SQLite, the
// key's index is the table's first autoindex and the unique column's
// the second.
type Membership struct {
	GroupID  int64  `bun:",pk"`
	UserName string `bun:",pk"`
	Badge    string `bun:",unique"`
}

// AuditLog takes the table name of the model it extends.
type AuditLog struct {
	User `bun:",extend"`

	Action string
}
