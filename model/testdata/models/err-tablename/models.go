// Package models has TableName methods gen cannot fold.
package models

import (
	"fmt"
	"strings"
)

// Computed calls a function.
type Computed struct {
	ID uint
}

// TableName is computed at run time.
func (Computed) TableName() string { return strings.ToLower("Computed") }

// Prefixed reads a package variable, set at run time.
type Prefixed struct {
	ID uint
}

var prefix = "app_"

// TableName depends on the variable.
func (Prefixed) TableName() string { return prefix + "prefixed" }

// Assigned computes its name in a variable.
type Assigned struct {
	ID uint
}

// TableName assigns before it returns.
func (Assigned) TableName() string {
	name := "assigned"
	return name
}

// Typed formats with %T, whose output gen does not reproduce.
type Typed struct {
	ID uint
}

// TableName formats a type name.
func (Typed) TableName() string { return fmt.Sprintf("%T_rows", 1) }

// Reads has a pointer-receiver TableName that reads its receiver.
type Reads struct{ table string }

// TableName reads table through the receiver.
func (r *Reads) TableName() string {
	if r.table != "" {
		return r.table
	}
	return "reads"
}

// NilReads embeds *Reads, nil in GORM's zero NilReads: its TableName
// panics.
type NilReads struct {
	ID uint
	*Reads
}

// Value has a value-receiver TableName.
type Value struct{}

// TableName of Value.
func (Value) TableName() string { return "values" }

// NilValue embeds *Value: calling a value method through the nil pointer
// panics.
type NilValue struct {
	ID uint
	*Value
}

// Tabler is GORM's interface.
type Tabler interface{ TableName() string }

// NilTabler embeds an interface, nil in a zero NilTabler.
type NilTabler struct {
	ID     uint
	Tabler `gorm:"-"`
}

// Panics panics on the zero value.
type Panics struct {
	ID   uint
	name string
}

// TableName panics when name is empty.
func (p Panics) TableName() string {
	if p.name == "" {
		panic("no name")
	}
	return p.name
}

// Namer stands for gorm's schema.Namer.
type Namer interface{ TableName(string) string }

// WithNamer uses the naming strategy.
type WithNamer struct {
	ID uint
}

// TableName asks the strategy.
func (WithNamer) TableName(n Namer) string { return n.TableName("x") }

// Empty returns an empty name.
type Empty struct {
	ID uint
}

// TableName returns nothing useful.
func (Empty) TableName() string { return "" }

// Fine is folded.
type Fine struct {
	ID uint
}

// TableName is a literal.
func (Fine) TableName() string { return "fine" }
