package diff

import (
	"fmt"
	"strings"

	"ariga.io/atlas/sql/postgres"
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
	if a, ok := c.Op.(*AlterTable); ok {
		lines := make([]Line, 0, len(a.Ops))
		for _, sub := range a.Ops {
			pos := opPos(sub)
			if pos == nil {
				pos = tablePos
			}
			lines = append(lines, Line{a.T.Name + ": " + sub.summary(a.T.Name), pos})
		}
		return lines
	}
	pos := tablePos
	if a, ok := c.Op.(*Atlas); ok {
		if _, drop := a.Change.(*schema.DropTable); drop {
			pos = nil
		}
	}
	return []Line{{c.Op.summary(""), pos}}
}

// opPos returns where the models declare what an operation is about.
func opPos(o Op) *schema.Pos {
	switch o := o.(type) {
	case *Atlas:
		return subPos(o.Change)
	case *NotValid:
		return subPos(o.Add)
	case *Concurrently:
		return subPos(o.C)
	case *AttachUnique:
		return posOf(o.I.Attrs)
	case *EnforceNotNull:
		return posOf(o.To.Attrs)
	case *Backfill:
		return posOf(o.C.Attrs)
	}
	return nil
}

func (o *Atlas) summary(t string) string {
	switch op := o.Change.(type) {
	case *schema.AddTable:
		return "add table " + op.T.Name
	case *schema.DropTable:
		return "drop table " + op.T.Name
	case *schema.RenameTable:
		return fmt.Sprintf("rename table %s to %s", op.From.Name, op.To.Name)
	case *schema.AddObject:
		if e, ok := op.O.(*schema.EnumType); ok {
			return fmt.Sprintf("add enum type %s (%s)", e.T, strings.Join(e.Values, ", "))
		}
	case *schema.DropObject:
		if e, ok := op.O.(*schema.EnumType); ok {
			return "drop enum type " + e.T
		}
	case *schema.ModifyObject:
		if e, ok := op.To.(*schema.EnumType); ok {
			return fmt.Sprintf("change enum type %s to (%s)", e.T, strings.Join(e.Values, ", "))
		}
	}
	return subSummary(o.Change)
}

func (o *AlterTable) summary(string) string { return "alter table " + o.T.Name }

func (o *NotValid) summary(string) string {
	return subSummary(o.Add) + " NOT VALID (the rows are validated in a later step)"
}

func (o *Validate) summary(string) string {
	return fmt.Sprintf("validate %s %s", o.What, o.Name)
}

func (o *Concurrently) summary(string) string { return subSummary(o.C) + " concurrently" }

func (o *AttachUnique) summary(string) string {
	return fmt.Sprintf("attach unique index %s as unique constraint %s", o.I.Name, o.I.Name)
}

func (o *EnforceNotNull) summary(string) string {
	return fmt.Sprintf("enforce not null on column %s (through a validated CHECK)", o.To.Name)
}

func (o *Backfill) summary(string) string {
	return fmt.Sprintf("backfill column %s (an UPDATE for you to write)", o.C.Name)
}

func (o *Manual) summary(string) string { return "manual step: " + o.What }

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
		if inc := includeKey(sc.I); inc != "" {
			s += " include (" + inc + ")"
		}
		if nullsNotDistinct(sc.I) {
			s += " nulls not distinct"
		}
		if st, ok := attr.Get[*attr.IndexStorage](sc.I.Attrs); ok {
			s += " with (" + strings.Join(st.Params, ", ") + ")"
		}
		return s + deferrableText(sc.I.Attrs)
	case *schema.DropIndex:
		return fmt.Sprintf("drop %s %s", indexKind(sc.I), sc.I.Name)
	case *schema.AddPrimaryKey:
		return fmt.Sprintf("add primary key (%s)", strings.Join(partKeysShort(sc.P), ", "))
	case *schema.DropPrimaryKey:
		return "drop primary key"
	case *schema.AddForeignKey:
		return fmt.Sprintf("add foreign key %s (%s) → %s (%s)", sc.F.Symbol, columnNames(sc.F.Columns), sc.F.RefTable.Name, columnNames(sc.F.RefColumns)) +
			deferrableText(sc.F.Attrs)
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
		if oc, ok := attr.Get[*postgres.IndexOpClass](p.Attrs); ok {
			s += " " + oc.Name
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

// deferrableText is " deferrable" or " deferrable initially deferred"
// for a constraint that is, "" for one that is not.
func deferrableText(attrs []schema.Attr) string {
	switch deferrableKey(attrs) {
	case "deferrable":
		return " deferrable"
	case "deferred":
		return " deferrable initially deferred"
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
