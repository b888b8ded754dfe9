// Package models keeps its tables unexported, as GORM allows: they are
// tables by their own evidence, a directive, or a relation from a table.
// An unexported struct whose only sign is an ID field, or what it
// embeds, is a helper.
package models

// user has gorm tags.
type user struct {
	ID   uint `gorm:"primaryKey"`
	Name string
}

// session has gorm tags and belongs to a user.
type session struct {
	ID     uint
	Token  string `gorm:"size:64"`
	UserID uint
	User   user
}

// event names its table.
type event struct {
	ID   uint
	Kind string
}

// TableName names the table.
func (event) TableName() string { return "events" }

// Post has many notes.
type Post struct {
	ID    uint
	Title string `gorm:"size:100"`
	Notes []note
}

// note has no evidence of its own; Post relates to it.
type note struct {
	ID     uint
	PostID uint
	Body   string
}

// audit has only an ID: an unexported helper, unless a directive says
// otherwise, as here.
//
//gen:table audits
type audit struct {
	ID     uint
	Action string
}

// cacheEntry has only an ID: no table.
type cacheEntry struct {
	ID    uint
	Value string
}

// userRow embeds a table: a helper, no table.
type userRow struct {
	user
	Posts int
}

// legacy has gorm tags but is marked to be left alone.
//
//gen:ignore
type legacy struct {
	ID   uint
	Data string `gorm:"size:10"`
}
