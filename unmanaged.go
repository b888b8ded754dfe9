package gen

import (
	"fmt"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// An Unmanaged is an object of the live database gen leaves alone (DESIGN.md,
// "Ownership"), as gen diff and gen check list it: neither compared, nor
// changed, nor dropped.
type Unmanaged struct {
	// Kind is "table", "index", "foreign key", "check", "comment",
	// "view", "materialized view" or "rule".
	Kind string `json:"kind"`
	// Object names it: table, table.object, or the view.
	Object string `json:"object"`
	// Why says what makes it unmanaged.
	Why string `json:"why"`
}

func (u Unmanaged) String() string { return fmt.Sprintf("%s %s: %s", u.Kind, u.Object, u.Why) }

// unmanaged lists what gen leaves alone in current (scoped, before keep:
// takes objects out): the tables left out, the objects keep: names, the
// objects of kinds a managed table's tag dialect cannot declare, and the
// views and rules over the tables.
func (p *Project) unmanaged(current, desired *schema.Schema, excluded []Exclusion) []Unmanaged {
	var out []Unmanaged
	for _, e := range excluded {
		why := "gen.yaml exclude: " + e.Entry
		if e.Tool != "" {
			why = e.Tool + "'s version table"
		}
		out = append(out, Unmanaged{Kind: "table", Object: e.Table, Why: why})
	}
	kept := make(map[string]bool)
	for _, k := range p.cfg.Keep {
		kept[k] = true
	}
	declared := p.tableSet(desired)
	for _, t := range current.Tables {
		var u *attr.Undeclarable
		if d := declared.get(t.Name); d != nil {
			u, _ = attr.Get[*attr.Undeclarable](d.Attrs)
		}
		for _, i := range t.Indexes {
			if attr.Has[*attr.UniqueConstraint](i.Attrs) || t.PrimaryKey != nil && t.PrimaryKey.Name == i.Name {
				continue
			}
			switch {
			case kept[t.Name+"."+i.Name]:
				out = append(out, Unmanaged{Kind: "index", Object: t.Name + "." + i.Name, Why: "gen.yaml keep:"})
			case u != nil && u.Indexes:
				out = append(out, Unmanaged{Kind: "index", Object: t.Name + "." + i.Name, Why: "the model's tags cannot declare indexes"})
			}
		}
		for _, fk := range t.ForeignKeys {
			switch {
			case kept[t.Name+"."+fk.Symbol]:
				out = append(out, Unmanaged{Kind: "foreign key", Object: t.Name + "." + fk.Symbol, Why: "gen.yaml keep:"})
			case u != nil && u.ForeignKeys:
				out = append(out, Unmanaged{Kind: "foreign key", Object: t.Name + "." + fk.Symbol, Why: "the model's tags cannot declare foreign keys"})
			}
		}
		for _, a := range t.Attrs {
			c, ok := a.(*schema.Check)
			if !ok {
				continue
			}
			switch {
			case kept[t.Name+"."+c.Name]:
				out = append(out, Unmanaged{Kind: "check", Object: t.Name + "." + c.Name, Why: "gen.yaml keep:"})
			case u != nil && u.Checks:
				out = append(out, Unmanaged{Kind: "check", Object: t.Name + "." + c.Name, Why: "the model's tags cannot declare CHECKs"})
			}
		}
	}
	if ds, ok := attr.Get[*attr.Dependents](current.Attrs); ok {
		for _, d := range ds.List {
			var reads []string
			for _, r := range d.Reads {
				if r.Column == "" {
					reads = append(reads, r.Table)
				} else {
					reads = append(reads, r.Table+"."+r.Column)
				}
			}
			why := "gen does not manage " + d.Kind + "s"
			if len(reads) > 0 {
				why += "; it reads " + strings.Join(reads, ", ")
			}
			out = append(out, Unmanaged{Kind: d.Kind, Object: d.Name, Why: why})
		}
	}
	return out
}
