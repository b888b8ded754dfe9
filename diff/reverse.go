package diff

import (
	"slices"

	"ariga.io/atlas/sql/schema"
)

// Reverse returns the plan that undoes p: every change inverted, in reverse
// order. Rendering it gives a migration's Down. Flags are not carried over
// (they describe the upgrade); a change that cannot bring data back says so
// in its Notes.
func (p *Plan) Reverse() *Plan {
	r := &Plan{Dialect: p.Dialect, Changes: make([]*Change, 0, len(p.Changes))}
	for _, c := range slices.Backward(p.Changes) {
		r.Changes = append(r.Changes, c.reverse())
	}
	return r
}

// Notes added to reversed changes whose forward change loses data.
const (
	noteTableData  = "restores the table's structure only: rows removed by the upgrade are not brought back"
	noteColumnData = "restores the column's structure only: values removed by the upgrade are not brought back"
)

func (c *Change) reverse() *Change {
	r := &Change{From: c.To, To: c.From, Uses: c.Uses}
	switch op := c.Op.(type) {
	case *schema.AddTable:
		r.Op = &schema.DropTable{T: op.T}
	case *schema.DropTable:
		r.Op = &schema.AddTable{T: op.T}
		r.Notes = append(r.Notes, noteTableData)
	case *schema.RenameTable:
		r.Op = &schema.RenameTable{From: op.To, To: op.From}
	case *schema.ModifyTable:
		m := &schema.ModifyTable{T: c.From, Changes: make([]schema.Change, 0, len(op.Changes))}
		for _, sc := range slices.Backward(op.Changes) {
			inv := invert(sc)
			if d, ok := sc.(*schema.DropColumn); ok {
				r.Notes = append(r.Notes, d.C.Name+": "+noteColumnData)
			}
			m.Changes = append(m.Changes, inv)
		}
		r.Op = m
	case *schema.AddObject:
		r.Op = &schema.DropObject{O: op.O}
	case *schema.DropObject:
		r.Op = &schema.AddObject{O: op.O}
	case *schema.ModifyObject:
		r.Op = &schema.ModifyObject{From: op.To, To: op.From}
	default:
		r.Op = c.Op
	}
	return r
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
