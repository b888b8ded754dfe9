package diff

import (
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/migrations"
)

// A Change is one step of a Plan, always about one table (or, later, one
// schema-level object such as an enum type).
type Change struct {
	// Op is one of *schema.AddTable, *schema.DropTable, *schema.RenameTable
	// or *schema.ModifyTable. The Changes of a ModifyTable are, in the order
	// they must run: *schema.DropForeignKey, *schema.DropIndex (unique
	// constraints included, marked with attr.UniqueConstraint),
	// *schema.DropCheck, *schema.DropPrimaryKey, *schema.RenameColumn,
	// *schema.DropColumn, *schema.ModifyColumn, *schema.AddColumn,
	// *schema.AddPrimaryKey, *schema.AddIndex, *schema.AddCheck,
	// *schema.AddForeignKey, *schema.ModifyAttr / AddAttr / DropAttr
	// (table comment). A ModifyColumn's Change is a bitmask of
	// schema.ChangeType, ChangeNull, ChangeDefault and ChangeComment.
	Op schema.Change
	// From is the table as it is in the database, To as the models want it.
	// From is nil for AddTable, To is nil for DropTable. A dialect that
	// rebuilds tables (SQLite) rebuilds From into To.
	From, To *schema.Table
	// Flags are the risks of this change.
	Flags []migrations.Flag
	// Notes are written as comments above the change's statements, e.g. that
	// a Down cannot bring dropped data back.
	Notes []string
	// Uses lists, for a change to an enum type, the tables with columns of
	// that type, as they are when the change runs: a type rebuilt to
	// remove or reorder values must convert them.
	Uses []*schema.Table
}

// A Plan is the ordered list of changes that turns the current schema into
// the desired one. Applying the statements rendered from Changes in order
// succeeds on the current schema.
type Plan struct {
	// Dialect is "postgres", "sqlite" or "mysql".
	Dialect string
	Changes []*Change
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return p == nil || len(p.Changes) == 0 }

// Flags returns every flag of every change, in plan order.
func (p *Plan) Flags() []migrations.Flag {
	var fs []migrations.Flag
	for _, c := range p.Changes {
		fs = append(fs, c.Flags...)
	}
	return fs
}
