// Package models has TableName methods gen cannot fold.
package models

import "strings"

// Computed calls a function.
type Computed struct {
	ID uint
}

// TableName is computed at run time.
func (Computed) TableName() string { return strings.ToLower("Computed") }

// Branching has more than a return.
type Branching struct {
	ID   uint
	name string
}

// TableName depends on the value.
func (b *Branching) TableName() string {
	if b.name != "" {
		return b.name
	}
	return "branchings"
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
