package diff

import (
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// PostgreSQL facts of indexes, constraints and columns that real
// databases hold and the comparison must see (docs/ARCHITECTURE.md):
// INCLUDE columns, operator classes, NULLS NOT DISTINCT, DEFERRABLE,
// domain types, and function names qualified by a schema of the
// search_path.

// includeKey describes an index's INCLUDE columns for comparison: their
// names in order, "" for none.
func includeKey(i *schema.Index) string {
	inc, ok := attr.Get[*postgres.IndexInclude](i.Attrs)
	if !ok {
		return ""
	}
	return columnNames(inc.Columns)
}

// nullsNotDistinct reports whether a unique index or constraint treats
// NULLs as equal (NULLS NOT DISTINCT, PostgreSQL 15+).
func nullsNotDistinct(i *schema.Index) bool {
	nd, ok := attr.Get[*postgres.IndexNullsDistinct](i.Attrs)
	return ok && !nd.V
}

// deferrableKey describes when a constraint is checked: "" for NOT
// DEFERRABLE (the default), "deferrable" or "deferred" (INITIALLY
// DEFERRED).
func deferrableKey(attrs []schema.Attr) string {
	d, ok := attr.Get[*attr.Deferrable](attrs)
	switch {
	case !ok:
		return ""
	case d.InitiallyDeferred:
		return "deferred"
	}
	return "deferrable"
}

// deferrableDiffers reports whether a live constraint (attrs live) is
// checked at another time than the desired one declares. Only a desired
// constraint carrying attr.Deferrable declares a time: no tag dialect can
// say DEFERRABLE, so a deferrable constraint the database has against a
// model that says nothing is the database's choice, and kept.
func deferrableDiffers(live, want []schema.Attr) bool {
	return attr.Has[*attr.Deferrable](want) && deferrableKey(live) != deferrableKey(want)
}

// opClassKey is the operator class of an index part for comparison, ""
// for the type's default: lower case, without a schema qualifier (the
// inspector qualifies one the search_path does not see; the models
// write it either way).
func opClassKey(name string) string {
	name = strings.ToLower(strings.Trim(strings.TrimSpace(name), `"`))
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = strings.Trim(name[i+1:], `"`)
	}
	return name
}

// reColumnOpClass matches an index expression that is a column with an
// optional operator class after it, the way GORM's expression: declares
// one (expression:name gin_trgm_ops): the column, quoted or not, and the
// class, possibly qualified.
var reColumnOpClass = regexp.MustCompile(`^\s*(?:([A-Za-z_][A-Za-z0-9_$]*)|"((?:[^"]|"")+)")(?:\s+((?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*))?\s*$`)

// columnOpClass reads an index expression that is only a column of t and
// an operator class (or a column alone) as PostgreSQL stores it: a column
// key with that class. ok is false for any other expression.
func columnOpClass(t *schema.Table, x string) (col *schema.Column, opclass string, ok bool) {
	m := reColumnOpClass.FindStringSubmatch(x)
	if m == nil || t == nil {
		return nil, "", false
	}
	name := strings.ToLower(m[1])
	if m[1] == "" {
		name = strings.ReplaceAll(m[2], `""`, `"`)
	}
	if k := strings.ToLower(m[3]); k == "asc" || k == "desc" || k == "nulls" || k == "collate" {
		return nil, "", false
	}
	c, found := t.Column(name)
	if !found {
		return nil, "", false
	}
	return c, m[3], true
}

// domainOf returns the domain type of a live column, nil when it has
// none.
func domainOf(c *schema.Column) *postgres.DomainType {
	if c.Type == nil {
		return nil
	}
	d, _ := c.Type.Type.(*postgres.DomainType)
	return d
}

// unqualifyCalls rewrites the function calls in a default's SQL text
// that a schema of path qualifies (public.gen_random_uuid()) into the
// unqualified call: under that search_path both name the same function,
// and the database prints the call back unqualified when the path sees
// it. Text without such a call is returned as it is.
func unqualifyCalls(s string, path []string) string {
	if len(path) == 0 || !strings.Contains(s, ".") {
		return s
	}
	toks := tokenize(s)
	out := make([]token, 0, len(toks))
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if (t.kind == tokIdent || t.kind == tokQIdent) && i+3 < len(toks) &&
			toks[i+1].kind == tokOp && toks[i+1].text == "." &&
			(toks[i+2].kind == tokIdent || toks[i+2].kind == tokQIdent) &&
			toks[i+3].kind == tokOp && toks[i+3].text == "(" &&
			slices.Contains(path, t.text) && (i == 0 || toks[i-1].text != ".") {
			i++ // drop the schema and its dot
			changed = true
			continue
		}
		out = append(out, t)
	}
	if !changed {
		return s
	}
	return tokensString(out)
}
