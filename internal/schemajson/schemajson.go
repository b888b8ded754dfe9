package schemajson

import (
	"bytes"
	"encoding/json"
	"fmt"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"

	"github.com/genmigrate/gen/attr"
)

type (
	doc struct {
		Schema string  `json:"schema,omitempty"`
		Tables []table `json:"tables"`
		Enums  []enum  `json:"enums,omitempty"`
		// Warnings come with the schema: gen models' model warnings,
		// gen inspect's INVALID indexes.
		Warnings []Problem `json:"warnings,omitempty"`
	}
	table struct {
		Name        string `json:"name"`
		Pos         string `json:"pos,omitempty"`
		Go          string `json:"go,omitempty"`
		Comment     string `json:"comment,omitempty"`
		RenamedFrom string `json:"renamed_from,omitempty"`
		// Undeclarable lists what the table's ORM cannot declare
		// ("indexes", "foreign_keys"), which diff leaves alone.
		Undeclarable []string     `json:"undeclarable,omitempty"`
		Columns      []column     `json:"columns"`
		PrimaryKey   *primaryKey  `json:"primary_key,omitempty"`
		Indexes      []index      `json:"indexes,omitempty"`
		ForeignKeys  []foreignKey `json:"foreign_keys,omitempty"`
		Checks       []check      `json:"checks,omitempty"`
	}
	column struct {
		Name          string     `json:"name"`
		Type          string     `json:"type"`
		Null          bool       `json:"null"`
		Default       string     `json:"default,omitempty"`
		AutoIncrement bool       `json:"auto_increment,omitempty"`
		Identity      string     `json:"identity,omitempty"`
		Generated     *generated `json:"generated,omitempty"`
		Comment       string     `json:"comment,omitempty"`
		Unmanaged     bool       `json:"unmanaged,omitempty"`
		RenamedFrom   string     `json:"renamed_from,omitempty"`
		Pos           string     `json:"pos,omitempty"`
		Go            string     `json:"go,omitempty"`
	}
	generated struct {
		Expr string `json:"expr"`
		Type string `json:"type,omitempty"`
	}
	primaryKey struct {
		Name    string   `json:"name,omitempty"`
		Columns []string `json:"columns"`
	}
	index struct {
		Name       string   `json:"name"`
		Unique     bool     `json:"unique"`
		Constraint bool     `json:"constraint,omitempty"`
		Parts      []part   `json:"parts"`
		Where      string   `json:"where,omitempty"`
		Method     string   `json:"method,omitempty"`
		With       []string `json:"with,omitempty"`
		// Include, NullsNotDistinct and Deferrable: PostgreSQL's
		// INCLUDE (…), NULLS NOT DISTINCT and DEFERRABLE ("deferrable",
		// or "deferred" for INITIALLY DEFERRED).
		Include          []string `json:"include,omitempty"`
		NullsNotDistinct bool     `json:"nulls_not_distinct,omitempty"`
		Deferrable       string   `json:"deferrable,omitempty"`
		// Invalid is set for an index PostgreSQL holds as INVALID.
		Invalid bool   `json:"invalid,omitempty"`
		Pos     string `json:"pos,omitempty"`
	}
	part struct {
		Column  string `json:"column,omitempty"`
		Expr    string `json:"expr,omitempty"`
		Desc    bool   `json:"desc,omitempty"`
		Collate string `json:"collate,omitempty"`
		OpClass string `json:"opclass,omitempty"`
	}
	foreignKey struct {
		Name       string   `json:"name"`
		Columns    []string `json:"columns"`
		RefTable   string   `json:"ref_table"`
		RefColumns []string `json:"ref_columns"`
		OnUpdate   string   `json:"on_update,omitempty"`
		OnDelete   string   `json:"on_delete,omitempty"`
		Deferrable string   `json:"deferrable,omitempty"`
		Pos        string   `json:"pos,omitempty"`
		Go         string   `json:"go,omitempty"`
	}
	check struct {
		Name string `json:"name,omitempty"`
		Expr string `json:"expr"`
		Pos  string `json:"pos,omitempty"`
	}
	enum struct {
		Name   string   `json:"name"`
		Values []string `json:"values"`
	}
)

// A Problem is a warning printed with the schema: a model warning at its
// position, or a warning about the database with only a message.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Object  string `json:"object,omitempty"`
	Message string `json:"message"`
}

// Marshal returns the JSON form of s, indented by two spaces and ending in
// a newline. The same schema always gives the same bytes.
func Marshal(s *schema.Schema) ([]byte, error) {
	return MarshalWarnings(s, nil)
}

// MarshalWarnings is Marshal with warnings after the schema, under
// "warnings"; left out when there are none.
func MarshalWarnings(s *schema.Schema, warnings []Problem) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("schemajson: nil schema")
	}
	d := doc{Schema: s.Name, Tables: []table{}}
	if len(warnings) > 0 {
		d.Warnings = warnings
	}
	for _, t := range s.Tables {
		d.Tables = append(d.Tables, tableOf(t))
	}
	for _, o := range s.Objects {
		if e, ok := o.(*schema.EnumType); ok {
			d.Enums = append(d.Enums, enum{Name: e.T, Values: append([]string{}, e.Values...)})
		}
	}
	// SQL is full of < and >: keep them readable rather than \u003c.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("schemajson: encoding schema: %w", err)
	}
	return b.Bytes(), nil
}

