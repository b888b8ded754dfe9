// Package models has GORM models the database or GORM would reject.
package models

// Thing has clashing names and bad generated columns.
type Thing struct {
	ID uint `gorm:"unique"`
	// An index named like the unique constraint of Name.
	Name string `gorm:"unique;index:uni_things_name"`
	// Two checks of one name.
	Low  int `gorm:"check:bounds,low >= 0"`
	High int `gorm:"check:bounds,high >= 0"`
	// identity on a string.
	Code string `gorm:"generated:identity"`
	// A generated column with a default.
	Sum int `gorm:"generated:low + high;default:0"`
	// A struct literal field is a relationship GORM cannot name.
	Meta struct {
		Views int
	}
}

// Loop embeds itself; //gen:table keeps it a table.
//
//gen:table loops
type Loop struct {
	ID uint
	*Loop
}

// Owner has many tags through owner_tags, which OwnerTag declares
// without the join columns.
type Owner struct {
	ID   uint
	Tags []Tag `gorm:"many2many:owner_tags"`
}

// Tag is the other side.
type Tag struct {
	ID uint
}

// OwnerTag is the join table, but has no tag_id.
type OwnerTag struct {
	OwnerID uint `gorm:"primaryKey"`
	Note    string
}

// Point scans itself but has no Value method.
type Point struct {
	X, Y float64
}

// Scan reads a point.
func (p *Point) Scan(src any) error { return nil }

// Place has a field of it.
type Place struct {
	ID  uint
	Pos Point
}
