// Package models declares the models; the application registers them in
// cmd/server, which gen reads by syntax alone (it is not a model package).
package models

// All is what cmd/server passes to its second AutoMigrate.
func All() []any {
	return []any{&Comment{}}
}

// Extra is spread into a third AutoMigrate call.
var Extra = []any{&Invoice{}}

// User is registered through a local list.
type User struct {
	ID   uint
	Name string `gorm:"size:100"`
}

// Post is registered through new(T) in the same list.
type Post struct {
	ID    uint
	Title string `gorm:"size:200"`
}

// Tag is appended to the list as (*T)(nil).
type Tag struct {
	ID   uint
	Name string `gorm:"size:40"`
}

// Comment comes from All().
type Comment struct {
	ID   uint
	Body string
}

// Invoice comes from Extra.
type Invoice struct {
	ID     uint
	Number string `gorm:"size:20"`
}

// Report is registered by a package-level list of cmd/server declared in
// another file than the call.
type Report struct {
	ID    uint
	Title string
}

// Draft is migrated by a test and by a nested module only: no table.
type Draft struct {
	ID   uint
	Body string `gorm:"size:200"`
}
