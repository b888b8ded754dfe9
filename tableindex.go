package gen

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"ariga.io/atlas/sql/schema"
)

// A tableSet answers Project.table's question (does a schema have a table
// of that name, as the dialect compares names) in constant time: scope
// asks it for every table of the database, which made it quadratic in
// the number of tables.
type tableSet struct {
	exact    map[string]bool
	caseless map[string]bool // by foldKey; nil when names are case-sensitive
}

// tableSet returns the set of s's table names.
func (p *Project) tableSet(s *schema.Schema) tableSet {
	ts := tableSet{exact: make(map[string]bool, len(s.Tables))}
	if p.caseless() {
		ts.caseless = make(map[string]bool, len(s.Tables))
	}
	for _, t := range s.Tables {
		ts.exact[t.Name] = true
		if ts.caseless != nil {
			ts.caseless[foldKey(t.Name)] = true
		}
	}
	return ts
}

// has is p.table(s, name) != nil.
func (ts tableSet) has(name string) bool {
	return ts.exact[name] || ts.caseless != nil && ts.caseless[foldKey(name)]
}

// foldKey maps the strings strings.EqualFold holds equal to one key:
// each rune becomes the smallest rune of its simple case-folding orbit
// (for ASCII, the upper-case letter).
func foldKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}
