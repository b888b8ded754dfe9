// Package sqllex is gen's one SQL lexer: it splits SQL text into tokens the
// way PostgreSQL or SQLite does, for every package that reads SQL text
// (diff comparing expressions, introspect reading SQLite's CREATE
// statements, render rewriting column names in SQLite rebuilds).
//
// The lexer never fails and never allocates per token: a Token is a slice
// of the input with its offsets, and text the dialect would reject (an
// unterminated string, a stray character) still comes out as tokens, so
// that callers can compare or skip what they do not understand. White space
// is skipped; comments are tokens of their own (Tokens drops them).
//
//	s := sqllex.New(`lower(email) /* key */ = 'a''b'`, sqllex.Postgres)
//	for t := s.Next(); t.Kind != sqllex.EOF; t = s.Next() {
//		fmt.Println(t.Kind, t.Text)
//	}
//
// Where the dialects differ:
//
//   - PostgreSQL: only "…" quotes an identifier; E'…' strings take
//     backslash escapes; $tag$…$tag$ quotes a string; $1 is a parameter;
//     block comments nest; an operator is the longest run of operator
//     characters, by PostgreSQL's rule for a trailing + or -.
//   - SQLite: "…", `…` and […] quote identifiers; block comments do not
//     nest; ?, ?1, :a, @a, $a are parameters; operators are SQLite's fixed
//     set (==, ||, ->, ->>, <<, >>, …).
//
// Bare words come out as Ident whether they are keywords or names: SQL
// keywords are mostly not reserved, so only their place tells them apart;
// Token.Is compares a bare word with a keyword.
package sqllex

import "strings"

// Dialect selects the lexical rules.
type Dialect uint8

// Dialects.
const (
	Postgres Dialect = iota
	SQLite
)

func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "Postgres"
	case SQLite:
		return "SQLite"
	}
	return "Dialect(?)"
}

// Kind is the kind of a token.
type Kind uint8

// Token kinds.
const (
	EOF         Kind = iota // end of input (Token.Text is "")
	Ident                   // bare word: identifier or keyword, as written
	QuotedIdent             // "…"; SQLite also `…` and […]; PostgreSQL also U&"…"
	String                  // '…', E'…', N'…', U&'…', $tag$…$tag$ (PostgreSQL)
	BitString               // B'…' and X'…' (PostgreSQL bit strings, SQLite blobs)
	Number                  // 12, 1.5, .5, 1e-3, 0x1F
	Param                   // $1 (PostgreSQL); ?, ?1, :a, @a, $a (SQLite)
	Op                      // operator: + - * / < > = <> != <= >= || :: ->> ~~ …
	Punct                   // ( ) [ ] , ; . : and any character no other kind takes
	Comment                 // -- to the end of the line, /* … */
)

