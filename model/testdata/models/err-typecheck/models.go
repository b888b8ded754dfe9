// Package models does not compile.
package models

// Broken refers to a type that does not exist.
type Broken struct {
	ID    uint
	Owner Missing
	Count int
}

// Other assigns a string to an int.
var Other int = "one"
