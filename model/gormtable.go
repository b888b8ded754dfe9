package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// gormTable builds the table of GORM schema gs: columns, primary key,
// unique constraints, indexes and checks, as GORM's CreateTable writes
// them. m is the model gs is declared as, nil for a join table GORM makes
// up. Foreign keys come later (gormForeignKeys), once every table exists.
func (l *loader) gormTable(gs *gormSchema, m *model) *schema.Table {
	name := gs.table
	structName, goName := gs.name, &attr.GoName{Type: gs.name}
	if gs.m2m != nil {
		structName = gs.m2m.schema.name
		goName = &attr.GoName{Type: structName, Field: gs.m2m.field.Path}
	}
	t := &schema.Table{Name: name, Attrs: []schema.Attr{l.pos(gs.pos), goName}}
	if m != nil && m.renamedFrom != "" {
		t.Attrs = append(t.Attrs, &attr.RenamedFrom{Name: m.renamedFrom})
	}
	tf := gs.tf
	l.dialect.checkTable(tf, l.diag)
	if len(tf.columns) == 0 {
		l.diag.errorf(gs.pos, structName, "struct has no column for table %q; add fields, or mark it //gen:ignore if it is not a table", name)
		return nil
	}
	cols := l.addColumns(t, tf.columns, tf.pks, structName)
	// Unique constraints (ParseUniqueConstraints), then indexes
	// (ParseIndexes), in field order.
	seen := map[string]bool{}
	for _, f := range tf.columns {
		c := cols[f]
		if !f.Unique || c == nil {
			continue
		}
		n := l.dialect.ident(l.naming.uniqueName(name, f.DBName))
		if seen[n] {
			continue
		}
		if len(tf.pks) == 1 && tf.pks[0] == f {
			l.diag.warnf(f.Pos, f.object(), "unique on the primary key adds nothing: the database folds constraint %q into the primary key; remove unique", n)
			continue
		}
		seen[n] = true
		idx := &schema.Index{
			Name:   n,
			Unique: true,
			Table:  t,
			Parts:  []*schema.IndexPart{{SeqNo: 0, C: c}},
			Attrs:  []schema.Attr{&attr.UniqueConstraint{}, l.pos(f.Pos), &attr.GoName{Type: structName, Field: f.Path}},
		}
		t.Indexes = append(t.Indexes, idx)
		c.Indexes = append(c.Indexes, idx)
	}
	for _, gi := range l.gormIndexes(name, tf.columns) {
		gi.Name = l.dialect.ident(gi.Name)
		if seen[gi.Name] {
			l.diag.errorf(gi.first.Pos, gi.first.object(), "index %q has the name of another index or unique constraint of table %q; name it with index:NAME", gi.Name, name)
			continue
		}
		seen[gi.Name] = true
		idx := &schema.Index{
			Name:   gi.Name,
			Unique: gi.Class != "",
			Table:  t,
			Attrs:  []schema.Attr{l.pos(gi.first.Pos), &attr.GoName{Type: structName, Field: gi.first.Path}},
		}
		if gi.Where != "" {
			idx.Attrs = append(idx.Attrs, &attr.IndexPredicate{P: gi.Where})
		}
		if gi.Type != "" && gi.Type != "btree" {
			idx.Attrs = append(idx.Attrs, &attr.IndexMethod{T: gi.Type})
		}
		if len(gi.Storage) > 0 {
			idx.Attrs = append(idx.Attrs, &attr.IndexStorage{Params: gi.Storage})
		}
		if gi.NullsNotDistinct {
			idx.Attrs = append(idx.Attrs, &postgres.IndexNullsDistinct{V: false})
		}
		if len(gi.Include) > 0 {
			inc := &postgres.IndexInclude{}
			for _, n := range gi.Include {
				c, ok := t.Column(n)
				if !ok {
					l.diag.errorf(gi.first.Pos, gi.first.object(), "index %q: option INCLUDE names column %q, which table %q does not have (it has %s)", gi.Name, n, name, strings.Join(tableColumnNames(t), ", "))
					continue
				}
				inc.Columns = append(inc.Columns, c)
			}
			idx.Attrs = append(idx.Attrs, inc)
		}
		for i, p := range gi.parts {
			part := &schema.IndexPart{SeqNo: i, Desc: p.desc}
			if p.expr != "" {
				part.X = &schema.RawExpr{X: p.expr}
			} else {
				part.C = cols[p.f]
				if part.C == nil {
					continue
				}
				if p.collate != "" {
					part.Attrs = append(part.Attrs, &attr.IndexCollation{Name: p.collate})
				}
				part.C.Indexes = append(part.C.Indexes, idx)
			}
			idx.Parts = append(idx.Parts, part)
		}
		t.Indexes = append(t.Indexes, idx)
	}
	checks := l.gormChecks(name, tf.columns)
	checks = append(checks, l.enumChecks(name, tf.columns)...)
	l.addChecks(t, checks)
	return t
}

