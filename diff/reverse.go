package diff

import (
	"slices"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// Reverse returns the plan that undoes p: every change inverted, in reverse
// order. Rendering it gives a migration's Down. Flags are not carried over
// (they describe the upgrade); a change that cannot bring data back says so
// in its Notes.
func (p *Plan) Reverse() *Plan {
	r := &Plan{Dialect: p.Dialect, Changes: make([]*Change, 0, len(p.Changes))}
	for _, c := range slices.Backward(p.Changes) {
		if rc := c.reverse(); rc != nil {
			r.Changes = append(r.Changes, rc)
		}
	}
	return r
}

// Notes added to reversed changes whose forward change loses data.
const (
	noteTableData    = "restores the table's structure only: rows removed by the upgrade are not brought back"
	noteColumnData   = "restores the column's structure only: values removed by the upgrade are not brought back"
	noteBackfillData = "the values the backfill wrote stay: NOT NULL is lifted, the rows are not changed back"
)

// reverse returns the change that undoes c, nil when nothing needs undoing
// (a VALIDATE only checks rows).
func (c *Change) reverse() *Change {
	ops, notes := c.Op.reverse()
	if len(ops) == 0 {
		return nil
	}
	r := &Change{From: c.To, To: c.From, Uses: c.Uses, Notes: notes}
	if len(ops) == 1 {
		r.Op = ops[0]
	} else {
		r.Op = &AlterTable{T: c.From, Ops: ops}
	}
	if a, ok := r.Op.(*AlterTable); ok && c.From != nil {
		a.T = c.From
	}
	return r
}

func (o *Atlas) reverse() ([]Op, []string) {
	var notes []string
	var inv schema.Change
	switch sc := o.Change.(type) {
	case *schema.AddTable:
		inv = &schema.DropTable{T: sc.T}
	case *schema.DropTable:
		inv = &schema.AddTable{T: sc.T}
		notes = append(notes, noteTableData)
	case *schema.RenameTable:
		inv = &schema.RenameTable{From: sc.To, To: sc.From}
	case *schema.AddObject:
		inv = &schema.DropObject{O: sc.O}
	case *schema.DropObject:
		inv = &schema.AddObject{O: sc.O}
	case *schema.ModifyObject:
		inv = &schema.ModifyObject{From: sc.To, To: sc.From}
	case *schema.DropColumn:
		inv = &schema.AddColumn{C: sc.C}
		// A generated column's values are computed again when it is added.
		if !attr.Has[*schema.GeneratedExpr](sc.C.Attrs) {
			notes = append(notes, sc.C.Name+": "+noteColumnData)
		}
	default:
		inv = invert(sc)
	}
	return []Op{&Atlas{Change: inv}}, notes
}

func (o *AlterTable) reverse() ([]Op, []string) {
	var (
		ops   []Op
		notes []string
	)
	for _, sub := range slices.Backward(o.Ops) {
		r, n := sub.reverse()
		ops = append(ops, r...)
		notes = append(notes, n...)
	}
	if len(ops) == 0 {
		return nil, notes
	}
	return []Op{&AlterTable{T: o.T, Ops: ops}}, notes
}

func (o *NotValid) reverse() ([]Op, []string) {
	switch a := o.Add.(type) {
	case *schema.AddForeignKey:
		return []Op{&Atlas{Change: &schema.DropForeignKey{F: a.F}}}, nil
	case *schema.AddCheck:
		return []Op{&Atlas{Change: &schema.DropCheck{C: a.C}}}, nil
	}
	return nil, nil
}

// A VALIDATE changes nothing to undo.
func (o *Validate) reverse() ([]Op, []string) { return nil, nil }

func (o *Concurrently) reverse() ([]Op, []string) {
	switch c := o.C.(type) {
	case *schema.AddIndex:
		return []Op{&Concurrently{C: &schema.DropIndex{I: c.I}}}, nil
	case *schema.DropIndex:
		return []Op{&Concurrently{C: &schema.AddIndex{I: c.I}}}, nil
	}
	return nil, nil
}

// Dropping the constraint drops the index it took over, which is what
// undoes both the concurrent build and the attachment.
func (o *AttachUnique) reverse() ([]Op, []string) {
	return []Op{&Atlas{Change: &schema.DropIndex{I: o.I}}}, nil
}

func (o *EnforceNotNull) reverse() ([]Op, []string) {
	return []Op{&Atlas{Change: &schema.ModifyColumn{From: o.To, To: o.From, Change: schema.ChangeNull}}}, nil
}

func (o *Backfill) reverse() ([]Op, []string) {
	return nil, []string{o.C.Name + ": " + noteBackfillData}
}

func (o *Manual) reverse() ([]Op, []string) {
	return []Op{&Manual{What: "undo: " + o.What, Why: o.Why}}, nil
}

// invert returns the table sub-change that undoes sc.
func invert(sc schema.Change) schema.Change {
	switch sc := sc.(type) {
	case *schema.AddColumn:
		return &schema.DropColumn{C: sc.C}
	case *schema.DropColumn:
		return &schema.AddColumn{C: sc.C}
	case *schema.ModifyColumn:
		return &schema.ModifyColumn{From: sc.To, To: sc.From, Change: sc.Change}
	case *schema.RenameColumn:
		return &schema.RenameColumn{From: sc.To, To: sc.From}
	case *schema.AddIndex:
		return &schema.DropIndex{I: sc.I}
	case *schema.DropIndex:
		return &schema.AddIndex{I: sc.I}
	case *schema.AddPrimaryKey:
		return &schema.DropPrimaryKey{P: sc.P}
	case *schema.DropPrimaryKey:
		return &schema.AddPrimaryKey{P: sc.P}
	case *schema.AddForeignKey:
		return &schema.DropForeignKey{F: sc.F}
	case *schema.DropForeignKey:
		return &schema.AddForeignKey{F: sc.F}
	case *schema.AddCheck:
		return &schema.DropCheck{C: sc.C}
	case *schema.DropCheck:
		return &schema.AddCheck{C: sc.C}
	case *schema.ModifyCheck:
		return &schema.ModifyCheck{From: sc.To, To: sc.From, Change: sc.Change}
	case *schema.AddAttr:
		return &schema.DropAttr{A: sc.A}
	case *schema.DropAttr:
		return &schema.AddAttr{A: sc.A}
	case *schema.ModifyAttr:
		return &schema.ModifyAttr{From: sc.To, To: sc.From}
	}
	return sc
}
