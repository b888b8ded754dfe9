package diff

import (
	"fmt"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/migrations"
)

// An Op is one operation of a Change: one of atlas's changes (Atlas), the
// changes of one existing table (AlterTable), or one of the steps of gen's
// own that atlas's sealed set of changes cannot express — a constraint
// added NOT VALID and validated later, an index built CONCURRENTLY, NOT
// NULL enforced through a validated CHECK, a backfill to write, a manual
// step.
//
// The set is closed. What each kind means for a plan (its inverse, its
// summary, its deploy class) is a method of the kind, and a renderer
// handles each kind through a Visitor, so that a new kind of Op fails to
// compile until every place that must understand it does.
type Op interface {
	// Accept calls the method of v for the op's kind.
	Accept(v Visitor) error
	// OpFlags returns the flags raised on this operation.
	OpFlags() []migrations.Flag

	flags() *[]migrations.Flag
	pend() *[]pending
	// reverse returns the operations that undo this one, in order, with
	// notes for what they cannot bring back.
	reverse() ([]Op, []string)
	// summary describes the operation in a line, for table t.
	summary(t string) string
	// deploy says what the operation does to running code.
	deploy() effect
}

// A Visitor handles every kind of Op. Renderers implement it; see Op.
type Visitor interface {
	Atlas(*Atlas) error
	AlterTable(*AlterTable) error
	NotValid(*NotValid) error
	Validate(*Validate) error
	Concurrently(*Concurrently) error
	AttachUnique(*AttachUnique) error
	EnforceNotNull(*EnforceNotNull) error
	Backfill(*Backfill) error
	Manual(*Manual) error
	Dependents(*Dependents) error
}

// flagged holds the flags of an operation, and the live questions
// pending on them until LiveCheck.
type flagged struct {
	Flags   []migrations.Flag
	pending []pending
}

func (f *flagged) flags() *[]migrations.Flag { return &f.Flags }
func (f *flagged) pend() *[]pending          { return &f.pending }

// OpFlags returns the flags raised on the operation.
func (f *flagged) OpFlags() []migrations.Flag { return f.Flags }

// Has reports whether a flag of code is raised on the operation.
func (f *flagged) Has(code string) bool {
	for _, fl := range f.Flags {
		if fl.Code == code {
			return true
		}
	}
	return false
}

type (
	// Atlas is one of atlas's changes: at the top of a Change an AddTable,
	// DropTable, RenameTable, AddObject, DropObject or ModifyObject; inside
	// an AlterTable one of the table sub-changes (AddColumn, DropIndex…).
	Atlas struct {
		schema.Change
		flagged
	}

	// AlterTable is the changes of one existing table, in the order they
	// run (see Change).
	AlterTable struct {
		T   *schema.Table
		Ops []Op
		flagged
	}

	// NotValid adds a foreign key or a CHECK (Add is a *schema.AddForeignKey
	// or *schema.AddCheck) without checking the rows that are there
	// (PostgreSQL NOT VALID): a brief lock instead of a scan under it. A
	// Validate in a later transaction checks them.
	NotValid struct {
		Add schema.Change
		flagged
	}

	// Validate checks the rows against constraint Name, added NOT VALID
	// earlier (PostgreSQL VALIDATE CONSTRAINT: reads and writes go on).
	Validate struct {
		Name string
		// What is "foreign key" or "check", for messages.
		What string
		flagged
	}

	// Concurrently builds or drops an index (C is a *schema.AddIndex or
	// *schema.DropIndex) without blocking writes (PostgreSQL CONCURRENTLY):
	// it cannot run inside a transaction block, so it goes in a revision
	// of its own marked `-- gen:no-transaction`.
	Concurrently struct {
		C schema.Change
		flagged
	}

	// AttachUnique turns the unique index I, built concurrently, into the
	// unique constraint of the same name (ADD CONSTRAINT … UNIQUE USING
	// INDEX).
	AttachUnique struct {
		I *schema.Index
		flagged
	}

	// EnforceNotNull sets NOT NULL on an existing column through a
	// validated CHECK (col IS NOT NULL), so that PostgreSQL skips the scan
	// under its exclusive lock: add the CHECK NOT VALID, VALIDATE it, SET
	// NOT NULL, drop the CHECK. From and To are the column before and
	// after.
	EnforceNotNull struct {
		From, To *schema.Column
		// Check is the name of the temporary CHECK.
		Check string
		flagged
	}

	// Backfill is the UPDATE that fills column C of the rows that are there
	// before NOT NULL is enforced on it. gen cannot know the values, so it
	// writes a placeholder the author replaces; its CodeBackfill flag
	// stands until the revision has a statement.
	Backfill struct {
		C *schema.Column
		// Key is the primary key to batch the UPDATE by; nil without one.
		Key *schema.Index
		// Value, when set, is the SQL of the value gen fills the NULLs
		// with (the column's default): the UPDATE is then gen's to write.
		Value string
		flagged
	}

	// Manual is a change gen cannot write: the author must. What says
	// which, Why why not; the rest of the plan is still written.
	Manual struct {
		What, Why string
		flagged
	}
)

// Accept calls v.Atlas.
func (o *Atlas) Accept(v Visitor) error { return v.Atlas(o) }

// Accept calls v.AlterTable.
func (o *AlterTable) Accept(v Visitor) error { return v.AlterTable(o) }

// Accept calls v.NotValid.
func (o *NotValid) Accept(v Visitor) error { return v.NotValid(o) }

// Accept calls v.Validate.
func (o *Validate) Accept(v Visitor) error { return v.Validate(o) }

// Accept calls v.Concurrently.
func (o *Concurrently) Accept(v Visitor) error { return v.Concurrently(o) }

// Accept calls v.AttachUnique.
func (o *AttachUnique) Accept(v Visitor) error { return v.AttachUnique(o) }

// Accept calls v.EnforceNotNull.
func (o *EnforceNotNull) Accept(v Visitor) error { return v.EnforceNotNull(o) }

// Accept calls v.Backfill.
func (o *Backfill) Accept(v Visitor) error { return v.Backfill(o) }

// Accept calls v.Manual.
func (o *Manual) Accept(v Visitor) error { return v.Manual(o) }

// Wrap returns c as an Op: a *schema.ModifyTable becomes an AlterTable of
// its sub-changes, anything else an Atlas.
func Wrap(c schema.Change) Op {
	if m, ok := c.(*schema.ModifyTable); ok {
		a := &AlterTable{T: m.T, Ops: make([]Op, len(m.Changes))}
		for i, sc := range m.Changes {
			a.Ops[i] = &Atlas{Change: sc}
		}
		return a
	}
	return &Atlas{Change: c}
}

// AtlasChanges returns the atlas changes of ops, and an error naming the
// first op that is not one: for a renderer that handles atlas's changes
// only (SQLite, which has no NOT VALID, CONCURRENTLY or USING INDEX).
func AtlasChanges(ops []Op) ([]schema.Change, error) {
	out := make([]schema.Change, 0, len(ops))
	for _, o := range ops {
		a, ok := o.(*Atlas)
		if !ok {
			return nil, fmt.Errorf("diff: %s has no form on this dialect; this is a bug in gen, please report it", o.summary(""))
		}
		out = append(out, a.Change)
	}
	return out, nil
}

// effect is what an operation does to running code, for Plan.Deploy.
type effect uint8

const (
	effectNone   effect = iota
	effectAdds          // new code may rely on it; old code ignores it
	effectRemove        // old code may rely on what it removes or tightens
	effectBreaks        // old and new code cannot both run (renames, type changes)
)
