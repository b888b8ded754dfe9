package gen

import (
	"fmt"
	"io"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/dburl"
	"github.com/genmigrate/gen/internal/schemajson"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// A Problem is an error or a warning as --format json prints it
// (docs/flags.schema.json, $defs/problem): a model error or warning at its
// position (File, Line, Col, Object), or a warning about the database or
// gen.yaml with only a Message. It is the type the schema's JSON carries
// its warnings in.
type Problem = schemajson.Problem

// Problems returns the model errors or warnings es as Problems, passwords
// redacted; nil for none.
func Problems(es []*model.Error) []Problem {
	var out []Problem
	for _, e := range es {
		p := Problem{Object: e.Object, Message: dburl.Redact(e.Err.Error())}
		if e.Pos.Filename != "" {
			p.File = e.Pos.Filename
			if e.Pos.Line > 0 {
				p.Line = e.Pos.Line
				if e.Pos.Column > 0 {
					p.Col = e.Pos.Column
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// SchemaJSON returns s, from [Project.Models] or [Project.Inspect], as
// `gen models --format json` and `gen inspect --format json` print it:
// stable, indented JSON ending in a newline, whose shape
// docs/flags.schema.json documents ($defs/schema), with the warnings
// (the models' warnings, or the database's INVALID indexes) under
// "warnings", left out when there are none.
func SchemaJSON(s *schema.Schema, warnings []Problem) ([]byte, error) {
	return schemajson.MarshalWarnings(s, warnings)
}

// WriteSchemaSQL writes to w the SQL that creates s in the project's
// dialect, as `gen models` and `gen inspect` print it: a table at a time,
// each after a comment saying where the models declare it (the Go type,
// its file:line:col) and how gen found that the struct is a table, when s
// comes from the models.
func (p *Project) WriteSchemaSQL(w io.Writer, s *schema.Schema) error {
	plan, err := diff.Compare(&schema.Schema{Name: s.Name}, s, diff.Options{Dialect: p.Dialect()})
	if err != nil {
		return err
	}
	for i, c := range plan.Changes {
		script, err := render.Render(&diff.Plan{Dialect: plan.Dialect, Changes: []*diff.Change{c}})
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if c.To != nil {
			if pos, ok := c.To.Pos(); ok {
				where := fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Start.Line, pos.Start.Column)
				if g, ok := attr.Get[*attr.GoName](c.To.Attrs); ok {
					where = g.Type + " (" + where + ")"
				}
				if f, ok := attr.Get[*attr.FoundBy](c.To.Attrs); ok && f.How != "" {
					where += ": " + f.How
				}
				if _, err := fmt.Fprintf(w, "-- %s\n", where); err != nil {
					return err
				}
			}
		}
		for _, st := range script.Stmts {
			for _, c := range st.Comments {
				if _, err := fmt.Fprintf(w, "-- %s\n", c); err != nil {
					return err
				}
			}
			if _, err := fmt.Fprintf(w, "%s;\n", st.SQL); err != nil {
				return err
			}
		}
	}
	return nil
}
