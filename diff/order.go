package diff

import (
	"slices"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// builder collects changes by phase and returns them in an order that
// applies: on PostgreSQL, foreign keys are dropped before anything else and
// added after everything else, so that tables, columns and unique
// constraints they point to exist, whatever order the tables come in. The
// foreign keys a dropped table has to a modified table are dropped first
// too (dropTable).
//
//	drop foreign keys → add enum types → add tables → modify tables →
//	drop tables → drop enum types → add foreign keys
//
// The reversed plan is the same sequence mirrored, which applies too.
type builder struct {
	d                          dialect
	fkDrops, enumAdds, adds    []*Change
	modifies, drops, enumDrops []*Change
	fkAdds                     []*Change
	created                    map[string]bool // tables created so far in this plan
	modified                   map[string]bool // existing tables this plan modifies
	altered                    map[string]bool // the same, by their current names
}

func (b *builder) plan(dialect string) *Plan {
	return &Plan{Dialect: dialect, Changes: slices.Concat(b.fkDrops, b.enumAdds, b.adds, b.modifies, b.drops, b.enumDrops, b.fkAdds)}
}

// withName returns a shallow copy of t named name: the version of t as it
// is called while a change runs, before or after a rename.
func withName(t *schema.Table, name string) *schema.Table {
	if t.Name == name {
		return t
	}
	c := *t
	c.Name = name
	return &c
}

func (b *builder) addTable(t *schema.Table, added []*schema.Table) {
	if b.created == nil {
		b.created = make(map[string]bool)
	}
	b.created[t.Name] = true
	create := withoutUnmanaged(t)
	if b.d.separateForeignKeys() {
		// A foreign key can be declared inline only when the table it
		// references exists by now and does not change later in the plan.
		var inline, later []*schema.ForeignKey
		for _, fk := range t.ForeignKeys {
			ref := fk.RefTable
			switch {
			case ref == nil, ref.Name == t.Name, b.created[ref.Name] && !b.modified[ref.Name]:
				inline = append(inline, fk)
			case !isIn(ref.Name, added) && !b.modified[ref.Name]:
				inline = append(inline, fk)
			default:
				later = append(later, fk)
			}
		}
		if len(later) > 0 {
			c := *create
			c.ForeignKeys = inline
			create = &c
			changes := make([]schema.Change, len(later))
			for i, fk := range later {
				changes[i] = &schema.AddForeignKey{F: fk}
			}
			b.fkAdds = append(b.fkAdds, &Change{Op: Wrap(&schema.ModifyTable{T: t, Changes: changes}), From: create, To: t, newTable: true})
		}
	}
	b.adds = append(b.adds, &Change{Op: Wrap(&schema.AddTable{T: create}), To: t})
}

// withoutUnmanaged returns t without the columns gen must not manage
// (GORM `-:migration`): the ORM reads and writes them but never creates
// them, so neither does gen. t itself is returned when it has none.
func withoutUnmanaged(t *schema.Table) *schema.Table {
	if !slices.ContainsFunc(t.Columns, isUnmanaged) {
		return t
	}
	c := *t
	c.Columns = slices.DeleteFunc(slices.Clone(t.Columns), isUnmanaged)
	return &c
}

func isUnmanaged(c *schema.Column) bool { return attr.Has[*attr.Unmanaged](c.Attrs) }

func isIn(name string, ts []*schema.Table) bool {
	return slices.ContainsFunc(ts, func(t *schema.Table) bool { return t.Name == name })
}

// dropTable records a table to drop. On PostgreSQL its foreign keys to a
// table the plan modifies are dropped first, with the other foreign keys
// dropped: the modification may drop or change the unique constraint, key
// or column they reference, which PostgreSQL refuses while they exist. The
// Down then creates the table without them and adds them last, after the
// modification is undone.
func (b *builder) dropTable(t *schema.Table) {
	if b.d.separateForeignKeys() {
		var first []schema.Change
		var rest []*schema.ForeignKey
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != nil && fk.RefTable.Name != t.Name && b.altered[fk.RefTable.Name] {
				first = append(first, &schema.DropForeignKey{F: fk})
			} else {
				rest = append(rest, fk)
			}
		}
		if len(first) > 0 {
			without := *t
			without.ForeignKeys = rest
			b.fkDrops = append(b.fkDrops, &Change{Op: Wrap(&schema.ModifyTable{T: &without, Changes: first}), From: t, To: &without})
			t = &without
		}
	}
	b.drops = append(b.drops, &Change{Op: Wrap(&schema.DropTable{T: t}), From: t})
}

