package relations

import "time"

// Company is referenced by belongs-to relations.
type Company struct {
	ID   int
	Code string `gorm:"size:20;uniqueIndex"` // the target of references:Code needs a unique key
	Name string
}

// Employee covers belongs-to (§1.8): the foreign key on the owner's table.
type Employee struct {
	ID   int
	Name string

	// Default belongs-to: company_id → companies(id), fk_employees_company.
	CompanyID int
	Company   Company

	// foreignKey and references: employer_code → companies(code),
	// fk_employees_employer.
	EmployerCode string  `gorm:"size:20"`
	Employer     Company `gorm:"foreignKey:EmployerCode;references:Code"`

	// Self-reference with actions: manager_id → employees(id), ON UPDATE
	// CASCADE ON DELETE SET NULL.
	ManagerID *int
	Manager   *Employee `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	// constraint:- : the column, no foreign key.
	MentorID *int
	Mentor   *Employee `gorm:"constraint:-"`

	// belongsTo: written out (rare).
	BranchID *int
	Branch   *Branch `gorm:"belongsTo:Branch"`
}

// Branch is the target of an explicit belongsTo.
type Branch struct {
	ID   int
	City string
}

// Owner covers has-one, has-many (§1.8: the foreign key on the child's
// table, named after the owner: fk_owners_card) and many2many.
type Owner struct {
	ID   int
	Name string `gorm:"size:80;unique"` // the target of references:Name

	// has-one: cards.owner_id → owners(id), fk_owners_card.
	Card Card

	// has-many with an action: pets.owner_id → owners(id) ON DELETE CASCADE,
	// fk_owners_pets.
	Pets []Pet `gorm:"constraint:OnDelete:CASCADE"`

	// has-many with foreignKey and references: books.owner_name →
	// owners(name); a named constraint.
	Books []Book `gorm:"foreignKey:OwnerName;references:Name;constraint:fk_book_owner,OnUpdate:CASCADE"`

	// many2many without a join struct: owner_languages(owner_id,
	// language_id), both keys, two foreign keys.
	Languages []Language `gorm:"many2many:owner_languages"`

	// many2many with joinForeignKey and joinReferences: owner_tags(owner_ref,
	// tag_ref).
	Tags []Tag `gorm:"many2many:owner_tags;joinForeignKey:OwnerRef;joinReferences:TagRef"`

	// many2many with a join struct declared below and set up with
	// SetupJoinTable: owner_places(owner_id, place_id, since).
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

// Pet is the has-many child, with a belongs-to back to its owner: GORM
// creates one foreign key for the pair, not two.
type Pet struct {
	ID      int
	Name    string
	OwnerID int
	Owner   *Owner
}

// Book is the has-many child keyed by the owner's name.
type Book struct {
	ID        int
	Title     string
	OwnerName string `gorm:"size:80"`
}

// Language is the other side of a many2many without a join struct.
type Language struct {
	ID   int
	Name string
}

// Tag is the other side of a many2many with renamed join keys.
type Tag struct {
	ID    int
	Label string
}

// Place is the other side of a many2many with a join struct.
type Place struct {
	ID   int
	Name string
}

// OwnerPlace is the declared join table of Owner.Places.
type OwnerPlace struct {
	OwnerID int `gorm:"primaryKey"`
	PlaceID int `gorm:"primaryKey"`
	Since   time.Time
	Note    string `gorm:"size:200"`
}

// Category covers a self-referencing has-many: categories.parent_id →
// categories(id), fk_categories_children.
type Category struct {
	ID       int
	Name     string
	ParentID *int
	Children []Category `gorm:"foreignKey:ParentID"`
}

// Dog and Cat own Toys polymorphically (§1.2 polymorphic): toys.owner_id
// and toys.owner_type, no foreign key.
type Dog struct {
	ID   int
	Name string
	Toys []Toy `gorm:"polymorphic:Owner"`
}

// Cat sets the polymorphic value.
type Cat struct {
	ID   int
	Name string
	Toys []Toy `gorm:"polymorphic:Owner;polymorphicValue:kitty"`
}

// Toy is the polymorphic child.
type Toy struct {
	ID        int
	Name      string
	OwnerID   int
	OwnerType string
}

// Picture uses polymorphicType and polymorphicId to name the columns.
type Picture struct {
	ID            int
	URL           string
	ImageableRef  int
	ImageableKind string `gorm:"size:40"`
}

// Gallery owns pictures through renamed polymorphic columns.
type Gallery struct {
	ID       int
	Pictures []Picture `gorm:"polymorphicType:ImageableKind;polymorphicId:ImageableRef;polymorphicValue:gallery"`
}
