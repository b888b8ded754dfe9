// Package shared is not a model package.
package shared

// Author lives outside the models.
type Author struct {
	ID   uint
	Name string
}

// Comment lives outside the models, and holds a post's key.
type Comment struct {
	ID     uint
	PostID uint
}
