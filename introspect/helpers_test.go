package introspect

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/genmigrate/gen/attr"
)

// The expected schemas of the tests are built by hand with the helpers
// below, then compared with the inspected ones field by field (compare).
// Back-pointers are compared by name, and checkLinks verifies separately
// that they point where ARCHITECTURE.md says.

// build starts an expected schema.
func build(name string, tables ...*schema.Table) *schema.Schema {
	s := &schema.Schema{Name: name}
	for _, t := range tables {
		t.Schema = s
		s.Tables = append(s.Tables, t)
	}
	return s
}

// table returns a table of those columns.
func table(name string, cols ...*schema.Column) *schema.Table {
	return &schema.Table{Name: name, Columns: cols}
}

// pgCol returns a PostgreSQL column whose canonical spelling is raw; its
// Type is what postgres.ParseType returns for that spelling.
func pgCol(name, raw string, null bool, attrs ...schema.Attr) *schema.Column {
	t, err := postgres.ParseType(raw)
	if err != nil {
		panic(err)
	}
	return &schema.Column{Name: name, Type: &schema.ColumnType{Type: t, Raw: raw, Null: null}, Attrs: attrs}
}

// liteCol returns a SQLite column declared with type raw (lower case).
func liteCol(name, raw string, null bool, attrs ...schema.Attr) *schema.Column {
	t, err := sqlite.ParseType(raw)
	if err != nil {
		panic(err)
	}
	return &schema.Column{Name: name, Type: &schema.ColumnType{Type: t, Raw: raw, Null: null}, Attrs: attrs}
}

func lit(v string) schema.Expr { return &schema.Literal{V: v} }
func raw(x string) schema.Expr { return &schema.RawExpr{X: x} }

// withDefault sets c's default.
func withDefault(c *schema.Column, d schema.Expr) *schema.Column {
	c.Default = d
	return c
}

// col returns the named column of t, failing loudly on a typo.
func col(t *schema.Table, name string) *schema.Column {
	c, ok := t.Column(name)
	if !ok {
		panic(fmt.Sprintf("test: table %q has no column %q", t.Name, name))
	}
	return c
}

// part is an index part: a column name, or "(expr)" for an expression,
// with " COLLATE name" appended for a collation, then " DESC" for
// descending order.
func parts(t *schema.Table, specs ...string) []*schema.IndexPart {
	var ps []*schema.IndexPart
	for i, s := range specs {
		p := &schema.IndexPart{SeqNo: i}
		if x, ok := strings.CutSuffix(s, " DESC"); ok {
			p.Desc, s = true, x
		}
		if x, coll, ok := strings.Cut(s, " COLLATE "); ok {
			p.Attrs, s = []schema.Attr{&attr.IndexCollation{Name: coll}}, x
		}
		if x, ok := strings.CutPrefix(s, "expr:"); ok {
			p.X = raw(x)
		} else {
			p.C = col(t, s)
		}
		ps = append(ps, p)
	}
	return ps
}

// setPK sets t's primary key and links it from its columns.
func setPK(t *schema.Table, name string, specs ...string) {
	t.PrimaryKey = &schema.Index{Name: name, Unique: true, Table: t, Parts: parts(t, specs...)}
	linkIndex(t.PrimaryKey)
}

// addIndex appends an index to t and links it from its columns.
func addIndex(t *schema.Table, name string, unique bool, attrs []schema.Attr, specs ...string) *schema.Index {
	idx := &schema.Index{Name: name, Unique: unique, Table: t, Parts: parts(t, specs...), Attrs: attrs}
	t.Indexes = append(t.Indexes, idx)
	linkIndex(idx)
	return idx
}

// addFK appends a foreign key of t.
func addFK(t *schema.Table, symbol string, cols []string, ref *schema.Table, refCols []string, onUpdate, onDelete schema.ReferenceOption) {
	fk := &schema.ForeignKey{Symbol: symbol, Table: t, RefTable: ref, OnUpdate: onUpdate, OnDelete: onDelete}
	for _, c := range cols {
		fk.Columns = append(fk.Columns, col(t, c))
	}
	for _, c := range refCols {
		rc, ok := ref.Column(c)
		if !ok {
			rc = stubColumn(ref, c)
		}
		fk.RefColumns = append(fk.RefColumns, rc)
	}
	t.ForeignKeys = append(t.ForeignKeys, fk)
	linkForeignKey(fk)
}

