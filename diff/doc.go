// Package diff compares the desired schema (from the models) with the
// current one (from the database) and returns an ordered Plan of changes,
// each with its risk flags.
//
// Both schemas are ariga.io/atlas/sql/schema values that follow the
// conventions of docs/ARCHITECTURE.md (canonical type spelling in
// ColumnType.Raw, defaults as SQL text, gen's attributes from package attr).
// diff is pure: it takes no context and touches no database; the live-data
// figures behind flags come through a small interface the caller provides.
//
//	plan, err := diff.Compare(current, desired, diff.Options{Dialect: "postgres"})
//	down := plan.Reverse()
package diff
