package diff

import (
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/migrations"
)

// A Change is one step of a Plan, always about one table (or one
// schema-level object such as an enum type).
type Change struct {
	// Op is an *AlterTable for a table that exists on both sides, whose
	// Ops are in the order they must run: drop foreign keys, drop indexes
	// (unique constraints included, marked with attr.UniqueConstraint),
	// drop checks, drop the primary key, rename columns, drop columns,
	// modify columns, add columns, add the primary key, add indexes, add
	// checks, add foreign keys, table comment; then gen's own steps where
	// a safe form applies. Otherwise it is an *Atlas holding a
	// *schema.AddTable, DropTable, RenameTable, AddObject, DropObject or
	// ModifyObject, or a *Manual. A ModifyColumn's Change is a bitmask of
	// schema.ChangeType, ChangeNull, ChangeDefault, ChangeComment and
	// ChangeGenerated.
	Op Op
	// From is the table as it is in the database, To as the models want it.
	// From is nil for AddTable, To is nil for DropTable. A dialect that
	// rebuilds tables (SQLite) rebuilds From into To.
	From, To *schema.Table
	// Notes are written as comments above the change's statements, e.g. that
	// a Down cannot bring dropped data back.
	Notes []string
	// Uses lists, for a change to an enum type, the tables with columns of
	// that type, as they are when the change runs: a type rebuilt to
	// remove or reorder values must convert them.
	Uses []*schema.Table
	// Rows is how many rows From holds, from the live checks; nil when
	// they did not run. A plan renders the safe forms of PostgreSQL
	// (CONCURRENTLY, NOT VALID, NOT NULL through a CHECK) on a table
	// with rows, or whose rows were not counted.
	Rows *migrations.Figure

	// newTable is set on a change to a table the plan itself creates
	// (a foreign key added after the tables it references).
	newTable bool
	// brokenRefs counts the rows that already break a foreign key of the
	// table (SQLite PRAGMA foreign_key_check), from the live checks.
	brokenRefs *migrations.Figure
}

// Flags returns the flags of the change's operations, in order.
func (c *Change) Flags() []migrations.Flag {
	var fs []migrations.Flag
	eachOp(c.Op, func(o Op) { fs = append(fs, o.OpFlags()...) })
	return fs
}

// eachOp calls f for o and, for an AlterTable, each of its operations.
func eachOp(o Op, f func(Op)) {
	f(o)
	if a, ok := o.(*AlterTable); ok {
		for _, sub := range a.Ops {
			eachOp(sub, f)
		}
	}
}

// A Plan is the ordered list of changes that turns the current schema into
// the desired one. Applying the statements rendered from Changes in order
// succeeds on the current schema.
type Plan struct {
	// Dialect is "postgres" or "sqlite" (see Options.Dialect). Stages
	// and LiveCheck ask it the database's facts; a plan of a dialect diff
	// does not know takes none of their dialect's steps.
	Dialect string
	Changes []*Change

	rebuilds func(*Change) string
}

// dialect returns the plan's dialect, nil when diff does not know it.
func (p *Plan) dialect() dialect {
	d, _ := dialectFor(p.Dialect)
	return d
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return p == nil || len(p.Changes) == 0 }

// Flags returns every flag of every change, in plan order.
func (p *Plan) Flags() []migrations.Flag {
	var fs []migrations.Flag
	for _, c := range p.Changes {
		fs = append(fs, c.Flags()...)
	}
	return fs
}
