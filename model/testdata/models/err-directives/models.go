// Package models has malformed //gen: directives.
package models

// Unknown has a directive gen does not know.
//
//gen:tabel users
type Unknown struct {
	ID uint
}

// Nameless has //gen:table without a name.
//
//gen:table
type Nameless struct {
	ID uint
}

// Spaced has //gen:table with two words.
//
//gen:table two words
type Spaced struct {
	ID uint
}

// Argued has //gen:ignore with an argument.
//
//gen:ignore please
type Argued struct {
	ID uint
}

// Status is not a struct: a directive does not apply.
//
//gen:ignore
type Status string

// Spacey writes the directive with a space, which makes it a comment.
//
// gen:ignore
type Spacey struct {
	ID uint
}
