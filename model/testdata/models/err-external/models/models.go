// Package models relates to structs outside the model packages.
package models

import "example.com/errexternal/shared"

// Post belongs to an author gen has no table for: an error. Its comments
// are another package's table: their foreign key is not gen's to make.
type Post struct {
	ID       uint
	AuthorID uint
	Author   shared.Author
	Comments []shared.Comment
}