var kindNames = [...]string{"EOF", "Ident", "QuotedIdent", "String", "BitString", "Number", "Param", "Op", "Punct", "Comment"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// A Token is one lexical token: Text is the input's Text[Pos:End], quotes
// and prefixes included.
type Token struct {
	Kind Kind
	// Unterminated is set on a string, quoted identifier or block comment
	// that the input ends inside; its Text runs to the end of the input.
	Unterminated bool
	Pos, End     int
	Text         string
}

// Is reports whether t is the bare word kw, compared without case (a
// keyword), or the operator or punctuation kw.
func (t Token) Is(kw string) bool {
	switch t.Kind {
	case Ident:
		return strings.EqualFold(t.Text, kw)
	case Op, Punct:
		return t.Text == kw
	}
	return false
}

// Scanner reads tokens one at a time; the zero value is not usable, make
// one with New.
type Scanner struct {
	src string
	pos int
	d   Dialect
}

// New returns a Scanner over src.
func New(src string, d Dialect) *Scanner { return &Scanner{src: src, d: d} }

// Reset makes s scan src from its start, so that one Scanner serves many
// inputs.
func (s *Scanner) Reset(src string) { s.src, s.pos = src, 0 }

// Tokens returns the tokens of src, comments left out.
func Tokens(src string, d Dialect) []Token {
	toks := make([]Token, 0, len(src)/4+1)
	s := Scanner{src: src, d: d}
	for {
		t := s.Next()
		switch t.Kind {
		case EOF:
			return toks
		case Comment:
			continue
		}
		toks = append(toks, t)
	}
}

// Next returns the next token, Kind EOF at the end of the input; comments
// are tokens too.
func (s *Scanner) Next() Token {
	src := s.src
	i := s.pos
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	if i >= len(src) {
		s.pos = i
		return Token{Kind: EOF, Pos: i, End: i}
	}
	start := i
	kind, end, open := s.scan(i)
	s.pos = end
	return Token{Kind: kind, Unterminated: open, Pos: start, End: end, Text: src[start:end]}
}

// scan reads the token starting at src[i], which is not white space.
func (s *Scanner) scan(i int) (kind Kind, end int, unterminated bool) {
	src, pg := s.src, s.d == Postgres
	c := src[i]
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	switch {
	case c == '-' && next == '-':
		j := i + 2
		for j < len(src) && src[j] != '\n' && src[j] != '\r' {
			j++
		}
		return Comment, j, false
	case c == '/' && next == '*':
		end, open := blockComment(src, i, pg)
		return Comment, end, open
	case c == '\'':
		end, open := quoted(src, i, '\'', false)
		return String, end, open
	case c == '"':
		end, open := quoted(src, i, '"', false)
		return QuotedIdent, end, open
	case !pg && c == '`':
		end, open := quoted(src, i, '`', false)
		return QuotedIdent, end, open
	case !pg && c == '[':
		j := strings.IndexByte(src[i+1:], ']')
		if j < 0 {
			return QuotedIdent, len(src), true
		}
		return QuotedIdent, i + j + 2, false
	case (c == 'x' || c == 'X') && next == '\'', pg && (c == 'b' || c == 'B') && next == '\'':
		end, open := quoted(src, i+1, '\'', false)
		return BitString, end, open
	case pg && (c == 'e' || c == 'E') && next == '\'':
		end, open := quoted(src, i+1, '\'', true)
		return String, end, open
	case pg && (c == 'n' || c == 'N') && next == '\'':
		end, open := quoted(src, i+1, '\'', false)
		return String, end, open
	case pg && (c == 'u' || c == 'U') && next == '&' && i+2 < len(src) && (src[i+2] == '\'' || src[i+2] == '"'):
		end, open := quoted(src, i+2, src[i+2], false)
		if src[i+2] == '"' {
			return QuotedIdent, end, open
		}
		return String, end, open
	case isDigit(c) || c == '.' && isDigit(next):
		return Number, number(src, i), false
	case isIdentStart(c):
		j := i + 1
		for j < len(src) && isIdentPart(src[j]) {
			j++
		}
		return Ident, j, false
	case !pg && (c == '?' || c == ':' || c == '@' || c == '#'):
		return sqliteVariable(src, i)
	case c == '$':
		if pg {
			if isDigit(next) {
				j := i + 1
				for j < len(src) && isDigit(src[j]) {
					j++
				}
				return Param, j, false
			}
			if tag := dollarTag(src, i); tag != "" {
				if k := strings.Index(src[i+len(tag):], tag); k >= 0 {
					return String, i + len(tag) + k + len(tag), false
				}
				return String, len(src), true
			}
			return Punct, i + 1, false
		}
		return sqliteVariable(src, i)
	}
	if pg {
		return pgOperator(src, i)
	}
	return sqliteOperator(src, i)
}

// quoted returns the end of the text quoted by q that opens at src[i]; a
// doubled q stands for itself and, with backslash, a backslash escapes the
// next byte (E'…').
func quoted(src string, i int, q byte, backslash bool) (end int, unterminated bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1, false
		}
	}
	return len(src), true
}

// blockComment returns the end of the /* … */ comment at src[i]; PostgreSQL
// nests them, SQLite ends at the first */.
func blockComment(src string, i int, nested bool) (end int, unterminated bool) {
	depth := 0
	for j := i; j+1 < len(src); j++ {
		switch {
		case src[j] == '/' && src[j+1] == '*':
			if depth > 0 && !nested {
				j++
				continue
			}
			depth++
			j++
		case src[j] == '*' && src[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1, false
			}
		}
	}
	return len(src), true
}

// number returns the end of the numeric literal at src[i].
func number(src string, i int) int {
	if src[i] == '0' && i+2 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') && isHex(src[i+2]) {
		j := i + 2
		for j < len(src) && isHex(src[j]) {
			j++
		}
		return j
	}
	j := i
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	// A point belongs to the number unless it starts "..": 1..2 is 1, ., .2.
	if j < len(src) && src[j] == '.' && !(j+1 < len(src) && src[j+1] == '.') {
		j++
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && isDigit(src[k]) {
			for j = k; j < len(src) && isDigit(src[j]); j++ {
			}
		}
	}
	return j
}

