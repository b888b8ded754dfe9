package models

// UserAccount is the table UserAccounts, its columns named as the
// fields.
type UserAccount struct {
	ID       uint
	UserName string  `gorm:"index"`
	Email    string  `gorm:"unique"`
	Groups   []Group `gorm:"many2many:AccountGroups"`
}

// Group is joined to UserAccount.
type Group struct {
	ID   uint
	Name string
}