// compareOpts compare schemas field by field, back-pointers by name.
var compareOpts = cmp.Options{
	cmpopts.IgnoreFields(schema.Table{}, "Schema"),
	cmpopts.IgnoreFields(schema.Index{}, "Table"),
	cmpopts.IgnoreFields(schema.ForeignKey{}, "Table"),
	cmpopts.IgnoreFields(schema.EnumType{}, "Schema"),
	// nil and empty slices are equal, except where a transformer below
	// compares by names (it returns nil for both).
	cmp.FilterPath(func(p cmp.Path) bool {
		return !lastField("Indexes")(p) && !lastField("ForeignKeys")(p) && !lastField("RefColumns")(p)
	}, cmpopts.EquateEmpty()),
	// A foreign key's referenced table is compared by its name, its
	// schema's name and its column names.
	cmp.FilterPath(lastField("RefTable"), cmp.Transformer("tableName", func(t *schema.Table) string {
		if t == nil {
			return "<nil>"
		}
		ns := "<nil>"
		if t.Schema != nil {
			ns = t.Schema.Name
		}
		return ns + "." + t.Name + "(" + strings.Join(names(t.Columns), ",") + ")"
	})),
	cmp.FilterPath(lastField("Indexes"), cmp.Transformer("indexNames", func(is []*schema.Index) []string {
		var ns []string
		for _, i := range is {
			ns = append(ns, i.Name)
		}
		return ns
	})),
	cmp.FilterPath(lastField("ForeignKeys"), cmp.Transformer("fkNames", func(fks []*schema.ForeignKey) []string {
		var ns []string
		for _, f := range fks {
			ns = append(ns, f.Symbol+"("+strings.Join(names(f.Columns), ",")+")")
		}
		return ns
	})),
	cmp.FilterPath(lastField("RefColumns"), cmp.Transformer("columnNames", func(cs []*schema.Column) []string {
		if len(cs) == 0 {
			return nil
		}
		return names(cs)
	})),
}

// lastField matches a path ending at the struct field name, on a column
// (for Indexes and ForeignKeys) or anywhere (RefTable, RefColumns).
func lastField(name string) func(cmp.Path) bool {
	return func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		if !ok || sf.Name() != name {
			return false
		}
		if name == "Indexes" || name == "ForeignKeys" {
			return p.Index(-2).Type() == reflect.TypeOf(schema.Column{})
		}
		return true
	}
}

func names(cs []*schema.Column) []string {
	ns := make([]string, len(cs))
	for i, c := range cs {
		ns[i] = c.Name
	}
	return ns
}

// compare fails t when got differs from want.
func compare(t *testing.T, want, got *schema.Schema) {
	t.Helper()
	links := got
	// The search_path is the connection's, not the schema's: it is
	// checked here rather than written into every want.
	want, got = withoutSearchPath(t, want), withoutSearchPath(t, got)
	if d := cmp.Diff(want, got, compareOpts); d != "" {
		t.Errorf("inspected schema differs (-want +got):\n%s", d)
	}
	checkLinks(t, links)
}

// withoutSearchPath checks the attr.SearchPath of an inspected schema
// (pg_catalog and the schema itself are on it) and returns a copy of s
// without it.
func withoutSearchPath(t *testing.T, s *schema.Schema) *schema.Schema {
	t.Helper()
	sp, ok := attr.Get[*attr.SearchPath](s.Attrs)
	if !ok {
		return s
	}
	if !slices.Contains(sp.Schemas, s.Name) || !slices.Contains(sp.Schemas, "pg_catalog") {
		t.Errorf("search path %v: want pg_catalog and %s in it", sp.Schemas, s.Name)
	}
	c := *s
	c.Attrs = slices.DeleteFunc(slices.Clone(s.Attrs), func(a schema.Attr) bool { _, ok := a.(*attr.SearchPath); return ok })
	if len(c.Attrs) == 0 {
		c.Attrs = nil
	}
	return &c
}