// tableColumnNames lists the names of t's columns, for messages.
func tableColumnNames(t *schema.Table) []string {
	ns := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		ns[i] = c.Name
	}
	return ns
}

// addColumns adds the columns of fields to t, and the primary key of
// pks, returning each field's column. The map is the loader's, reused by
// the next call: a map per table was 6.5 MB of garbage on 10,000 tables,
// made while the heap is at its largest.
func (l *loader) addColumns(t *schema.Table, fields, pks []*field, structName string) map[*field]*schema.Column {
	if l.cols == nil {
		l.cols = map[*field]*schema.Column{}
	}
	cols := l.cols
	clear(cols)
	t.Columns = slices.Grow(t.Columns, len(fields))
	for _, f := range fields {
		c := l.column(f, structName)
		if c == nil {
			continue
		}
		cols[f] = c
		t.AddColumns(c)
	}
	if len(pks) > 0 {
		pk := &schema.Index{Unique: true, Table: t}
		for _, f := range pks {
			if c := cols[f]; c != nil {
				pk.Parts = append(pk.Parts, &schema.IndexPart{SeqNo: len(pk.Parts), C: c})
			}
		}
		t.PrimaryKey = pk
	}
	return cols
}

// addChecks adds CHECK constraints to t; two of the same name are an
// error, as the database would reject them.
func (l *loader) addChecks(t *schema.Table, checks []*schema.Check) {
	seen := map[string]bool{}
	for _, chk := range checks {
		chk.Name = l.dialect.ident(chk.Name)
		if seen[chk.Name] {
			pos := token.Position{}
			if p, ok := attr.Get[*schema.Pos](chk.Attrs); ok {
				pos = token.Position{Filename: p.Filename, Line: p.Start.Line, Column: p.Start.Column}
			}
			l.diag.errorf(pos, t.Name, "check constraint %q is declared twice; give one of them another name (check:NAME,EXPR)", chk.Name)
			continue
		}
		seen[chk.Name] = true
		t.Attrs = append(t.Attrs, chk)
	}
}

