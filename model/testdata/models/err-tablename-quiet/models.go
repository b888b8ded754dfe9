// Package models has a struct that is not a table but whose table name
// GORM still uses: a has-many's foreign key is named after its owner's
// table, which GORM takes from TableName on a new zero value, as for any
// struct it parses.
package models

// Team is no table of gen's, and its TableName falls back to a constant
// when its field is empty, as it is in GORM's zero value: GORM names the
// foreign key of Members fk_crews_members (not fk_teams_members, the
// naming strategy's).
//
//gen:ignore
type Team struct {
	ID      uint
	table   string
	Members []Member
}

// TableName names the table from the field, else crews.
func (t Team) TableName() string {
	if t.table != "" {
		return t.table
	}
	return "crews"
}

// Member is a table, reached from Team by has-many, and reaching it.
type Member struct {
	ID     uint
	TeamID uint
	Team   Team `gorm:"constraint:-"`
}
