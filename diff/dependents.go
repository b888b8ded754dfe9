package diff

import (
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/migrations"
)

// Dependents drops (Drop true) or recreates the views, materialized views
// and rules that read columns whose type the plan changes: PostgreSQL
// refuses ALTER COLUMN … TYPE under them ("cannot alter type of a column
// used by a view or rule"). The plan drops them before its first such
// change and recreates them, from the catalog's own definitions, after its
// last one, in the same revision. List is in creation order (each after
// what it reads); drops run it backwards.
type Dependents struct {
	List []*attr.Dependent
	Drop bool
	flagged
}

// Accept calls v.Dependents.
func (o *Dependents) Accept(v Visitor) error { return v.Dependents(o) }

func (o *Dependents) reverse() ([]Op, []string) {
	return []Op{&Dependents{List: o.List, Drop: !o.Drop}}, nil
}

func (o *Dependents) summary(string) string {
	if o.Drop {
		return "drop " + dependentNames(o.List) + " (recreated after the type change)"
	}
	return "recreate " + dependentNames(o.List) + " from their definitions"
}

// Old code reads the views as before; the type change beside them is
// what breaks.
func (o *Dependents) deploy() effect { return effectNone }

// dependentNames lists ds for people: "view a, materialized view b".
func dependentNames(ds []*attr.Dependent) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Kind + " " + d.Name
	}
	return strings.Join(names, ", ")
}