// resolveJoins decides which struct each many2many join table comes
// from. A model whose table has the join table's name is the join table,
// as GORM's SetupJoinTable makes it: the join's foreign keys move onto it
// and its key fields take the referenced types. Otherwise GORM makes the
// table up from the keys; when more than one relationship names the same
// join table, the last one in declaration order defines it, as
// AutoMigrate does with the models in that order. The result maps each
// model to the join tables to create after its own. (A join table named
// like a Bun or sqlx model's table is reported as a second table of that
// name when the tables are added.)
func (l *loader) resolveJoins(selected []*model) map[*types.TypeName][]*gormSchema {
	byTable := map[string]*gormSchema{}
	for _, m := range selected {
		if gs := l.gschemas[m.obj]; gs != nil && gs.isTable && m.flavor == flavorGORM {
			byTable[gs.table] = gs
		}
	}
	var (
		order []string
		last  = map[string]*gormRelation{}
	)
	for _, m := range selected {
		gs := l.gschemas[m.obj]
		if gs == nil || !gs.isTable {
			continue
		}
		for _, rel := range gs.rels {
			if rel.kind != relMany2Many || rel.schema != gs || rel.join == nil {
				continue
			}
			name := rel.join.table
			if _, ok := last[name]; !ok {
				order = append(order, name)
			}
			last[name] = rel
		}
	}
	out := map[*types.TypeName][]*gormSchema{}
	for _, name := range order {
		rel := last[name]
		if decl := byTable[name]; decl != nil {
			for _, m := range selected {
				gs := l.gschemas[m.obj]
				if gs == nil || !gs.isTable {
					continue
				}
				for _, r := range gs.rels {
					if r.kind == relMany2Many && r.schema == gs && r.join != nil && r.join.table == name {
						l.setupJoinTable(r, decl)
					}
				}
			}
			continue
		}
		out[rel.schema.obj] = append(out[rel.schema.obj], rel.join)
	}
	return out
}

// setupJoinTable is GORM's DB.SetupJoinTable(model, field, decl): the
// struct decl is the join table of rel. Its fields named like the join
// keys take the keys' types, and the join's belongs-to relationships
// (so its foreign keys) move onto it unless it declares relationships of
// the same names.
func (l *loader) setupJoinTable(rel *gormRelation, decl *gormSchema) {
	join := rel.join
	for i, ref := range rel.refs {
		f := decl.lookUpField(ref.fk.DBName)
		if f == nil {
			l.diag.errorf(decl.pos, decl.name, "%s is the join table of %s (its table is %q), and has no field for the join column %q; add a field named %s", decl.name, rel.field.object(), decl.table, ref.fk.DBName, ref.fk.Name)
			return
		}
		f.DataType = ref.fk.DataType
		f.GormType = ref.fk.GormType
		if f.Size == 0 {
			f.Size = ref.fk.Size
		}
		rel.refs[i].fk = f
	}
	for _, jr := range join.rels {
		if _, ok := decl.relByName[jr.name]; ok {
			continue
		}
		moved := *jr
		moved.schema = decl
		moved.refs = nil
		for _, ref := range jr.refs {
			ref.fk = decl.lookUpField(ref.fk.DBName)
			moved.refs = append(moved.refs, ref)
		}
		decl.setRelation(moved.name, &moved)
	}
	rel.join = decl
}

