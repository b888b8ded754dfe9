package models

import "time"

// Owner covers has-one, has-many and many2many: the foreign key of a
// has relationship is on the child's table and named after the owner.
type Owner struct {
	ID   int
	Name string `gorm:"size:80;unique"`

	// has-one: cards.owner_id, fk_owners_card.
	Card Card

	// has-many with an action: pets.owner_id ON DELETE CASCADE.
	Pets []Pet `gorm:"constraint:OnDelete:CASCADE"`

	// has-many keyed by the owner's name, with a named constraint.
	Books []Book `gorm:"foreignKey:OwnerName;references:Name;constraint:fk_book_owner,OnUpdate:CASCADE"`

	// many2many: owner_languages(owner_id, language_id).
	Languages []Language `gorm:"many2many:owner_languages"`

	// joinForeignKey and joinReferences name the join columns.
	Tags []Tag `gorm:"many2many:owner_tags;joinForeignKey:OwnerRef;joinReferences:TagRef;constraint:OnDelete:CASCADE"`

	// The join table is the OwnerPlace struct (GORM's SetupJoinTable).
	Places []Place `gorm:"many2many:owner_places"`

	// many2many to itself: owner_friends(owner_id, friend_id).
	Friends []*Owner `gorm:"many2many:owner_friends"`
}

// Card is the has-one child.
type Card struct {
	ID      int
	Number  string `gorm:"size:19"`
	OwnerID int
}

// Pet is a has-many child with a belongs-to back to its owner: GORM
// creates one foreign key for the pair, the owner's.
type Pet struct {
	ID      int
	Name    string
	OwnerID int
	Owner   *Owner
}

// Book is the has-many child keyed by the owner's name; owner_name takes
// the owner's varchar(80).
type Book struct {
	ID        int
	Title     string
	OwnerName string
}

// Language is the other side of owner_languages.
type Language struct {
	ID   int
	Name string
}

// Tag is the other side of owner_tags.
type Tag struct {
	ID    int
	Label string
}

// Place is the other side of owner_places.
type Place struct {
	ID   int
	Name string
}

// OwnerPlace is the join table of Owner.Places: its table has the join
// table's name, so it is the join table, with the join's foreign keys.
type OwnerPlace struct {
	OwnerID int `gorm:"primaryKey"`
	PlaceID int `gorm:"primaryKey"`
	Since   time.Time
}

// Category has children of its own kind.
type Category struct {
	ID       int
	Name     string
	ParentID *int
	Children []Category `gorm:"foreignKey:ParentID"`
}

// Student and Course declare the same join table from both sides: the
// one declared last defines it, as AutoMigrate in declaration order.
type Student struct {
	ID      uint
	Courses []Course `gorm:"many2many:enrollments"`
}

// Course is declared after Student, so enrollments is (course_id,
// student_id).
type Course struct {
	ID       uint
	Students []Student `gorm:"many2many:enrollments;constraint:OnDelete:CASCADE"`
}
