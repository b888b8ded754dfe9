package introspect

import (
	"strings"
)

// SQLite keeps the text of every CREATE TABLE and CREATE INDEX statement in
// sqlite_schema, and some facts live only there: AUTOINCREMENT, the names
// of UNIQUE, CHECK and FOREIGN KEY constraints, CHECK and generated-column
// expressions, expression index parts and partial-index predicates. This
// file reads them with a small tokenizer that understands quotes ('', "",
// ``, []), nested parentheses and comments. Expression text is sliced from
// the statement as written, so it keeps the author's spelling.

type tokKind uint8

const (
	tokWord   tokKind = iota // bare identifier or keyword
	tokQuoted                // "ident", `ident` or [ident]
	tokString                // 'string' (also x'blob')
	tokNumber                // numeric literal
	tokPunct                 // operator or punctuation
)

// A token is a lexical token of SQL text; text is the source slice
// s[pos:end].
type token struct {
	kind     tokKind
	text     string
	pos, end int
}

// is reports whether t is the bare keyword kw (case-insensitive).
func (t token) is(kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

// name returns the identifier t denotes: quotes removed and doubled quotes
// undone. SQLite accepts a 'string' where it expects a name, so strings
// are names here too.
func (t token) name() string {
	switch t.kind {
	case tokQuoted:
		switch q := t.text[0]; q {
		case '[':
			return strings.TrimSuffix(t.text[1:], "]")
		default:
			return unquote(t.text, q)
		}
	case tokString:
		return unquote(t.text, '\'')
	}
	return t.text
}

func unquote(s string, q byte) string {
	s = s[1:]
	if strings.HasSuffix(s, string(q)) {
		s = s[:len(s)-1]
	}
	return strings.ReplaceAll(s, string(q)+string(q), string(q))
}

// tokenize splits SQL text into tokens, skipping white space and comments
// (-- to the end of the line, /* … */). It never fails: an unterminated
// quote or comment runs to the end of the input.
func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		start := i
		kind := tokPunct
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(s)
			}
			continue
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(s)
			}
			continue
		case (c == 'x' || c == 'X') && i+1 < len(s) && s[i+1] == '\'':
			i = quotedEnd(s, i+1, '\'')
			kind = tokString
		case c == '\'':
			i = quotedEnd(s, i, '\'')
			kind = tokString
		case c == '"' || c == '`':
			i = quotedEnd(s, i, c)
			kind = tokQuoted
		case c == '[':
			if j := strings.IndexByte(s[i:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(s)
			}
			kind = tokQuoted
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			i = numberEnd(s, i)
			kind = tokNumber
		case isWordStart(c):
			for i < len(s) && isWordPart(s[i]) {
				i++
			}
			kind = tokWord
		default:
			i++
			if i < len(s) {
				switch s[start : i+1] {
				case "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "::", "->":
					i++
					if s[start:i] == "->" && i < len(s) && s[i] == '>' {
						i++
					}
				}
			}
		}
		toks = append(toks, token{kind: kind, text: s[start:i], pos: start, end: i})
	}
	return toks
}

// quotedEnd returns the index just past the quoted text that starts at
// s[i] == q, where a doubled q stands for itself.
func quotedEnd(s string, i int, q byte) int {
	for i++; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

func numberEnd(s string, i int) int {
	if strings.HasPrefix(s[i:], "0x") || strings.HasPrefix(s[i:], "0X") {
		i += 2
		for i < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[i]) >= 0 {
			i++
		}
		return i
	}
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for i = j; i < len(s) && isDigit(s[i]); i++ {
			}
		}
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isWordStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
func isWordPart(c byte) bool { return isWordStart(c) || isDigit(c) || c == '$' }

// closing returns the index of the token closing the parenthesis at
// toks[open], or -1 when it is not closed.
func closing(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].kind != tokPunct {
			continue
		}
		switch toks[i].text {
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
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
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
	return src[toks[0].pos:toks[len(toks)-1].end]
}

// group returns the tokens inside the parenthesis at toks[i] and the index
// just past its closing parenthesis; ok is false when toks[i] does not open
// a closed group.
func group(toks []token, i int) (inner []token, next int, ok bool) {
	if i >= len(toks) || toks[i].kind != tokPunct || toks[i].text != "(" {
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
		if t.kind == tokPunct && t.text == "(" {
			open = i
			break
		}
		if t.is("AS") {
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
		case first.is("CONSTRAINT"), first.is("PRIMARY"), first.is("UNIQUE"), first.is("CHECK"), first.is("FOREIGN"):
			ct.tableConstraint(src, def)
		default:
			ct.columnDefinition(src, def)
		}
	}
	return ct
}

