package models

// Post embeds Base anonymously, Author with a prefix, Audit by pointer
// and Address with nested prefixes.
type Post struct {
	Base
	Title   string
	Author  Author `gorm:"embedded;embeddedPrefix:author_"`
	*Audit  `gorm:"embeddedPrefix:audit_"`
	Address Address `gorm:"embedded;embeddedPrefix:addr_"`
	Meta    struct {
		Views int
		Likes int
	} `gorm:"embedded"`
}

// Comment declares its own ID, which shadows nothing: Base comes after.
type Comment struct {
	ID   uint `gorm:"primaryKey"`
	Body string
	Base
}

// unexportedBase is embedded under an unexported name, which GORM skips.
type unexportedBase struct {
	Hidden string
}

// Tag embeds a struct under an unexported name: no column from it.
type Tag struct {
	unexportedBase
	ID   uint
	Name string
}
