package gen

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/editdist"
	"github.com/genmigrate/gen/introspect"
)

// A keptObject is one object gen.yaml keep: names, taken out of its live
// table for the comparison.
type keptObject struct {
	entry int // index in Config.Keep
	table *schema.Table
	index *schema.Index
	fk    *schema.ForeignKey
	check *schema.Check
}

// applyKeep takes the objects gen.yaml keep: names out of the live schema,
// so that diff sees them on neither side: it never drops or changes them.
// Each entry must name an index, unique constraint, foreign key or CHECK
// of a table the database has and the models declare, that the models do
// not declare themselves, on columns the models keep: a typo, or a keep
// gen could not honour, is an error naming the gen.yaml line.
//
// An entry naming nothing in the database is a typo, and an error, when
// the table (or its objects) holds a name one or two edits away from it;
// otherwise it is an object this database does not have — a database
// built by the migrations alone (CI's fresh one, a laptop) lacks what a
// DBA made on production — and is left out, with a warning (nothing to
// keep here), so is every such entry with pending revisions (gen check on
// a database not yet upgraded: a pending revision may create it).
//
// It returns the kept objects and the warnings about entries that name
// nothing in this database.
func (p *Project) applyKeep(current, desired *schema.Schema, pending bool) ([]keptObject, []string, error) {
	var out []keptObject
	var warnings []string
	for i, entry := range p.cfg.Keep {
		k, err := p.findKept(current, desired, entry)
		var missing *missingError
		if errors.As(err, &missing) && (pending || !missing.near) {
			if !pending {
				warnings = append(warnings, p.cfg.entryError("keep", i, fmt.Errorf("%s; nothing to keep in this database (a database built by the migrations alone lacks what was made by hand: `gen baseline` puts it in the migrations)", err)).Error())
			}
			continue
		}
		if err != nil {
			return nil, nil, p.cfg.entryError("keep", i, err)
		}
		k.entry = i
		out = append(out, k)
	}
	for _, k := range out {
		k.remove()
	}
	return out, warnings, nil
}

func (p *Project) findKept(current, desired *schema.Schema, entry string) (keptObject, error) {
	tname, oname, err := splitKeep(entry)
	if err != nil {
		return keptObject{}, err
	}
	t := p.table(current, tname)
	if t == nil {
		for _, e := range p.cfg.Exclude {
			if introspect.MatchTable(e, tname, p.caseless()) {
				return keptObject{}, fmt.Errorf("%s: table %s is excluded (exclude: %s), so all of it is left alone already: remove the keep: entry", entry, tname, e)
			}
		}
		var names []string
		for _, ct := range current.Tables {
			names = append(names, ct.Name)
		}
		return keptObject{}, missingIn(fmt.Sprintf("%s: the database has no table %s", entry, tname), tname, names, false)
	}
	dt := p.table(desired, tname)
	if dt == nil {
		return keptObject{}, fmt.Errorf("%s: the models do not declare table %s, so gen would drop it with everything on it: add `- %s` to exclude: to leave the whole table alone", entry, t.Name, t.Name)
	}
	same := func(name string) bool { return name == oname || p.caseless() && strings.EqualFold(name, oname) }
	k := keptObject{table: t}
	for _, idx := range t.Indexes {
		if same(idx.Name) {
			k.index = idx
		}
	}
	for _, fk := range t.ForeignKeys {
		if k.index == nil && same(fk.Symbol) {
			k.fk = fk
		}
	}
	for _, a := range t.Attrs {
		if c, ok := a.(*schema.Check); ok && k.index == nil && k.fk == nil && same(c.Name) {
			k.check = c
		}
	}
	if k.index == nil && k.fk == nil && k.check == nil {
		if t.PrimaryKey != nil && t.PrimaryKey.Name != "" && same(t.PrimaryKey.Name) {
			return keptObject{}, fmt.Errorf("%s: that is the primary key of %s, which the models declare: gen.yaml keep: cannot hold a primary key", entry, t.Name)
		}
		return keptObject{}, missingIn(fmt.Sprintf("%s: table %s has no index, unique constraint, foreign key or CHECK named %s", entry, t.Name, oname), oname, objectNames(t), true)
	}
	if declared := objectNames(dt); slices.ContainsFunc(declared, same) {
		return keptObject{}, fmt.Errorf("%s: the models declare %s on %s (%s), so gen manages it: remove the keep: entry, or the declaration", entry, oname, dt.Name, declaredAt(dt))
	}
	for _, c := range k.columns() {
		if _, ok := dt.Column(c); !ok {
			return keptObject{}, fmt.Errorf("%s: %s covers column %s.%s, which the models do not declare, so dropping the column would take %s with it: keep the column in the models, or remove the keep: entry",
				entry, oname, t.Name, c, oname)
		}
	}
	return k, nil
}

// A missingError is a keep: entry naming nothing in the database; near
// when a name there is one or two edits away from it (a typo).
type missingError struct {
	msg  string
	near bool
}

