package render

import (
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
)

// Builders for the schema literals of the tests. Tables follow
// docs/ARCHITECTURE.md: Raw is the canonical spelling, Type what the
// dialect's parser returns for it.

type tb struct {
	t *schema.Table
	d string
}

func table(d, name string) *tb { return &tb{t: &schema.Table{Name: name}, d: d} }

type colOpt func(*schema.Column)

func notNull(c *schema.Column) { c.Type.Null = false }

func def(v string) colOpt { return func(c *schema.Column) { c.Default = &schema.Literal{V: v} } }

func defExpr(x string) colOpt { return func(c *schema.Column) { c.Default = &schema.RawExpr{X: x} } }

func comment(text string) colOpt {
	return func(c *schema.Column) { c.Attrs = append(c.Attrs, &schema.Comment{Text: text}) }
}

func identityOpt(gen string) colOpt {
	return func(c *schema.Column) { c.Attrs = append(c.Attrs, &postgres.Identity{Generation: gen}) }
}

func autoinc(c *schema.Column) { c.Attrs = append(c.Attrs, &sqlite.AutoIncrement{}) }

func genExpr(expr, typ string) colOpt {
	return func(c *schema.Column) {
		c.Attrs = append(c.Attrs, &schema.GeneratedExpr{Expr: expr, Type: typ})
	}
}

func enumOf(e *schema.EnumType) colOpt {
	return func(c *schema.Column) { c.Type.Type = e; c.Type.Raw = e.T }
}

// col adds a nullable column of type raw.
func (b *tb) col(name, raw string, opts ...colOpt) *tb {
	c := &schema.Column{Name: name, Type: &schema.ColumnType{Raw: raw, Null: true}}
	var err error
	switch b.d {
	case "postgres":
		c.Type.Type, err = postgres.ParseType(raw)
	case "sqlite":
		c.Type.Type, err = sqlite.ParseType(raw)
	}
	if err != nil {
		panic(err)
	}
	for _, o := range opts {
		o(c)
	}
	b.t.AddColumns(c)
	return b
}

func (b *tb) column(name string) *schema.Column {
	c, ok := b.t.Column(name)
	if !ok {
		panic("no column " + name + " in " + b.t.Name)
	}
	return c
}

// parts builds index parts: "col", "-col" (descending), "(expr)".
func (b *tb) parts(i *schema.Index, specs []string) {
	for n, s := range specs {
		p := &schema.IndexPart{SeqNo: n}
		if strings.HasPrefix(s, "-") {
			p.Desc, s = true, s[1:]
		}
		if strings.HasPrefix(s, "(") {
			p.X = &schema.RawExpr{X: s[1 : len(s)-1]}
		} else {
			p.C = b.column(s)
			p.C.Indexes = append(p.C.Indexes, i)
		}
		i.Parts = append(i.Parts, p)
	}
}

func (b *tb) pk(cols ...string) *tb { return b.namedPK("", cols...) }

func (b *tb) namedPK(name string, cols ...string) *tb {
	b.t.PrimaryKey = &schema.Index{Name: name, Unique: true, Table: b.t}
	b.parts(b.t.PrimaryKey, cols)
	for _, c := range b.t.PrimaryKey.Parts {
		c.C.Type.Null = false
	}
	return b
}

func (b *tb) index(name string, unique bool, specs []string, attrs ...schema.Attr) *tb {
	i := &schema.Index{Name: name, Unique: unique, Table: b.t, Attrs: attrs}
	b.parts(i, specs)
	b.t.Indexes = append(b.t.Indexes, i)
	return b
}

func (b *tb) idx(name string, specs ...string) *tb { return b.index(name, false, specs) }

func (b *tb) unique(name string, cols ...string) *tb {
	return b.index(name, true, cols, &attr.UniqueConstraint{})
}

func (b *tb) check(name, expr string) *tb {
	b.t.Attrs = append(b.t.Attrs, &schema.Check{Name: name, Expr: expr})
	return b
}

func (b *tb) comment(text string) *tb {
	b.t.Attrs = append(b.t.Attrs, &schema.Comment{Text: text})
	return b
}

func (b *tb) fk(symbol string, cols []string, ref *schema.Table, refCols []string, onDelete schema.ReferenceOption) *tb {
	f := &schema.ForeignKey{Symbol: symbol, Table: b.t, RefTable: ref, OnDelete: onDelete}
	for _, c := range cols {
		f.Columns = append(f.Columns, b.column(c))
	}
	for _, c := range refCols {
		rc, ok := ref.Column(c)
		if !ok {
			panic("no column " + c + " in " + ref.Name)
		}
		f.RefColumns = append(f.RefColumns, rc)
	}
	b.t.ForeignKeys = append(b.t.ForeignKeys, f)
	return b
}

func (b *tb) build() *schema.Table { return b.t }

func colOf(t *schema.Table, name string) *schema.Column {
	c, ok := t.Column(name)
	if !ok {
		panic("no column " + name + " in " + t.Name)
	}
	return c
}

func idxOf(t *schema.Table, name string) *schema.Index {
	i, ok := t.Index(name)
	if !ok {
		panic("no index " + name + " in " + t.Name)
	}
	return i
}

func checkOf(t *schema.Table, name string) *schema.Check {
	for _, c := range checksOf(t.Attrs) {
		if c.Name == name {
			return c
		}
	}
	panic("no check " + name + " in " + t.Name)
}

// Changes of a plan.

func addTable(t *schema.Table) *diff.Change {
	return &diff.Change{Op: diff.Wrap(&schema.AddTable{T: t}), To: t}
}

func dropTable(t *schema.Table) *diff.Change {
	return &diff.Change{Op: diff.Wrap(&schema.DropTable{T: t}), From: t}
}

func modify(from, to *schema.Table, changes ...schema.Change) *diff.Change {
	return &diff.Change{Op: diff.Wrap(&schema.ModifyTable{T: to, Changes: changes}), From: from, To: to}
}

func modCol(from, to *schema.Table, name string, k schema.ChangeKind) *schema.ModifyColumn {
	return &schema.ModifyColumn{From: colOf(from, name), To: colOf(to, name), Change: k}
}

// domainType makes a column's type the domain dt (Raw its name).
func domainType(dt *postgres.DomainType) colOpt {
	return func(c *schema.Column) { c.Type.Type = dt; c.Type.Raw = dt.T }
}

// include is an INCLUDE attribute naming columns, resolved by fixInclude
// once the table is built.
func include(cols ...string) *postgres.IndexInclude {
	inc := &postgres.IndexInclude{}
	for _, c := range cols {
		inc.Columns = append(inc.Columns, &schema.Column{Name: c})
	}
	return inc
}

// fixInclude points the INCLUDE columns of t's indexes to t's own.
func fixInclude(t *schema.Table) {
	for _, i := range t.Indexes {
		if inc, ok := attr.Get[*postgres.IndexInclude](i.Attrs); ok {
			for n, c := range inc.Columns {
				inc.Columns[n] = colOf(t, c.Name)
			}
		}
	}
}

// opclass sets the operator class of part n of index name of t.
func opclass(t *schema.Table, name string, n int, class string) {
	p := idxOf(t, name).Parts[n]
	p.Attrs = append(p.Attrs, &postgres.IndexOpClass{Name: class})
}