// gormForeignKeys adds to the table of gs the foreign keys GORM's
// CreateTable writes for it: those of its relationships (and of the
// relationships of other structs filed under it) whose constraint lives
// on its table.
func (l *loader) gormForeignKeys(gs *gormSchema) {
	t := gs.out
	if t == nil {
		t = l.tableOf[gs.obj]
	}
	if t == nil {
		return
	}
	seen := map[string]*gormConstraint{}
	for _, rel := range gs.rels {
		if rel.field.Unmanaged {
			continue
		}
		c := l.parseConstraint(rel)
		if c == nil || c.table != gs || len(c.fks) == 0 {
			continue
		}
		f := rel.field
		name := l.dialect.ident(c.name)
		if o := seen[name]; o != nil {
			l.diag.errorf(f.Pos, f.object(), "foreign key %q of table %q is also the foreign key of %s; name one of them with constraint:NAME,… or drop one with constraint:-", name, t.Name, o.rel.field.object())
			continue
		}
		seen[name] = c
		refT := l.tableOf[c.refSchema.obj]
		if c.refSchema.obj == nil || refT == nil {
			why := c.refSchema.why
			if why == "" {
				why = "its table is not built"
			}
			l.diag.errorf(f.Pos, f.object(), "GORM creates foreign key %q to %s, and gen has no table for %s: %s; or tag the field constraint:- to create no foreign key", name, c.refSchema.name, c.refSchema.name, why)
			continue
		}
		onUpdate, err1 := refAction(c.onUpdate)
		onDelete, err2 := refAction(c.onDelete)
		if err := firstErr(err1, err2); err != nil {
			l.diag.errorf(f.Pos, f.object(), "constraint:%s: %v", f.Settings.m["CONSTRAINT"], err)
			continue
		}
		fk := &schema.ForeignKey{
			Symbol:   name,
			Table:    t,
			RefTable: refT,
			OnUpdate: onUpdate,
			OnDelete: onDelete,
			Attrs:    []schema.Attr{l.pos(f.Pos), &attr.GoName{Type: f.schema.name, Field: f.Path}},
		}
		ok := true
		for i, kf := range c.fks {
			col, cok := t.Column(l.dialect.ident(kf.DBName))
			ref, rok := refT.Column(l.dialect.ident(c.refs[i].DBName))
			if !cok || !rok {
				l.diag.errorf(f.Pos, f.object(), "foreign key %q joins %s to %s.%s, and one of them is no column; make both stored fields", name, kf.DBName, refT.Name, c.refs[i].DBName)
				ok = false
				break
			}
			fk.Columns = append(fk.Columns, col)
			fk.RefColumns = append(fk.RefColumns, ref)
		}
		if !ok {
			continue
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
		for _, col := range fk.Columns {
			col.ForeignKeys = append(col.ForeignKeys, fk)
		}
	}
}

// refAction reads an OnUpdate or OnDelete value: one of the SQL
// referential actions, upper-cased; NO ACTION (the default) is empty.
func refAction(v string) (schema.ReferenceOption, error) {
	a := strings.ToUpper(strings.Join(strings.Fields(v), " "))
	switch a {
	case "", "NO ACTION":
		return "", nil
	case "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT":
		return schema.ReferenceOption(a), nil
	}
	return "", fmt.Errorf("%q is not a referential action; write CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION", strings.TrimSpace(v))
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkReferences reports foreign keys whose referenced columns are
// neither the primary key nor a unique constraint or index of the
// referenced table: PostgreSQL refuses to create them, SQLite refuses
// every write through them ("foreign key mismatch").
func (l *loader) checkReferences(s *schema.Schema) {
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			if uniqueKey(fk.RefTable, fk.RefColumns) {
				continue
			}
			var pos token.Position
			obj := t.Name
			if p, ok := attr.Get[*schema.Pos](fk.Attrs); ok {
				pos = token.Position{Filename: p.Filename, Line: p.Start.Line, Column: p.Start.Column}
			}
			if g, ok := attr.Get[*attr.GoName](fk.Attrs); ok {
				obj = g.Type + "." + g.Field
			}
			names := make([]string, len(fk.RefColumns))
			for i, c := range fk.RefColumns {
				names[i] = c.Name
			}
			l.diag.errorf(pos, obj, "foreign key %q references %s(%s), which is neither the primary key nor unique, so the database rejects it; make the referenced field unique (uniqueIndex) or reference the primary key", fk.Symbol, fk.RefTable.Name, strings.Join(names, ", "))
		}
	}
}

// uniqueKey reports whether cols are, in any order, the columns of t's
// primary key or of a unique constraint or a unique index without a
// predicate or expression.
func uniqueKey(t *schema.Table, cols []*schema.Column) bool {
	want := make([]string, len(cols))
	for i, c := range cols {
		want[i] = c.Name
	}
	sort.Strings(want)
	same := func(idx *schema.Index) bool {
		if idx == nil || len(idx.Parts) != len(want) {
			return false
		}
		got := make([]string, 0, len(idx.Parts))
		for _, p := range idx.Parts {
			if p.C == nil {
				return false
			}
			got = append(got, p.C.Name)
		}
		sort.Strings(got)
		return strings.Join(got, ",") == strings.Join(want, ",")
	}
	if same(t.PrimaryKey) {
		return true
	}
	for _, idx := range t.Indexes {
		if idx.Unique && !attr.Has[*attr.IndexPredicate](idx.Attrs) && same(idx) {
			return true
		}
	}
	return false
}