func (e *missingError) Error() string { return e.msg }

// missingIn is the missingError of name among names: a typo when one of
// them is near it. The message lists the names (all of them, or only the
// near ones).
func missingIn(msg, name string, names []string, all bool) *missingError {
	e := &missingError{msg: msg}
	var near []string
	for _, n := range names {
		if d := editdist.Levenshtein(strings.ToLower(n), strings.ToLower(name)); d > 0 && d <= 2 {
			near = append(near, n)
		}
	}
	e.near = len(near) > 0
	if e.near {
		e.msg += " (a typo?)"
	}
	switch {
	case all && len(names) > 0:
		e.msg += "; it has " + strings.Join(names, ", ")
	case e.near:
		e.msg += "; it has " + strings.Join(near, ", ")
	}
	return e
}

// objectNames lists the named indexes, unique constraints, foreign keys
// and CHECKs of t, in that order.
func objectNames(t *schema.Table) []string {
	var names []string
	for _, idx := range t.Indexes {
		if idx.Name != "" {
			names = append(names, idx.Name)
		}
	}
	for _, fk := range t.ForeignKeys {
		if fk.Symbol != "" {
			names = append(names, fk.Symbol)
		}
	}
	for _, a := range t.Attrs {
		if c, ok := a.(*schema.Check); ok && c.Name != "" {
			names = append(names, c.Name)
		}
	}
	return names
}

// columns returns the names of the table's columns the object uses.
func (k keptObject) columns() []string {
	var cols []string
	switch {
	case k.index != nil:
		for _, p := range k.index.Parts {
			if p.C != nil {
				cols = append(cols, p.C.Name)
			}
		}
	case k.fk != nil:
		for _, c := range k.fk.Columns {
			cols = append(cols, c.Name)
		}
	}
	return cols
}

// remove takes the object out of its live table and its columns.
func (k keptObject) remove() {
	t := k.table
	switch {
	case k.index != nil:
		t.Indexes = slices.DeleteFunc(t.Indexes, func(i *schema.Index) bool { return i == k.index })
		for _, p := range k.index.Parts {
			if p.C != nil {
				p.C.Indexes = slices.DeleteFunc(p.C.Indexes, func(i *schema.Index) bool { return i == k.index })
			}
		}
	case k.fk != nil:
		t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return f == k.fk })
		for _, c := range k.fk.Columns {
			c.ForeignKeys = slices.DeleteFunc(c.ForeignKeys, func(f *schema.ForeignKey) bool { return f == k.fk })
		}
	case k.check != nil:
		t.Attrs = slices.DeleteFunc(t.Attrs, func(a schema.Attr) bool { return a == schema.Attr(k.check) })
	}
}

// passThrough puts the kept objects back on both sides of an SQLite plan,
// after diff has compared without them. SQLite changes many tables by
// rebuilding them from the desired definition (and the Down script from
// the current one): a kept object has to be part of both for the rebuild
// to recreate it. It is only used on SQLite; elsewhere a table is altered
// in place and the object is simply never mentioned.
func passThrough(kept []keptObject, plan *diff.Plan) {
	for _, k := range kept {
		i := slices.IndexFunc(plan.Changes, func(c *diff.Change) bool { return c.From == k.table && c.To != nil })
		if i < 0 {
			continue
		}
		c := plan.Changes[i]
		k.restore(c.From, c.From)
		k.restore(c.To, c.From)
	}
}

// restore adds a copy of the object to t, on t's own columns; live is the
// table the object came from (foreign keys to it point to t).
func (k keptObject) restore(t, live *schema.Table) {
	col := func(c *schema.Column) *schema.Column {
		if tc, ok := t.Column(c.Name); ok {
			return tc
		}
		return c
	}
	switch {
	case k.index != nil:
		idx := *k.index
		idx.Table = t
		idx.Parts = make([]*schema.IndexPart, len(k.index.Parts))
		for i, p := range k.index.Parts {
			np := *p
			if p.C != nil {
				np.C = col(p.C)
			}
			idx.Parts[i] = &np
		}
		t.Indexes = append(t.Indexes, &idx)
		for _, p := range idx.Parts {
			if p.C != nil {
				p.C.Indexes = append(p.C.Indexes, &idx)
			}
		}
	case k.fk != nil:
		fk := *k.fk
		fk.Table = t
		fk.Columns = make([]*schema.Column, len(k.fk.Columns))
		for i, c := range k.fk.Columns {
			fk.Columns[i] = col(c)
			fk.Columns[i].ForeignKeys = append(fk.Columns[i].ForeignKeys, &fk)
		}
		if k.fk.RefTable == live {
			fk.RefTable = t
			fk.RefColumns = make([]*schema.Column, len(k.fk.RefColumns))
			for i, c := range k.fk.RefColumns {
				fk.RefColumns[i] = col(c)
			}
		}
		t.ForeignKeys = append(t.ForeignKeys, &fk)
	case k.check != nil:
		c := *k.check
		t.Attrs = append(t.Attrs, &c)
	}
}
