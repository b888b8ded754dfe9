package models

// Dog owns toys polymorphically: toys.owner_id and toys.owner_type, no
// foreign key.
type Dog struct {
	ID   int
	Name string
	Toys []Toy `gorm:"polymorphic:Owner"`
}

// Cat sets the polymorphic value.
type Cat struct {
	ID   int
	Toys []Toy `gorm:"polymorphic:Owner;polymorphicValue:kitty"`
}

// Toy is the polymorphic child; owner_id keeps its integer, as GORM
// copies the owner key's size only to a field without one.
type Toy struct {
	ID        int
	Name      string
	OwnerID   int32
	OwnerType string
}

// Gallery names the polymorphic columns.
type Gallery struct {
	ID       uint
	Pictures []Picture `gorm:"polymorphicType:ImageableKind;polymorphicId:ImageableRef;polymorphicValue:gallery"`
}

// Picture is the child of Gallery.
type Picture struct {
	ID            int
	URL           string
	ImageableRef  int
	ImageableKind string `gorm:"size:40"`
}
