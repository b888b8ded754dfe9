package sqllex

import "strings"

// Equal reports whether two pieces of SQL text are the same tokens by the
// dialect's rules: white space and comments do not count, bare words
// compare without case, a quoted identifier equals the bare word of the
// same name (PostgreSQL: the lower-case one; SQLite: without case, as
// SQLite compares names), strings compare by value; everything else as
// written. It is a lexical comparison: (a) and a differ.
func Equal(a, b string, d Dialect) bool {
	sa, sb := Scanner{src: a, d: d}, Scanner{src: b, d: d}
	for {
		ta, tb := sa.nextSignificant(), sb.nextSignificant()
		if ta.Kind == EOF || tb.Kind == EOF {
			return ta.Kind == tb.Kind
		}
		if !tokenEqual(ta, tb, d) {
			return false
		}
	}
}

func (s *Scanner) nextSignificant() Token {
	for {
		if t := s.Next(); t.Kind != Comment {
			return t
		}
	}
}

func tokenEqual(a, b Token, d Dialect) bool {
	if isName(a.Kind) && isName(b.Kind) {
		if d == SQLite {
			return strings.EqualFold(a.Name(), b.Name())
		}
		return pgName(a) == pgName(b)
	}
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind == String {
		return a.Value() == b.Value()
	}
	return a.Text == b.Text
}

func isName(k Kind) bool { return k == Ident || k == QuotedIdent }

// pgName is the name PostgreSQL gives an identifier: a bare word folded to
// lower case, a quoted one as it is.
func pgName(t Token) string {
	if t.Kind == Ident {
		return strings.ToLower(t.Text)
	}
	return t.Name()
}
