package introspect

import (
	"strings"

	"github.com/genmigrate/gen/internal/sqllex"
)

// SQLite keeps the text of every CREATE TABLE and CREATE INDEX statement in
// sqlite_schema, and some facts live only there: AUTOINCREMENT, the names
// of UNIQUE, CHECK and FOREIGN KEY constraints, CHECK and generated-column
// expressions, expression index parts and partial-index predicates. This
// file reads them with the shared SQL lexer (internal/sqllex, SQLite's
// rules: quotes '', "", ``, [] and comments) and nested parentheses. Expression text is sliced from
// the statement as written, so it keeps the author's spelling.

type token = sqllex.Token

// nameOf returns the identifier t denotes: quotes removed and doubled quotes
// undone. SQLite accepts a 'string' where it expects a name, so strings
// are names here too.
func nameOf(t token) string {
	if t.Kind == sqllex.String {
		return t.Value()
	}
	return t.Name()
}

// tokenize splits SQLite's SQL text into tokens, comments left out.
func tokenize(s string) []token { return sqllex.Tokens(s, sqllex.SQLite) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordPart reports whether c continues a bare word (probe_postgres.go
// reads qualified names with it).
func isWordPart(c byte) bool {
	return c == '_' || c == '$' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// closing returns the index of the token closing the parenthesis at
// toks[open], or -1 when it is not closed.
func closing(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].Kind != sqllex.Punct {
			continue
		}
		switch toks[i].Text {
		case "(":
			depth++
		case ")":
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits toks at the commas outside parentheses.
func splitTop(toks []token) [][]token {
	var (
		parts [][]token
		depth int
		start int
	)
	for i, t := range toks {
		if t.Kind != sqllex.Punct {
			continue
		}
		switch t.Text {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				parts = append(parts, toks[start:i])
				start = i + 1
			}
		}
	}
	if start < len(toks) {
		parts = append(parts, toks[start:])
	}
	return parts
}

// span returns the source text from the first to the last of toks.
func span(src string, toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	return src[toks[0].Pos:toks[len(toks)-1].End]
}

// group returns the tokens inside the parenthesis at toks[i] and the index
// just past its closing parenthesis; ok is false when toks[i] does not open
// a closed group.
func group(toks []token, i int) (inner []token, next int, ok bool) {
	if i >= len(toks) || toks[i].Kind != sqllex.Punct || toks[i].Text != "(" {
		return nil, i, false
	}
	end := closing(toks, i)
	if end < 0 {
		return nil, i, false
	}
	return toks[i+1 : end], end + 1, true
}

type (
	// createTable is what gen reads from the text of a CREATE TABLE.
	createTable struct {
		columns []*columnDef
		// uniques are the UNIQUE constraints, column and table ones, in
		// the order they are written.
		uniques []namedColumns
		// checks are the CHECK constraints, column and table ones, in the
		// order they are written.
		checks []check
		// foreignKeys are the FOREIGN KEY and REFERENCES clauses, in the
		// order they are written.
		foreignKeys []foreignKeyDef
		// autoincrement is the column declared AUTOINCREMENT, if any.
		autoincrement string
	}

	// columnDef is a column definition.
	columnDef struct {
		name string
		// generated is the expression of GENERATED ALWAYS AS (…), "" for none.
		generated string
	}

	namedColumns struct {
		name    string
		columns []string
	}

	check struct {
		name, expr string
	}

	foreignKeyDef struct {
		name     string
		columns  []string
		refTable string
	}

	// createIndex is what gen reads from the text of a CREATE INDEX: the
	// text of each key part (without COLLATE, ASC or DESC) and the WHERE
	// predicate.
	createIndex struct {
		parts     []string
		predicate string
	}
)

// column returns the definition of the named column (names compare
// case-insensitively, as in SQLite).
func (ct *createTable) column(name string) *columnDef {
	for _, c := range ct.columns {
		if strings.EqualFold(c.name, name) {
			return c
		}
	}
	return nil
}

// parseCreateTable reads the text of a CREATE TABLE statement. Text it does
// not understand is skipped: the result then lacks what it held, it is
// never wrong about what it has.
func parseCreateTable(src string) *createTable {
	ct := &createTable{}
	toks := tokenize(src)
	open := -1
	for i, t := range toks {
		if t.Is("(") {
			open = i
			break
		}
		if t.Is("AS") {
			return ct // CREATE TABLE … AS SELECT: no constraints.
		}
	}
	body, _, ok := group(toks, open)
	if !ok {
		return ct
	}
	for _, def := range splitTop(body) {
		if len(def) == 0 {
			continue
		}
		switch first := def[0]; {
		case first.Is("CONSTRAINT"), first.Is("PRIMARY"), first.Is("UNIQUE"), first.Is("CHECK"), first.Is("FOREIGN"):
			ct.tableConstraint(src, def)
		default:
			ct.columnDefinition(src, def)
		}
	}
	return ct
}

// columnDefinition reads "name [type] [constraint …]".
func (ct *createTable) columnDefinition(src string, def []token) {
	col := &columnDef{name: nameOf(def[0])}
	ct.columns = append(ct.columns, col)
	var name string // of the constraint being read, from CONSTRAINT name
	for i := 1; i < len(def); {
		t := def[i]
		switch {
		case t.Is("CONSTRAINT") && i+1 < len(def):
			name = nameOf(def[i+1])
			i += 2
			continue
		case t.Is("PRIMARY"):
			name = ""
			// PRIMARY KEY [ASC|DESC] [ON CONFLICT …] [AUTOINCREMENT]
			for j := i + 1; j < len(def) && !startsColumnConstraint(def[j]); j++ {
				if def[j].Is("AUTOINCREMENT") {
					ct.autoincrement = col.name
				}
				i = j
			}
		case t.Is("UNIQUE"):
			ct.uniques = append(ct.uniques, namedColumns{name: name, columns: []string{col.name}})
			name = ""
		case t.Is("CHECK"):
			if inner, next, ok := group(def, i+1); ok {
				ct.checks = append(ct.checks, check{name: name, expr: span(src, inner)})
				i = next
				name = ""
				continue
			}
		case t.Is("REFERENCES") && i+1 < len(def):
			ct.foreignKeys = append(ct.foreignKeys, foreignKeyDef{name: name, columns: []string{col.name}, refTable: nameOf(def[i+1])})
			name = ""
			i += 2
			continue
		case t.Is("AS"):
			// [GENERATED ALWAYS] AS (expr) [STORED|VIRTUAL]
			if inner, next, ok := group(def, i+1); ok {
				col.generated = span(src, inner)
				i = next
				name = ""
				continue
			}
		case t.Is("("):
			// A type's size or a DEFAULT (…) expression: nothing in it is a
			// constraint.
			if end := closing(def, i); end > 0 {
				i = end + 1
				continue
			}
		case startsColumnConstraint(t):
			name = ""
		}
		i++
	}
}

// startsColumnConstraint reports whether t begins a column constraint.
func startsColumnConstraint(t token) bool {
	for _, kw := range [...]string{"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"} {
		if t.Is(kw) {
			return true
		}
	}
	return false
}

// tableConstraint reads "[CONSTRAINT name] PRIMARY KEY (…) | UNIQUE (…) |
// CHECK (…) | FOREIGN KEY (…) REFERENCES t …".
func (ct *createTable) tableConstraint(src string, def []token) {
	var name string
	i := 0
	if def[0].Is("CONSTRAINT") {
		if len(def) < 2 {
			return
		}
		name = nameOf(def[1])
		i = 2
	}
	if i >= len(def) {
		return
	}
	switch t := def[i]; {
	case t.Is("PRIMARY"):
		if inner, _, ok := group(def, i+2); ok {
			items := splitTop(inner)
			for _, tk := range inner {
				if tk.Is("AUTOINCREMENT") && len(items) == 1 {
					ct.autoincrement = nameOf(items[0][0])
				}
			}
		}
	case t.Is("UNIQUE"):
		if inner, _, ok := group(def, i+1); ok {
			ct.uniques = append(ct.uniques, namedColumns{name: name, columns: itemNames(inner)})
		}
	case t.Is("CHECK"):
		if inner, _, ok := group(def, i+1); ok {
			ct.checks = append(ct.checks, check{name: name, expr: span(src, inner)})
		}
	case t.Is("FOREIGN"):
		inner, next, ok := group(def, i+2)
		if !ok || next >= len(def) || !def[next].Is("REFERENCES") || next+1 >= len(def) {
			return
		}
		ct.foreignKeys = append(ct.foreignKeys, foreignKeyDef{name: name, columns: itemNames(inner), refTable: nameOf(def[next+1])})
	}
}

// itemNames returns the first name of each comma-separated item.
func itemNames(toks []token) []string {
	var names []string
	for _, item := range splitTop(toks) {
		if len(item) > 0 {
			names = append(names, nameOf(item[0]))
		}
	}
	return names
}

// parseCreateIndex reads the text of a CREATE INDEX statement:
// CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (part, …) [WHERE expr].
func parseCreateIndex(src string) *createIndex {
	ci := &createIndex{}
	toks := tokenize(src)
	on := -1
	for i, t := range toks {
		if t.Is("ON") {
			on = i
			break
		}
	}
	if on < 0 {
		return ci
	}
	open := on + 1
	for open < len(toks) && !(toks[open].Is("(")) {
		open++
	}
	inner, next, ok := group(toks, open)
	if !ok {
		return ci
	}
	for _, item := range splitTop(inner) {
		ci.parts = append(ci.parts, span(src, trimIndexedColumn(item)))
	}
	if next < len(toks) && toks[next].Is("WHERE") {
		rest := toks[next+1:]
		if n := len(rest); n > 0 && rest[n-1].Is(";") {
			rest = rest[:n-1]
		}
		ci.predicate = span(src, rest)
	}
	return ci
}

// trimIndexedColumn removes the trailing ASC/DESC and COLLATE name of an
// indexed column, leaving its expression.
func trimIndexedColumn(item []token) []token {
	if n := len(item); n > 1 && (item[n-1].Is("ASC") || item[n-1].Is("DESC")) {
		item = item[:n-1]
	}
	if n := len(item); n > 2 && item[n-2].Is("COLLATE") {
		item = item[:n-2]
	}
	return item
}