// planDependents finds the dependents (attr.Dependents of current) that
// read a column whose type p changes, and the ones that read those, and
// wraps the plan's changes between their drop and their recreation
// (flagged CodeDependents). A dependent that reads a column or table the
// plan drops, or a column it renames, cannot be recreated from its
// definition: that change is flagged CodeDependentBroken, an error, and
// the dependent is left alone for the author to handle.
func planDependents(current *schema.Schema, p *Plan) {
	ds, ok := attr.Get[*attr.Dependents](current.Attrs)
	if d := p.dialect(); !ok || len(ds.List) == 0 || d == nil || !d.viewsBlockTypeChange() {
		return
	}
	type colKey struct{ table, column string }
	typed := make(map[colKey]*schema.ModifyColumn) // type changes, by the names they run under
	renamed := make(map[colKey]*schema.RenameColumn)
	dropped := make(map[colKey]Op) // a column or (column "") table dropped, with its op
	regen := make(map[colKey]bool) // generated columns dropped and added again
	first, last := -1, -1
	mark := func(i int) {
		if first < 0 {
			first = i
		}
		last = i
	}
	for i, c := range p.Changes {
		switch o := c.Op.(type) {
		case *AlterTable:
			t := o.T.Name
			if c.From != nil {
				t = c.From.Name
			}
			for _, sub := range o.Ops {
				at, ok := sub.(*Atlas)
				if !ok {
					continue
				}
				switch sc := at.Change.(type) {
				case *schema.ModifyColumn:
					if sc.Change.Is(schema.ChangeType) {
						typed[colKey{t, sc.From.Name}] = sc
						mark(i)
					}
				case *schema.RenameColumn:
					renamed[colKey{t, sc.From.Name}] = sc
				case *schema.DropColumn:
					if attr.Has[*attr.Regenerated](sc.C.Attrs) {
						// Added again by the same change: recreated
						// around it, like a type change.
						typed[colKey{t, sc.C.Name}] = nil
						regen[colKey{t, sc.C.Name}] = true
						mark(i)
						continue
					}
					dropped[colKey{t, sc.C.Name}] = at
				}
			}
		case *Atlas:
			switch sc := o.Change.(type) {
			case *schema.DropTable:
				dropped[colKey{sc.T.Name, ""}] = o
			case *schema.ModifyObject:
				// An enum type rebuilt: the columns of c.Uses holding it
				// are converted to the new type.
				if e, ok := sc.From.(*schema.EnumType); ok && len(c.Uses) > 0 {
					for _, t := range c.Uses {
						for _, col := range t.Columns {
							if et, ok := col.Type.Type.(*schema.EnumType); ok && et.T == e.T {
								typed[colKey{t.Name, col.Name}] = nil
								mark(i)
							}
						}
					}
				}
			}
		}
	}
	// droppedBy returns the op that drops a table or column d reads, and
	// what it drops.
	droppedBy := func(d *attr.Dependent) (Op, string) {
		for _, r := range d.Reads {
			if o := dropped[colKey{r.Table, ""}]; o != nil {
				return o, "table " + r.Table
			}
			if o := dropped[colKey{r.Table, r.Column}]; o != nil && r.Column != "" {
				return o, "column " + r.Table + "." + r.Column
			}
		}
		return nil, ""
	}
	// readsTyped returns the changed columns d reads ("table.column"); a
	// whole-row read reads them all.
	readsTyped := func(d *attr.Dependent) []string {
		var out []string
		for _, r := range d.Reads {
			for k := range typed {
				if k.table == r.Table && (r.Column == "" || r.Column == k.column) {
					if regen[k] {
						out = append(out, k.table+"."+k.column+" (a generated column added again)")
					} else {
						out = append(out, k.table+"."+k.column)
					}
				}
			}
		}
		return out
	}
	// Broken: flagged, whether or not a type change needs them.
	broken := make(map[string]bool)
	for _, d := range ds.List {
		if o, what := droppedBy(d); o != nil {
			i := raise(o, migrations.CodeDependentBroken, migrations.Error, d.Name, nil,
				fmt.Sprintf("drops %s, which %s %s reads: PostgreSQL refuses the drop while it exists", what, d.Kind, d.Name),
				fmt.Sprintf("drop or rewrite %s %s first, in a revision of your own (gen does not manage views), or keep what it reads in the models", d.Kind, d.Name))
			(*o.flags())[i].Live = &migrations.Figure{State: migrations.Stated, Note: d.Kind + " " + d.Name + " reads it"}
			broken[d.Name] = true
		}
	}
	if first < 0 {
		return
	}
	// Affected: those reading a changed column, then those after them.
	affected := make(map[string]bool)
	var why []string
	for _, d := range ds.List {
		if broken[d.Name] {
			continue
		}
		if ks := readsTyped(d); len(ks) > 0 {
			affected[d.Name] = true
			why = append(why, ks...)
			continue
		}
		for _, a := range d.After {
			if affected[a] {
				affected[d.Name] = true
				break
			}
		}
	}
	var list []*attr.Dependent
	for _, d := range ds.List {
		if affected[d.Name] {
			list = append(list, d)
		}
	}
	if len(list) == 0 {
		return
	}
	drop := &Dependents{List: list, Drop: true}
	create := &Dependents{List: list}
	slices.Sort(why)
	why = slices.Compact(why)
	msg := fmt.Sprintf("drops and recreates %s around the type change of %s: PostgreSQL cannot change the type of a column a view or rule reads", dependentNames(list), strings.Join(why, ", "))
	var mv []string
	for _, d := range list {
		if d.Kind == "materialized view" {
			mv = append(mv, d.Name)
		}
	}
	if len(mv) > 0 {
		msg += "; materialized view " + strings.Join(mv, ", ") + " is refilled by running its query inside the migration"
	}
	i := raise(drop, migrations.CodeDependents, migrations.Warning, list[0].Name, nil, msg,
		"check the recreated definitions in the file; they are the catalog's, with their indexes, triggers, comments and grants, but their owner becomes the role that runs the migration")
	drop.Flags[i].Live = &migrations.Figure{State: migrations.Stated, Note: fmt.Sprintf("%d dependent object(s) recreated", len(list))}
	// A dependent reading a column the plan renames would be recreated
	// from a definition that names the old column.
	for _, d := range list {
		for _, r := range d.Reads {
			if rn, ok := renamed[colKey{r.Table, r.Column}]; ok {
				j := raise(create, migrations.CodeDependentBroken, migrations.Error, d.Name, posOf(rn.To.Attrs),
					fmt.Sprintf("renames column %s.%s to %s, which %s %s reads: its definition, recreated after the type change, still names %s", r.Table, r.Column, rn.To.Name, d.Kind, d.Name, r.Column),
					fmt.Sprintf("rewrite the CREATE statement of %s in this revision with the new name, then acknowledge this flag", d.Name))
				create.Flags[j].Live = &migrations.Figure{State: migrations.Stated, Note: d.Kind + " " + d.Name + " reads it"}
			}
		}
	}
	changes := make([]*Change, 0, len(p.Changes)+2)
	changes = append(changes, p.Changes[:first]...)
	changes = append(changes, &Change{Op: drop})
	changes = append(changes, p.Changes[first:last+1]...)
	changes = append(changes, &Change{Op: create})
	changes = append(changes, p.Changes[last+1:]...)
	p.Changes = changes
}