func tableOf(t *schema.Table) table {
	out := table{Name: t.Name, Columns: []column{}}
	for _, a := range t.Attrs {
		switch a := a.(type) {
		case *schema.Pos:
			out.Pos = posString(a)
		case *attr.GoName:
			out.Go = goName(a)
		case *schema.Comment:
			out.Comment = a.Text
		case *attr.RenamedFrom:
			out.RenamedFrom = a.Name
		case *attr.Undeclarable:
			if a.Indexes {
				out.Undeclarable = append(out.Undeclarable, "indexes")
			}
			if a.ForeignKeys {
				out.Undeclarable = append(out.Undeclarable, "foreign_keys")
			}
			if a.Checks {
				out.Undeclarable = append(out.Undeclarable, "checks")
			}
			if a.Comments {
				out.Undeclarable = append(out.Undeclarable, "comments")
			}
		case *schema.Check:
			c := check{Name: a.Name, Expr: a.Expr}
			if p, ok := attr.Get[*schema.Pos](a.Attrs); ok {
				c.Pos = posString(p)
			}
			out.Checks = append(out.Checks, c)
		}
	}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, columnOf(c))
	}
	if pk := t.PrimaryKey; pk != nil {
		p := &primaryKey{Name: pk.Name, Columns: []string{}}
		for _, part := range pk.Parts {
			if part.C != nil {
				p.Columns = append(p.Columns, part.C.Name)
			}
		}
		out.PrimaryKey = p
	}
	for _, idx := range t.Indexes {
		out.Indexes = append(out.Indexes, indexOf(idx))
	}
	for _, fk := range t.ForeignKeys {
		f := foreignKey{Name: fk.Symbol, Columns: []string{}, RefColumns: []string{},
			OnUpdate: string(fk.OnUpdate), OnDelete: string(fk.OnDelete)}
		for _, c := range fk.Columns {
			f.Columns = append(f.Columns, c.Name)
		}
		if fk.RefTable != nil {
			f.RefTable = fk.RefTable.Name
		}
		for _, c := range fk.RefColumns {
			f.RefColumns = append(f.RefColumns, c.Name)
		}
		if d, ok := attr.Get[*attr.Deferrable](fk.Attrs); ok {
			f.Deferrable = deferrable(d)
		}
		for _, a := range fk.Attrs {
			switch a := a.(type) {
			case *schema.Pos:
				f.Pos = posString(a)
			case *attr.GoName:
				f.Go = goName(a)
			}
		}
		out.ForeignKeys = append(out.ForeignKeys, f)
	}
	return out
}

func columnOf(c *schema.Column) column {
	out := column{Name: c.Name}
	if c.Type != nil {
		out.Type = c.Type.Raw
		out.Null = c.Type.Null
		if _, ok := c.Type.Type.(*postgres.SerialType); ok {
			out.AutoIncrement = true
		}
		if out.Type == "" && c.Type.Type != nil {
			out.Type = fmt.Sprintf("%T", c.Type.Type)
		}
	}
	out.Default = exprText(c.Default)
	for _, a := range c.Attrs {
		switch a := a.(type) {
		case *schema.Pos:
			out.Pos = posString(a)
		case *attr.GoName:
			out.Go = goName(a)
		case *schema.Comment:
			out.Comment = a.Text
		case *sqlite.AutoIncrement:
			out.AutoIncrement = true
		case *postgres.Identity:
			out.Identity = a.Generation
			if out.Identity == "" {
				out.Identity = "BY DEFAULT"
			}
		case *schema.GeneratedExpr:
			out.Generated = &generated{Expr: a.Expr, Type: a.Type}
		case *attr.Unmanaged:
			out.Unmanaged = true
		case *attr.RenamedFrom:
			out.RenamedFrom = a.Name
		}
	}
	return out
}

func indexOf(idx *schema.Index) index {
	out := index{Name: idx.Name, Unique: idx.Unique, Parts: []part{}}
	for _, a := range idx.Attrs {
		switch a := a.(type) {
		case *attr.UniqueConstraint:
			out.Constraint = true
		case *attr.IndexPredicate:
			out.Where = a.P
		case *attr.IndexMethod:
			out.Method = a.T
		case *attr.IndexStorage:
			out.With = a.Params
		case *attr.InvalidIndex:
			out.Invalid = true
		case *postgres.IndexInclude:
			for _, c := range a.Columns {
				out.Include = append(out.Include, c.Name)
			}
		case *postgres.IndexNullsDistinct:
			out.NullsNotDistinct = !a.V
		case *attr.Deferrable:
			out.Deferrable = deferrable(a)
		case *schema.Pos:
			out.Pos = posString(a)
		}
	}
	for _, p := range idx.Parts {
		var q part
		if p.C != nil {
			q.Column = p.C.Name
		} else {
			q.Expr = exprText(p.X)
		}
		q.Desc = p.Desc
		if c, ok := attr.Get[*attr.IndexCollation](p.Attrs); ok {
			q.Collate = c.Name
		}
		if oc, ok := attr.Get[*postgres.IndexOpClass](p.Attrs); ok {
			q.OpClass = oc.Name
		}
		out.Parts = append(out.Parts, q)
	}
	return out
}

// deferrable is "deferrable", or "deferred" when INITIALLY DEFERRED.
func deferrable(d *attr.Deferrable) string {
	if d.InitiallyDeferred {
		return "deferred"
	}
	return "deferrable"
}

// exprText is the SQL text of an expression, "" for none.
func exprText(e schema.Expr) string {
	switch e := e.(type) {
	case nil:
		return ""
	case *schema.Literal:
		return e.V
	case *schema.RawExpr:
		return e.X
	}
	return fmt.Sprint(e)
}

func posString(p *schema.Pos) string {
	if p == nil || p.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Start.Line, p.Start.Column)
}

func goName(g *attr.GoName) string {
	if g.Field == "" {
		return g.Type
	}
	return g.Type + "." + g.Field
}