// columnDefinition reads "name [type] [constraint …]".
func (ct *createTable) columnDefinition(src string, def []token) {
	col := &columnDef{name: def[0].name()}
	ct.columns = append(ct.columns, col)
	var name string // of the constraint being read, from CONSTRAINT name
	for i := 1; i < len(def); {
		t := def[i]
		switch {
		case t.is("CONSTRAINT") && i+1 < len(def):
			name = def[i+1].name()
			i += 2
			continue
		case t.is("PRIMARY"):
			name = ""
			// PRIMARY KEY [ASC|DESC] [ON CONFLICT …] [AUTOINCREMENT]
			for j := i + 1; j < len(def) && !startsColumnConstraint(def[j]); j++ {
				if def[j].is("AUTOINCREMENT") {
					ct.autoincrement = col.name
				}
				i = j
			}
		case t.is("UNIQUE"):
			ct.uniques = append(ct.uniques, namedColumns{name: name, columns: []string{col.name}})
			name = ""
		case t.is("CHECK"):
			if inner, next, ok := group(def, i+1); ok {
				ct.checks = append(ct.checks, check{name: name, expr: span(src, inner)})
				i = next
				name = ""
				continue
			}
		case t.is("REFERENCES") && i+1 < len(def):
			ct.foreignKeys = append(ct.foreignKeys, foreignKeyDef{name: name, columns: []string{col.name}, refTable: def[i+1].name()})
			name = ""
			i += 2
			continue
		case t.is("AS"):
			// [GENERATED ALWAYS] AS (expr) [STORED|VIRTUAL]
			if inner, next, ok := group(def, i+1); ok {
				col.generated = span(src, inner)
				i = next
				name = ""
				continue
			}
		case t.kind == tokPunct && t.text == "(":
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
		if t.is(kw) {
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
	if def[0].is("CONSTRAINT") {
		if len(def) < 2 {
			return
		}
		name = def[1].name()
		i = 2
	}
	if i >= len(def) {
		return
	}
	switch t := def[i]; {
	case t.is("PRIMARY"):
		if inner, _, ok := group(def, i+2); ok {
			items := splitTop(inner)
			for _, tk := range inner {
				if tk.is("AUTOINCREMENT") && len(items) == 1 {
					ct.autoincrement = items[0][0].name()
				}
			}
		}
	case t.is("UNIQUE"):
		if inner, _, ok := group(def, i+1); ok {
			ct.uniques = append(ct.uniques, namedColumns{name: name, columns: itemNames(inner)})
		}
	case t.is("CHECK"):
		if inner, _, ok := group(def, i+1); ok {
			ct.checks = append(ct.checks, check{name: name, expr: span(src, inner)})
		}
	case t.is("FOREIGN"):
		inner, next, ok := group(def, i+2)
		if !ok || next >= len(def) || !def[next].is("REFERENCES") || next+1 >= len(def) {
			return
		}
		ct.foreignKeys = append(ct.foreignKeys, foreignKeyDef{name: name, columns: itemNames(inner), refTable: def[next+1].name()})
	}
}

// itemNames returns the first name of each comma-separated item.
func itemNames(toks []token) []string {
	var names []string
	for _, item := range splitTop(toks) {
		if len(item) > 0 {
			names = append(names, item[0].name())
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
		if t.is("ON") {
			on = i
			break
		}
	}
	if on < 0 {
		return ci
	}
	open := on + 1
	for open < len(toks) && !(toks[open].kind == tokPunct && toks[open].text == "(") {
		open++
	}
	inner, next, ok := group(toks, open)
	if !ok {
		return ci
	}
	for _, item := range splitTop(inner) {
		ci.parts = append(ci.parts, span(src, trimIndexedColumn(item)))
	}
	if next < len(toks) && toks[next].is("WHERE") {
		rest := toks[next+1:]
		if n := len(rest); n > 0 && rest[n-1].kind == tokPunct && rest[n-1].text == ";" {
			rest = rest[:n-1]
		}
		ci.predicate = span(src, rest)
	}
	return ci
}

// trimIndexedColumn removes the trailing ASC/DESC and COLLATE name of an
// indexed column, leaving its expression.
func trimIndexedColumn(item []token) []token {
	if n := len(item); n > 1 && (item[n-1].is("ASC") || item[n-1].is("DESC")) {
		item = item[:n-1]
	}
	if n := len(item); n > 2 && item[n-2].is("COLLATE") {
		item = item[:n-2]
	}
	return item
}
