// Package models has db-tagged structs, and gen.yaml lists no tables.
package models

// Account could be a table.
type Account struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Report is probably a query result.
type Report struct {
	Total int `db:"total"`
}

// Skipped is marked as no table.
//
//gen:ignore
type Skipped struct {
	X int `db:"x"`
}

// Payload, untagged, has a field GORM cannot type; that error waits until
// the tables are listed, since the db-tagged structs above fail anyway
// without them.
type Payload struct {
	Data map[string]int
}
