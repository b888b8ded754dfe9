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
	exact    map[string]*schema.Table // when names are case-sensitive
	caseless map[string]*schema.Table // by foldKey, when they are not
}

// tableSet returns the set of s's table names.
func (p *Project) tableSet(s *schema.Schema) tableSet {
	var ts tableSet
	if p.caseless() {
		ts.caseless = make(map[string]*schema.Table, len(s.Tables))
	} else {
		ts.exact = make(map[string]*schema.Table, len(s.Tables))
	}
	for _, t := range s.Tables {
		m, k := ts.exact, t.Name
		if ts.caseless != nil {
			m, k = ts.caseless, foldKey(t.Name)
		}
		if m[k] == nil {
			m[k] = t
		}
	}
	return ts
}

// get is p.table(s, name): the first table of that name as the dialect
// compares names, nil when none.
func (ts tableSet) get(name string) *schema.Table {
	if ts.caseless != nil {
		return ts.caseless[foldKey(name)]
	}
	return ts.exact[name]
}

// has is p.table(s, name) != nil.
func (ts tableSet) has(name string) bool { return ts.get(name) != nil }

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
