package diff

import (
	"fmt"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// A Line is one atomic change as a person reads it ("users: add column
// timezone (text, null)"), with where the models declare what it is about
// (nil for what the models no longer declare).
type Line struct {
	Text string
	Pos  *schema.Pos
}

// Lines describes the change, one line per atomic change.
func (c *Change) Lines() []Line {
	var tablePos *schema.Pos
	if c.To != nil {
		tablePos = posOf(c.To.Attrs)
	}
	switch op := c.Op.(type) {
	case *schema.AddTable:
		return []Line{{"add table " + op.T.Name, tablePos}}
	case *schema.DropTable:
		return []Line{{"drop table " + op.T.Name, nil}}
	case *schema.RenameTable:
		return []Line{{fmt.Sprintf("rename table %s to %s", op.From.Name, op.To.Name), tablePos}}
	case *schema.AddObject:
		if e, ok := op.O.(*schema.EnumType); ok {
			return []Line{{fmt.Sprintf("add enum type %s (%s)", e.T, strings.Join(e.Values, ", ")), nil}}
		}
	case *schema.DropObject:
		if e, ok := op.O.(*schema.EnumType); ok {
			return []Line{{"drop enum type " + e.T, nil}}
		}
	case *schema.ModifyObject:
		if e, ok := op.To.(*schema.EnumType); ok {
			return []Line{{fmt.Sprintf("change enum type %s to (%s)", e.T, strings.Join(e.Values, ", ")), nil}}
		}
	case *schema.ModifyTable:
		lines := make([]Line, 0, len(op.Changes))
		for _, sc := range op.Changes {
			pos := subPos(sc)
			if pos == nil {
				pos = tablePos
			}
			lines = append(lines, Line{op.T.Name + ": " + subSummary(sc), pos})
		}
		return lines
	}
	return []Line{{fmt.Sprintf("%T", c.Op), nil}}
}

// Summary returns the text of the change's lines.
func (c *Change) Summary() []string {
	var s []string
	for _, l := range c.Lines() {
		s = append(s, l.Text)
	}
	return s
}

// subPos returns where the models declare the object of a table sub-change.
func subPos(sc schema.Change) *schema.Pos {
	switch sc := sc.(type) {
	case *schema.AddColumn:
		return posOf(sc.C.Attrs)
	case *schema.ModifyColumn:
		return posOf(sc.To.Attrs)
	case *schema.RenameColumn:
		return posOf(sc.To.Attrs)
	case *schema.AddIndex:
		return posOf(sc.I.Attrs)
	}
	return nil
}

func posOf(attrs []schema.Attr) *schema.Pos {
	p, _ := attr.Get[*schema.Pos](attrs)
	return p
}

// Summary returns the lines of every change, in plan order.
func (p *Plan) Summary() []string {
	var lines []string
	for _, c := range p.Changes {
		lines = append(lines, c.Summary()...)
	}
	return lines
}

func subSummary(sc schema.Change) string {
	switch sc := sc.(type) {
	case *schema.AddColumn:
		return fmt.Sprintf("add column %s (%s)", sc.C.Name, columnShape(sc.C))
	case *schema.DropColumn:
		return "drop column " + sc.C.Name
	case *schema.RenameColumn:
		return fmt.Sprintf("rename column %s to %s", sc.From.Name, sc.To.Name)
	case *schema.ModifyColumn:
		var what []string
		if sc.Change.Is(schema.ChangeType) {
			if ft, tt := typeText(sc.From), typeText(sc.To); ft != tt {
				what = append(what, fmt.Sprintf("type %s → %s", ft, tt))
			}
			if fi, ti := identityOf(sc.From), identityOf(sc.To); fi != ti {
				what = append(what, fmt.Sprintf("identity %s → %s", orNone(fi), orNone(ti)))
			}
		}
		if sc.Change.Is(schema.ChangeNull) {
			what = append(what, fmt.Sprintf("%s → %s", nullText(sc.From), nullText(sc.To)))
		}
		if sc.Change.Is(schema.ChangeDefault) {
			what = append(what, fmt.Sprintf("default %s → %s", defaultText(sc.From), defaultText(sc.To)))
		}
		if sc.Change.Is(schema.ChangeComment) {
			what = append(what, "comment")
		}
		if sc.Change.Is(schema.ChangeGenerated) {
			what = append(what, "generated expression")
		}
		return fmt.Sprintf("modify column %s: %s", sc.To.Name, strings.Join(what, ", "))
	case *schema.AddIndex:
		s := fmt.Sprintf("add %s %s (%s)", indexKind(sc.I), sc.I.Name, strings.Join(partKeysShort(sc.I), ", "))
		if st, ok := attr.Get[*attr.IndexStorage](sc.I.Attrs); ok {
			s += " with (" + strings.Join(st.Params, ", ") + ")"
		}
		return s
	case *schema.DropIndex:
		return fmt.Sprintf("drop %s %s", indexKind(sc.I), sc.I.Name)
	case *schema.AddPrimaryKey:
		return fmt.Sprintf("add primary key (%s)", strings.Join(partKeysShort(sc.P), ", "))
	case *schema.DropPrimaryKey:
		return "drop primary key"
	case *schema.AddForeignKey:
		return fmt.Sprintf("add foreign key %s (%s) → %s (%s)", sc.F.Symbol, columnNames(sc.F.Columns), sc.F.RefTable.Name, columnNames(sc.F.RefColumns))
	case *schema.DropForeignKey:
		return "drop foreign key " + sc.F.Symbol
	case *schema.AddCheck:
		return fmt.Sprintf("add check %s (%s)", sc.C.Name, sc.C.Expr)
	case *schema.DropCheck:
		return "drop check " + sc.C.Name
	case *schema.AddAttr, *schema.ModifyAttr, *schema.DropAttr:
		return "change table comment"
	}
	return fmt.Sprintf("%T", sc)
}

func indexKind(i *schema.Index) string {
	switch {
	case attr.Has[*attr.UniqueConstraint](i.Attrs):
		return "unique constraint"
	case i.Unique:
		return "unique index"
	}
	return "index"
}

func partKeysShort(i *schema.Index) []string {
	var ps []string
	for _, p := range i.Parts {
		s := exprText(p.X)
		if p.C != nil {
			s = p.C.Name
		}
		if c, ok := attr.Get[*attr.IndexCollation](p.Attrs); ok {
			s += " collate " + c.Name
		}
		if p.Desc {
			s += " desc"
		}
		ps = append(ps, s)
	}
	return ps
}

func columnShape(c *schema.Column) string {
	s := typeText(c) + ", " + nullText(c)
	if d := exprText(c.Default); d != "" {
		s += ", default " + d
	}
	return s
}

func typeText(c *schema.Column) string {
	if c.Type == nil {
		return "?"
	}
	return c.Type.Raw
}

func nullText(c *schema.Column) string {
	if c.Type != nil && c.Type.Null {
		return "null"
	}
	return "not null"
}

func defaultText(c *schema.Column) string {
	if d := exprText(c.Default); d != "" {
		return d
	}
	return "none"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
