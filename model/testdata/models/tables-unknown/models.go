// Package models is read with a table list naming structs it lacks.
package models

// User is listed.
type User struct {
	ID uint
}