// dollarTag returns the $tag$ (or $$) opening a dollar-quoted string at
// src[i], or "".
func dollarTag(src string, i int) string {
	for j := i + 1; j < len(src); j++ {
		c := src[j]
		switch {
		case c == '$':
			return src[i : j+1]
		case isIdentStart(c) || j > i+1 && isDigit(c):
		default:
			return ""
		}
	}
	return ""
}

// pgOperator reads an operator or a punctuation character by PostgreSQL's
// rules (scan.l): the longest run of operator characters, cut before -- or
// /*; a run of more than one character ending in + or - loses them unless
// it holds one of ~ ! @ # % ^ & | ` ?, so that a<-1 is a < -1.
func pgOperator(src string, i int) (Kind, int, bool) {
	c := src[i]
	if c == ':' {
		if i+1 < len(src) && src[i+1] == ':' {
			return Op, i + 2, false
		}
		if i+1 < len(src) && src[i+1] == '=' {
			return Op, i + 2, false
		}
		return Punct, i + 1, false
	}
	if !isPgOpChar(c) {
		return Punct, i + 1, false
	}
	j := i
	special := false
	for j < len(src) && isPgOpChar(src[j]) {
		if j > i && (src[j] == '-' && src[j-1] == '-' || src[j] == '*' && src[j-1] == '/') {
			j-- // a comment starts inside the run
			break
		}
		if class[src[j]]&pgSpecial != 0 {
			special = true
		}
		j++
	}
	if j-i > 1 && !special {
		for j-i > 1 && (src[j-1] == '+' || src[j-1] == '-') {
			j--
		}
	}
	return Op, j, false
}

func isPgOpChar(c byte) bool { return class[c]&pgOp != 0 }

// sqliteOperator reads an operator or a punctuation character by SQLite's
// rules (tokenize.c).
func sqliteOperator(src string, i int) (Kind, int, bool) {
	two := ""
	if i+2 <= len(src) {
		two = src[i : i+2]
	}
	switch two {
	case "->":
		if i+2 < len(src) && src[i+2] == '>' {
			return Op, i + 3, false
		}
		return Op, i + 2, false
	case "==", "<=", ">=", "<>", "!=", "<<", ">>", "||":
		return Op, i + 2, false
	}
	if strings.IndexByte("+-*/%<>=&|~", src[i]) >= 0 {
		return Op, i + 1, false
	}
	return Punct, i + 1, false
}

// sqliteVariable reads a parameter at src[i] ($ : @ ? #), or a lone
// character as punctuation.
func sqliteVariable(src string, i int) (Kind, int, bool) {
	j := i + 1
	if src[i] == '?' {
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		return Param, j, false
	}
	for j < len(src) && isIdentPart(src[j]) {
		j++
	}
	if j == i+1 {
		return Punct, j, false
	}
	return Param, j, false
}

// Character classes.
const (
	space      uint8 = 1 << iota
	digit            // 0-9
	hex              // 0-9 a-f A-F
	identStart       // letters, _ and every byte of a multi-byte UTF-8 character (both dialects)
	identPart        // identStart, digits and $
	pgOp             // PostgreSQL's operator characters
	pgSpecial        // the operator characters that let a run end in + or -
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if strings.IndexByte(" \t\n\r\f\v", b) >= 0 {
			t[c] |= space
		}
		if b >= '0' && b <= '9' {
			t[c] |= digit | hex | identPart
		}
		if b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' {
			t[c] |= hex
		}
		if b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 {
			t[c] |= identStart | identPart
		}
		if b == '$' {
			t[c] |= identPart
		}
		if strings.IndexByte("+-*/<>=~!@#%^&|`?", b) >= 0 {
			t[c] |= pgOp
		}
		if strings.IndexByte("~!@#^&|`?%", b) >= 0 {
			t[c] |= pgSpecial
		}
	}
	return t
}()

func isSpace(c byte) bool      { return class[c]&space != 0 }
func isDigit(c byte) bool      { return class[c]&digit != 0 }
func isHex(c byte) bool        { return class[c]&hex != 0 }
func isIdentStart(c byte) bool { return class[c]&identStart != 0 }
func isIdentPart(c byte) bool  { return class[c]&identPart != 0 }
