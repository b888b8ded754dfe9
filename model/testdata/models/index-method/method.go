// Package models uses index access methods: PostgreSQL reads them, SQLite
// cannot.
package models

// Post has a GIN and a btree index.
type Post struct {
	ID    uint
	Tags  []string `gorm:"type:text[];index:idx_post_tags,type:gin"`
	Title string   `gorm:"index:idx_post_title,type:BTREE"`
}