// checkLinks verifies the pointers of s that compare ignores: every table,
// index and foreign key points to its owner, index and foreign-key columns
// are the table's own, a referenced table is the very table of s when s
// holds one of that name, enum columns point to the object in s.Objects,
// and Column.Indexes / Column.ForeignKeys list exactly what covers them.
func checkLinks(t *testing.T, s *schema.Schema) {
	t.Helper()
	enums := make(map[*schema.EnumType]bool)
	for _, o := range s.Objects {
		if e, ok := o.(*schema.EnumType); ok {
			enums[e] = true
			if e.Schema != s {
				t.Errorf("enum %q: Schema does not point to the schema", e.T)
			}
		}
	}
	for _, tb := range s.Tables {
		if tb.Schema != s {
			t.Errorf("table %q: Schema does not point to the schema", tb.Name)
		}
		own := func(what string, c *schema.Column) {
			if c != nil && !slices.Contains(tb.Columns, c) {
				t.Errorf("table %q: %s: column %q is not the table's own", tb.Name, what, c.Name)
			}
		}
		covering := make(map[*schema.Column][]*schema.Index)
		for _, idx := range append(slices.Clone(tb.Indexes), tb.PrimaryKey) {
			if idx == nil {
				continue
			}
			if idx.Table != tb {
				t.Errorf("table %q: index %q: Table does not point to the table", tb.Name, idx.Name)
			}
			for _, p := range idx.Parts {
				own("index "+idx.Name, p.C)
				if p.C != nil {
					covering[p.C] = append(covering[p.C], idx)
				}
			}
		}
		fksOf := make(map[*schema.Column][]*schema.ForeignKey)
		for _, fk := range tb.ForeignKeys {
			if fk.Table != tb {
				t.Errorf("table %q: foreign key %q: Table does not point to the table", tb.Name, fk.Symbol)
			}
			for _, c := range fk.Columns {
				own("foreign key "+fk.Symbol, c)
				fksOf[c] = append(fksOf[c], fk)
			}
			if r, ok := s.Table(fk.RefTable.Name); ok && fk.RefTable.Schema == s && r != fk.RefTable {
				t.Errorf("table %q: foreign key %q: RefTable is a copy of table %q, not the table itself", tb.Name, fk.Symbol, r.Name)
			}
			for _, rc := range fk.RefColumns {
				if !slices.Contains(fk.RefTable.Columns, rc) {
					t.Errorf("table %q: foreign key %q: referenced column %q is not a column of %q", tb.Name, fk.Symbol, rc.Name, fk.RefTable.Name)
				}
			}
		}
		for _, c := range tb.Columns {
			if !sameElements(c.Indexes, covering[c]) {
				t.Errorf("table %q: column %q: Indexes lists %d indexes, %d cover it", tb.Name, c.Name, len(c.Indexes), len(covering[c]))
			}
			if !sameElements(c.ForeignKeys, fksOf[c]) {
				t.Errorf("table %q: column %q: ForeignKeys lists %d, %d use it", tb.Name, c.Name, len(c.ForeignKeys), len(fksOf[c]))
			}
			e, isEnum := c.Type.Type.(*schema.EnumType)
			if a, ok := c.Type.Type.(*postgres.ArrayType); ok {
				e, isEnum = a.Type.(*schema.EnumType)
			}
			if isEnum && e.Schema == s && !enums[e] {
				t.Errorf("table %q: column %q: enum type %q is not the object held in Schema.Objects", tb.Name, c.Name, e.T)
			}
		}
	}
}

func sameElements[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// dump prints s in a readable, deterministic form, for failure messages
// and for reading what an inspection returns.
func dump(s *schema.Schema) string {
	var b strings.Builder
	fmt.Fprintf(&b, "schema %q\n", s.Name)
	for _, o := range s.Objects {
		if e, ok := o.(*schema.EnumType); ok {
			fmt.Fprintf(&b, "  enum %q %q\n", e.T, e.Values)
		}
	}
	for _, t := range s.Tables {
		fmt.Fprintf(&b, "  table %q%s\n", t.Name, attrsText(t.Attrs))
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "    column %q %T %q null=%v", c.Name, c.Type.Type, c.Type.Raw, c.Type.Null)
			if c.Default != nil {
				fmt.Fprintf(&b, " default=%s", exprString(c.Default))
			}
			if st, ok := c.Type.Type.(*postgres.SerialType); ok {
				fmt.Fprintf(&b, " seq=%q", st.SequenceName)
			}
			b.WriteString(attrsText(c.Attrs) + "\n")
		}
		if t.PrimaryKey != nil {
			fmt.Fprintf(&b, "    primary key %q %s\n", t.PrimaryKey.Name, partsText(t.PrimaryKey))
		}
		for _, i := range t.Indexes {
			fmt.Fprintf(&b, "    index %q unique=%v %s%s\n", i.Name, i.Unique, partsText(i), attrsText(i.Attrs))
		}
		for _, f := range t.ForeignKeys {
			fmt.Fprintf(&b, "    foreign key %q %q → %s.%s %q update=%q delete=%q\n", f.Symbol, names(f.Columns),
				f.RefTable.Schema.Name, f.RefTable.Name, names(f.RefColumns), f.OnUpdate, f.OnDelete)
		}
	}
	return b.String()
}

func exprString(e schema.Expr) string {
	switch e := e.(type) {
	case *schema.Literal:
		return "literal " + e.V
	case *schema.RawExpr:
		return "raw " + e.X
	}
	return fmt.Sprintf("%T", e)
}

func partsText(i *schema.Index) string {
	var ps []string
	for _, p := range i.Parts {
		s := fmt.Sprintf("%d:", p.SeqNo)
		if p.C != nil {
			s += p.C.Name
		} else {
			s += exprString(p.X)
		}
		if c, ok := attr.Get[*attr.IndexCollation](p.Attrs); ok {
			s += " collate " + c.Name
		}
		if p.Desc {
			s += " desc"
		}
		ps = append(ps, s)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

func attrsText(attrs []schema.Attr) string {
	var b strings.Builder
	for _, a := range attrs {
		switch a := a.(type) {
		case *schema.Comment:
			fmt.Fprintf(&b, " comment=%q", a.Text)
		case *schema.Check:
			fmt.Fprintf(&b, " check(%q: %s)", a.Name, a.Expr)
		case *schema.GeneratedExpr:
			fmt.Fprintf(&b, " generated(%s %s)", a.Expr, a.Type)
		case *postgres.Identity:
			fmt.Fprintf(&b, " identity(%s)", a.Generation)
		default:
			fmt.Fprintf(&b, " %T%+v", a, a)
		}
	}
	return b.String()
}
