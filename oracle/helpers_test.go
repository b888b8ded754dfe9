package oracle

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"

	"github.com/genmigrate/gen"
	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/testdb"
)

// pgSchema is a PostgreSQL schema of the test's own: gen's testdb.PG.
// internal/testdb is importable here because the oracle's import path is
// inside gen's tree, as gopls imports golang.org/x/tools/internal.
type pgSchema = testdb.PG

// newPostgres creates a uniquely named schema for t on the server named by
// GEN_TEST_POSTGRES_URL and drops it when t ends; it skips t when the
// variable is unset.
func newPostgres(t *testing.T) *pgSchema { return testdb.Postgres(t) }

// oracleDir is the oracle module's directory: the tests run in it, and gen
// loads the model packages relative to it.
func oracleDir(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// newProject returns gen pointed at db and the model package pattern, with
// an empty migrations directory of its own.
func newProject(t *testing.T, db, models string) *gen.Project {
	t.Helper()
	work := t.TempDir()
	if _, err := gen.Init(work, "migrations", "gen.yaml"); err != nil {
		t.Fatalf("gen.Init: %v", err)
	}
	p, err := gen.New(gen.Config{
		DB:      db,
		Models:  []string{models},
		Dir:     filepath.Join(work, "migrations"),
		WorkDir: oracleDir(t),
	})
	if err != nil {
		t.Fatalf("gen.New: %v", err)
	}
	return p
}

// lineDiff returns every line of a and b in order, those only in a marked
// "-", those only in b "+", the common ones " " (a longest common
// subsequence: the dumps are a few dozen lines).
func lineDiff(a, b []string) []string {
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, "  "+a[i])
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "- "+a[i])
			i++
		default:
			out = append(out, "+ "+b[j])
			j++
		}
	}
	return out
}

func findTable(s *schema.Schema, name string) *schema.Table {
	if s == nil {
		return nil
	}
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// dumpSchema describes every table of s, sorted by name, as dumpTable
// does, each line starting with its table's name.
func dumpSchema(s *schema.Schema) []string {
	tables := slices.Clone(s.Tables)
	slices.SortFunc(tables, func(a, b *schema.Table) int { return strings.Compare(a.Name, b.Name) })
	var lines []string
	for _, t := range tables {
		for i, l := range dumpTable(t) {
			if i > 0 {
				l = t.Name + ":" + l
			}
			lines = append(lines, l)
		}
	}
	return lines
}

// dumpTable describes a table of gen's schema model one fact a line, in
// a stable order, so that two views of it compare line by line. A nil table
// is one line saying it is absent.
func dumpTable(t *schema.Table) []string {
	if t == nil {
		return []string{"(no such table)"}
	}
	lines := []string{"table " + t.Name}
	if c, ok := attr.Get[*schema.Comment](t.Attrs); ok {
		lines = append(lines, fmt.Sprintf("  comment %q", c.Text))
	}
	for _, c := range t.Columns {
		lines = append(lines, "  "+dumpColumn(c))
	}
	if pk := t.PrimaryKey; pk != nil {
		lines = append(lines, fmt.Sprintf("  primary key (%s)", dumpParts(pk)))
	}
	idx := slices.Clone(t.Indexes)
	slices.SortFunc(idx, func(a, b *schema.Index) int { return strings.Compare(a.Name, b.Name) })
	for _, i := range idx {
		s := "  "
		switch {
		case attr.Has[*attr.UniqueConstraint](i.Attrs):
			s += "unique constraint "
		case i.Unique:
			s += "unique index "
		default:
			s += "index "
		}
		s += fmt.Sprintf("%s (%s)", i.Name, dumpParts(i))
		if m, ok := attr.Get[*attr.IndexMethod](i.Attrs); ok {
			s += " using " + m.T
		}
		if p, ok := attr.Get[*attr.IndexPredicate](i.Attrs); ok {
			s += " where " + p.P
		}
		lines = append(lines, s)
	}
	fks := slices.Clone(t.ForeignKeys)
	slices.SortFunc(fks, func(a, b *schema.ForeignKey) int { return strings.Compare(a.Symbol, b.Symbol) })
	for _, fk := range fks {
		ref := "?"
		if fk.RefTable != nil {
			ref = fk.RefTable.Name
		}
		s := fmt.Sprintf("  foreign key %s (%s) references %s (%s)", fk.Symbol, columnNames(fk.Columns), ref, columnNames(fk.RefColumns))
		if fk.OnUpdate != "" {
			s += " on update " + string(fk.OnUpdate)
		}
		if fk.OnDelete != "" {
			s += " on delete " + string(fk.OnDelete)
		}
		lines = append(lines, s)
	}
	var checks []string
	for _, a := range t.Attrs {
		if c, ok := a.(*schema.Check); ok {
			checks = append(checks, fmt.Sprintf("  check %s: %s", c.Name, c.Expr))
		}
	}
	slices.Sort(checks)
	lines = append(lines, checks...)
	if u, ok := attr.Get[*attr.Undeclarable](t.Attrs); ok {
		lines = append(lines, fmt.Sprintf("  (undeclarable: indexes %t, foreign keys %t)", u.Indexes, u.ForeignKeys))
	}
	return lines
}

func dumpColumn(c *schema.Column) string {
	s := "column " + c.Name
	if c.Type != nil {
		s += " " + c.Type.Raw
		if c.Type.Null {
			s += " null"
		} else {
			s += " not null"
		}
	}
	switch d := c.Default.(type) {
	case *schema.Literal:
		s += " default " + d.V
	case *schema.RawExpr:
		s += " default " + d.X
	case nil:
	default:
		s += fmt.Sprintf(" default %v", d)
	}
	for _, a := range c.Attrs {
		switch a := a.(type) {
		case *schema.Comment:
			s += fmt.Sprintf(" comment %q", a.Text)
		case *schema.GeneratedExpr:
			s += fmt.Sprintf(" generated %s (%s)", a.Type, a.Expr)
		case *postgres.Identity:
			s += " identity " + a.Generation
		case *sqlite.AutoIncrement:
			s += " autoincrement"
		case *attr.Unmanaged:
			s += " (unmanaged)"
		}
	}
	return s
}

func dumpParts(i *schema.Index) string {
	parts := make([]string, len(i.Parts))
	for n, p := range i.Parts {
		switch {
		case p.C != nil:
			parts[n] = p.C.Name
		case p.X != nil:
			if x, ok := p.X.(*schema.RawExpr); ok {
				parts[n] = x.X
			} else {
				parts[n] = fmt.Sprint(p.X)
			}
		}
		if p.Desc {
			parts[n] += " desc"
		}
	}
	return strings.Join(parts, ", ")
}

func columnNames(cs []*schema.Column) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}
