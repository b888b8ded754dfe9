package model

import (
	"fmt"
	"go/token"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// checkCollisions reports the names the database would reject as
// duplicates when it creates the schema: two columns of one table, two
// indexes of the schema (PostgreSQL and SQLite keep indexes, like tables,
// in one namespace per schema, and a unique constraint or a primary key is
// an index there too), two constraints of one table. Most come from the
// database's cut of long names: PostgreSQL keeps the first 63 bytes of an
// identifier, so two names that differ only after that are one. SQLite
// compares names without regard to ASCII case.
func (l *loader) checkCollisions(s *schema.Schema) {
	key := func(name string) string {
		if l.dialect.caselessNames() {
			return strings.ToLower(name)
		}
		return name
	}
	// why says why name and other, both claimed, are one name.
	why := func(kind, name, other string) string {
		switch {
		case l.dialect.nameCut() > 0 && len(name) == l.dialect.nameCut():
			return fmt.Sprintf("%s keeps only the first %d bytes of a name, so the two are one", l.dialect.title(), l.dialect.nameCut())
		case name != other:
			return l.dialect.title() + " compares names without regard to case"
		case kind == "column":
			return "a table has one column of a name"
		case kind == "index":
			return "index names are unique in the schema, across its tables"
		}
		return "constraint names are unique in a table"
	}
	// owner is who took a name: what (a description, or "" for the Go
	// name alone) and the attributes of the schema object. The message
	// parts are made only when a name is taken twice: on 10,000 tables
	// building them for every column was 22 MB of garbage at the end of a
	// load, when the heap is at its largest.
	type owner struct {
		what, of, name string
		attrs          []schema.Attr
	}
	describe := func(o owner) (token.Position, string, string) {
		pos, obj := l.attrPos(o.attrs)
		what := o.what + o.of
		switch {
		case what == "":
			what = obj
		case obj != "":
			what += " (" + obj + ")"
		}
		return pos, obj, what
	}
	n := 0
	for _, t := range s.Tables {
		n += 1 + len(t.Indexes)
	}
	indexes := make(map[string]owner, n)
	// claim records that what+of (a description, or "" for the Go name
	// alone) takes name in seen, and reports the one that took it before;
	// table is the table whose namespace seen is, "" for the schema's.
	claim := func(seen map[string]owner, kind, name, what, of, table string, attrs []schema.Attr) {
		k := key(name)
		o, ok := seen[k]
		if !ok {
			seen[k] = owner{what, of, name, attrs}
			return
		}
		_, _, first := describe(o)
		pos, obj, what := describe(owner{what, of, name, attrs})
		where := ""
		if table != "" {
			where = " of table " + table
		}
		l.diag.errorf(pos, obj, "%s and %s are both %s %q%s: %s; give one of them another name", first, what, kind, name, where, why(kind, name, o.name))
	}
	// The namespaces of one table at a time, cleared for the next.
	cols, constraints := map[string]owner{}, map[string]owner{}
	var t *schema.Table
	// Constraint names are one namespace per table on PostgreSQL (a
	// primary key and a unique constraint are constraints and indexes
	// both); SQLite does not compare them.
	claimConstraint := func(name, what, of string, attrs []schema.Attr) {
		if l.dialect.tableConstraintNames() {
			claim(constraints, "constraint", name, what, of, t.Name, attrs)
		}
	}
	for _, t = range s.Tables {
		clear(cols)
		clear(constraints)
		for _, c := range t.Columns {
			claim(cols, "column", c.Name, "", "", t.Name, c.Attrs)
		}
		if pk := t.PrimaryKey; pk != nil && pk.Name != "" {
			claim(indexes, "index", pk.Name, "the primary key of ", t.Name, "", pk.Attrs)
			claimConstraint(pk.Name, "the primary key of ", t.Name, pk.Attrs)
		}
		for _, idx := range t.Indexes {
			claim(indexes, "index", idx.Name, "an index of ", t.Name, "", idx.Attrs)
			if attr.Has[*attr.UniqueConstraint](idx.Attrs) {
				claimConstraint(idx.Name, "a unique constraint", "", idx.Attrs)
			}
		}
		for _, fk := range t.ForeignKeys {
			claimConstraint(fk.Symbol, "a foreign key", "", fk.Attrs)
		}
		for _, a := range t.Attrs {
			if chk, ok := a.(*schema.Check); ok && chk.Name != "" {
				claimConstraint(chk.Name, "a check", "", chk.Attrs)
			}
		}
	}
}

// attrPos returns the model position and the Go name ("User.Email") the
// attributes of a schema object carry.
func (l *loader) attrPos(attrs []schema.Attr) (token.Position, string) {
	var pos token.Position
	if p, ok := attr.Get[*schema.Pos](attrs); ok {
		pos = token.Position{Filename: p.Filename, Line: p.Start.Line, Column: p.Start.Column}
	}
	obj := ""
	if g, ok := attr.Get[*attr.GoName](attrs); ok {
		obj = g.Type
		if g.Field != "" {
			obj += "." + g.Field
		}
	}
	return pos, obj
}