func (b *builder) renameTable(from, to *schema.Table) {
	b.modifies = append(b.modifies, &Change{Op: Wrap(&schema.RenameTable{From: from, To: to}), From: from, To: to})
}

// modifyTable records the changes of a table that exists on both sides;
// they run after its rename, if any, so From carries the new name.
func (b *builder) modifyTable(from, to *schema.Table, changes []schema.Change) {
	b.modified[to.Name] = true
	b.altered[from.Name] = true
	from = withName(from, to.Name)
	b.modifies = append(b.modifies, &Change{Op: Wrap(&schema.ModifyTable{T: to, Changes: changes}), From: from, To: to})
}

// dropForeignKeys records foreign keys dropped before anything else runs:
// before the table's rename, so both versions carry the old name.
func (b *builder) dropForeignKeys(from, to *schema.Table, changes []schema.Change) {
	if len(changes) == 0 {
		return
	}
	to = withName(to, from.Name)
	b.fkDrops = append(b.fkDrops, &Change{Op: Wrap(&schema.ModifyTable{T: to, Changes: changes}), From: from, To: to})
}

// addForeignKeys records foreign keys added after everything else ran.
func (b *builder) addForeignKeys(from, to *schema.Table, changes []schema.Change) {
	if len(changes) == 0 {
		return
	}
	from = withName(from, to.Name)
	b.fkAdds = append(b.fkAdds, &Change{Op: Wrap(&schema.ModifyTable{T: to, Changes: changes}), From: from, To: to})
}

// enums records enum types to add or extend (PostgreSQL).
func (b *builder) enums(current, desired *schema.Schema) {
	for _, o := range desired.Objects {
		te, ok := o.(*schema.EnumType)
		if !ok {
			continue
		}
		fe := findEnum(current, te.T)
		switch {
		case fe == nil:
			b.enumAdds = append(b.enumAdds, &Change{Op: Wrap(&schema.AddObject{O: te})})
		case !slices.Equal(fe.Values, te.Values):
			b.enumAdds = append(b.enumAdds, &Change{Op: Wrap(&schema.ModifyObject{From: fe, To: te}), Uses: enumUsers(current, fe.T)})
		}
	}
}

// dropEnums records enum types no longer declared, dropped after the
// tables that used them.
func (b *builder) dropEnums(current, desired *schema.Schema) {
	for _, o := range current.Objects {
		if fe, ok := o.(*schema.EnumType); ok && findEnum(desired, fe.T) == nil && !typeInUse(desired, fe.T) {
			b.enumDrops = append(b.enumDrops, &Change{Op: Wrap(&schema.DropObject{O: fe})})
		}
	}
}

// typeInUse reports whether a column of s has the type named name, written
// as a raw type (gorm:"type:mood") rather than declared as an enum: a type
// the models use but do not own is the database's to keep.
func typeInUse(s *schema.Schema, name string) bool {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if ts := pgTypeString(c.Type); ts == name || ts == name+"[]" {
				return true
			}
		}
	}
	return false
}

func findEnum(s *schema.Schema, name string) *schema.EnumType {
	for _, o := range s.Objects {
		if e, ok := o.(*schema.EnumType); ok && e.T == name {
			return e
		}
	}
	return nil
}

// sortByReferences orders tables so that a table comes after the tables
// its foreign keys reference, keeping the given order otherwise. Tables in
// a reference cycle keep their given order.
func sortByReferences(ts []*schema.Table) []*schema.Table {
	in := make(map[string]*schema.Table, len(ts))
	for _, t := range ts {
		in[t.Name] = t
	}
	var (
		out   []*schema.Table
		state = make(map[string]int) // 1 visiting, 2 done
		visit func(t *schema.Table)
	)
	visit = func(t *schema.Table) {
		if state[t.Name] != 0 {
			return
		}
		state[t.Name] = 1
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == nil {
				continue
			}
			if r, ok := in[fk.RefTable.Name]; ok && r != t {
				visit(r)
			}
		}
		state[t.Name] = 2
		out = append(out, t)
	}
	for _, t := range ts {
		visit(t)
	}
	return out
}

// enumUsers returns the tables of s with a column of enum type name.
func enumUsers(s *schema.Schema, name string) []*schema.Table {
	var ts []*schema.Table
	for _, t := range s.Tables {
		if slices.ContainsFunc(t.Columns, func(c *schema.Column) bool {
			e, ok := c.Type.Type.(*schema.EnumType)
			return ok && e.T == name
		}) {
			ts = append(ts, t)
		}
	}
	return ts
}
