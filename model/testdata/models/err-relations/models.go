// Package models has relationships GORM rejects, or that the database
// would.
package models

// Author is referenced below.
type Author struct {
	ID   int
	Name string
}

// Post has relationships whose foreign key is nowhere.
type Post struct {
	ID int
	// Neither Post.WriterID nor Author.PostID exists.
	Writer Author
	// foreignKey names no field.
	Editor Author `gorm:"foreignKey:EditorRef"`
	// A has-many whose child has no PostID.
	Authors []Author
	// An action that is not SQL.
	ReviewerID int
	Reviewer   Author `gorm:"constraint:OnDelete:DESTROY"`
	// References a column that is not unique.
	AuthorName string
	ByName     Author `gorm:"foreignKey:AuthorName;references:Name"`
	// Points at a struct that is no table.
	DraftID int
	Draft   Draft
	// A name written without the comma GORM needs.
	SponsorID int
	Sponsor   Author `gorm:"constraint:fk_sponsor"`
}

// Draft is not a table; GORM still reads its relationships, and so the
// Entry table before its turn.
//
//gen:ignore
type Draft struct {
	ID      int
	Entries []Entry
}

// Entry is a table read first through Draft: its problems are reported
// all the same.
type Entry struct {
	ID      int
	DraftID int
	Body    string `gorm:"sise:10"`
}

// Comment is polymorphic without the columns.
type Comment struct {
	ID int
}

// Thread owns comments polymorphically, but Comment has no owner columns.
type Thread struct {
	ID       int
	Comments []Comment `gorm:"polymorphic:Owner"`
}

// Club has a many2many with a key that does not exist.
type Club struct {
	ID      int
	Members []Author `gorm:"many2many:club_members;foreignKey:Code"`
}

// Pair names two foreign keys alike.
type Pair struct {
	ID      int
	LeftID  int
	Left    Author `gorm:"constraint:fk_pair,OnDelete:CASCADE"`
	RightID int
	Right   Author `gorm:"constraint:fk_pair,OnDelete:CASCADE"`
}
