package migrations

import "strings"

// lexer states.
const (
	lexNormal = iota
	lexSingle // '…' (escapes: '' and, in E'…', backslash)
	lexDouble // "…" (escape: "")
	lexDollar // $tag$…$tag$
	lexBlock  // /* … */, nested as PostgreSQL nests them
)

// A lexer finds the ';' that end statements, skipping quoted strings,
// quoted identifiers, dollar-quoted bodies and comments. Its state carries
// from one line to the next.
type lexer struct {
	state    int
	escapes  bool   // backslash escapes (E'…')
	tag      string // the $tag$ of a dollar-quoted body
	depth    int    // nesting of block comments
	openLine int    // where the open string, body or comment started
}

// inside reports whether the lexer is inside a string, body or comment.
func (l *lexer) inside() bool { return l.state != lexNormal }

// what names what is open, for errors.
func (l *lexer) what() string {
	switch l.state {
	case lexSingle:
		return "quoted string"
	case lexDouble:
		return "quoted identifier"
	case lexDollar:
		return "dollar-quoted body " + l.tag
	case lexBlock:
		return "block comment"
	}
	return ""
}

// closer says what closes what is open, for errors.
func (l *lexer) closer() string {
	switch l.state {
	case lexSingle:
		return "a single quote (')"
	case lexDouble:
		return `a double quote (")`
	case lexDollar:
		return l.tag
	case lexBlock:
		return "*/"
	}
	return ""
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// dollarTag returns the $tag$ starting at s[i], or "".
func dollarTag(s string, i int) string {
	j := i + 1
	for j < len(s) && s[j] != '$' {
		c := s[j]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || j > i+1 && c >= '0' && c <= '9') {
			return ""
		}
		j++
	}
	if j >= len(s) {
		return ""
	}
	return s[i : j+1]
}

// scan reads one line (n is its number). It returns the index of the first
// ';' that ends a statement, or -1, and whether the scanned part holds
// anything but whitespace and comments.
func (l *lexer) scan(n int, s string) (end int, code bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch l.state {
		case lexNormal:
			switch {
			case c == '-' && i+1 < len(s) && s[i+1] == '-':
				return -1, code
			case c == '/' && i+1 < len(s) && s[i+1] == '*':
				l.state, l.depth, l.openLine = lexBlock, 1, n
				i++
			case c == '\'':
				l.state, l.openLine, code = lexSingle, n, true
				l.escapes = i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') && (i < 2 || !isIdentByte(s[i-2]))
			case c == '"':
				l.state, l.openLine, code = lexDouble, n, true
			case c == '$' && (i == 0 || !isIdentByte(s[i-1])):
				code = true
				if tag := dollarTag(s, i); tag != "" {
					l.state, l.tag, l.openLine = lexDollar, tag, n
					i += len(tag) - 1
				}
			case c == ';':
				return i, code
			case c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v':
				code = true
			}
		case lexSingle:
			// A backslash at the end of a line escapes the line break.
			switch {
			case c == '\\' && l.escapes:
				i++
			case c == '\'':
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
				} else {
					l.state = lexNormal
				}
			}
		case lexDouble:
			if c == '"' {
				if i+1 < len(s) && s[i+1] == '"' {
					i++
				} else {
					l.state = lexNormal
				}
			}
		case lexDollar:
			if c == '$' && strings.HasPrefix(s[i:], l.tag) {
				i += len(l.tag) - 1
				l.state, l.tag = lexNormal, ""
			}
		case lexBlock:
			switch {
			case c == '/' && i+1 < len(s) && s[i+1] == '*':
				l.depth++
				i++
			case c == '*' && i+1 < len(s) && s[i+1] == '/':
				l.depth--
				i++
				if l.depth == 0 {
					l.state = lexNormal
				}
			}
		}
	}
	return -1, code
}
