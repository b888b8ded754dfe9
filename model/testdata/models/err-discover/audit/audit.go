// Package audit is not a model package of the case.
package audit

// Log is migrated by the models' Migrate.
type Log struct {
	ID  uint
	Msg string
}
