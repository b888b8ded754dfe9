package models

// Person is named person: SingularTable is constant.
type Person struct {
	ID   uint
	Name string
}
