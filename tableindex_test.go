package gen

import (
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
)

// TestTableSetIsTable: tableSet.get finds the table Project.table finds
// (and has answers accordingly), with
// case-sensitive names (PostgreSQL) and caseless ones (SQLite), Unicode
// case folding included (the Kelvin sign folds to k, the long s to s).
func TestTableSetIsTable(t *testing.T) {
	names := []string{"users", "Users", "USERS", "orders", "Straße", "STRASSE", "straße", "kelvin", "\u212Aelvin", "ſession", "Session", "ǅ", "ǆ", "Ǆ", "σ", "ς", "Σ", "", "a_b"}
	for _, dbURL := range []string{"postgres://localhost/x", "sqlite:x.db"} {
		p, err := New(Config{DB: dbURL})
		if err != nil {
			t.Fatal(err)
		}
		for _, declared := range [][]string{{"users", "Straße", "kelvin", "Session", "ǅ", "ς"}, {"ORDERS", "a_b"}, {"Users", "users"}, nil} {
			s := &schema.Schema{}
			for _, n := range declared {
				s.Tables = append(s.Tables, &schema.Table{Name: n})
			}
			set := p.tableSet(s)
			for _, n := range names {
				if got, want := set.has(n), p.table(s, n) != nil; got != want {
					t.Errorf("%s, tables %s: has(%q) = %v, Project.table finds it: %v", p.Dialect(), strings.Join(declared, ","), n, got, want)
				}
				if got, want := set.get(n), p.table(s, n); got != want {
					t.Errorf("%s, tables %s: get(%q) = %v, Project.table: %v", p.Dialect(), strings.Join(declared, ","), n, got, want)
				}
			}
		}
	}
}
