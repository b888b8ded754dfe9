package diff

import (
	"math/big"
	"strings"
	"unicode"
)

// SQL expressions reach diff spelled two ways: as the models declare them
// (`price > 0`, `'active'`) and as the database prints them back
// (`(price > (0)::numeric)`, `'active'::character varying`). Both sides are
// tokenized and normalized so that equivalent spellings compare equal, without
// ever treating two different expressions as one.

type tokKind uint8

const (
	tokIdent  tokKind = iota // unquoted identifier or keyword, lower-cased
	tokQIdent                // quoted identifier, content kept
	tokString                // string literal, content unescaped
	tokNumber                // numeric literal, as written
	tokOp                    // operator or punctuation
)

type token struct {
	kind tokKind
	text string
}

// tokenize splits an SQL expression into tokens. It never fails: an
// unterminated quote takes the rest of the input.
func tokenize(s string) []token {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '-' && i+1 < len(rs) && rs[i+1] == '-':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '\'' || ((r == 'E' || r == 'e') && i+1 < len(rs) && rs[i+1] == '\''):
			if r != '\'' {
				i++
			}
			var b strings.Builder
			i++
			for i < len(rs) {
				if rs[i] == '\'' {
					if i+1 < len(rs) && rs[i+1] == '\'' {
						b.WriteRune('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			toks = append(toks, token{tokString, b.String()})
		case r == '"' || r == '`':
			end := r
			var b strings.Builder
			i++
			for i < len(rs) {
				if rs[i] == end {
					if i+1 < len(rs) && rs[i+1] == end {
						b.WriteRune(end)
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			toks = append(toks, token{tokQIdent, b.String()})
		case unicode.IsDigit(r) || (r == '.' && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.' || rs[j] == 'e' || rs[j] == 'E' ||
				((rs[j] == '+' || rs[j] == '-') && j > i && (rs[j-1] == 'e' || rs[j-1] == 'E'))) {
				j++
			}
			toks = append(toks, token{tokNumber, string(rs[i:j])})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == '$') {
				j++
			}
			toks = append(toks, token{tokIdent, strings.ToLower(string(rs[i:j]))})
			i = j
		default:
			// Multi-character operators PostgreSQL prints: ::, <=, >=, <>, !=, ||.
			if i+1 < len(rs) {
				two := string(rs[i : i+2])
				switch two {
				case "::", "<=", ">=", "<>", "!=", "||":
					if two == "!=" {
						two = "<>"
					}
					toks = append(toks, token{tokOp, two})
					i += 2
					continue
				}
			}
			toks = append(toks, token{tokOp, string(r)})
			i++
		}
	}
	// A quoted identifier that needs no quotes is the same identifier unquoted.
	for i, t := range toks {
		if t.kind == tokQIdent && isPlainIdent(t.text) {
			toks[i] = token{tokIdent, t.text}
		}
	}
	return toks
}

func isPlainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// normalizeExpr returns tokens with the spellings the database adds removed:
// casts of literals (`(0)::numeric`, `'a'::text`), parentheses around a
// single operand, and parentheses around the whole expression.
func normalizeExpr(s string) []token {
	toks := tokenize(s)
	for changed := true; changed; {
		var casts, parens bool
		var calls bool
		toks, casts = dropLiteralCasts(toks)
		toks, parens = dropSingletonParens(toks)
		toks, calls = dropCallParens(toks)
		changed = casts || parens || calls
	}
	for len(toks) >= 2 && toks[0].text == "(" && matchParen(toks, 0) == len(toks)-1 && toks[0].kind == tokOp {
		toks = toks[1 : len(toks)-1]
	}
	return toks
}

// matchParen returns the index of the parenthesis closing the one at i, or -1.
func matchParen(toks []token, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].kind != tokOp {
			continue
		}
		switch toks[j].text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// dropLiteralCasts removes `::type` after a literal (or a parenthesized
// literal), including multi-word and array types.
func dropLiteralCasts(toks []token) ([]token, bool) {
	var out []token
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokOp && t.text == "::" && len(out) > 0 && isLiteralEnd(out) {
			// Skip the type name: words, optional (n[,m]), optional [] pairs.
			j := i + 1
			for j < len(toks) && (toks[j].kind == tokIdent || toks[j].kind == tokQIdent) {
				j++
			}
			if j < len(toks) && toks[j].text == "(" {
				if k := matchParen(toks, j); k > 0 {
					j = k + 1
				}
			}
			for j+1 < len(toks) && toks[j].text == "[" && toks[j+1].text == "]" {
				j += 2
			}
			i = j - 1
			changed = true
			continue
		}
		out = append(out, t)
	}
	return out, changed
}

// isLiteralEnd reports whether out ends with a literal or a parenthesized literal.
func isLiteralEnd(out []token) bool {
	last := out[len(out)-1]
	if last.kind == tokString || last.kind == tokNumber {
		return true
	}
	if last.kind == tokIdent && (last.text == "true" || last.text == "false" || last.text == "null") {
		return true
	}
	if last.text == ")" && len(out) >= 3 {
		inner := out[len(out)-2]
		open := out[len(out)-3]
		return open.text == "(" && (inner.kind == tokString || inner.kind == tokNumber)
	}
	// A negative number in parentheses: ('-1' prints as (- 1) in some forms).
	if last.text == ")" && len(out) >= 4 && out[len(out)-4].text == "(" && out[len(out)-3].text == "-" && out[len(out)-2].kind == tokNumber {
		return true
	}
	return false
}

// dropSingletonParens turns `( x )` into `x` when x is one token that is not
// a function name (a literal or a column), and `( - n )` into `- n`.
func dropSingletonParens(toks []token) ([]token, bool) {
	var out []token
	changed := false
	for i := 0; i < len(toks); i++ {
		if toks[i].kind == tokOp && toks[i].text == "(" && i+2 < len(toks) && toks[i+2].text == ")" && toks[i+2].kind == tokOp {
			mid := toks[i+1]
			// Keep "f()" style calls: "(" preceded by an identifier is a call.
			isCall := i > 0 && (toks[i-1].kind == tokIdent || toks[i-1].kind == tokQIdent)
			if !isCall && mid.kind != tokOp {
				out = append(out, mid)
				i += 2
				changed = true
				continue
			}
		}
		out = append(out, toks[i])
	}
	return out, changed
}

// dropCallParens turns `( f(…) )` into `f(…)`: PostgreSQL prints a cast
// function call in parentheses ((now())::text).
func dropCallParens(toks []token) ([]token, bool) {
	for i := 0; i+3 < len(toks); i++ {
		if toks[i].kind != tokOp || toks[i].text != "(" {
			continue
		}
		if i > 0 && (toks[i-1].kind == tokIdent || toks[i-1].kind == tokQIdent) {
			continue // the parenthesis of a call, not around one
		}
		if toks[i+1].kind != tokIdent || toks[i+2].text != "(" {
			continue
		}
		inner := matchParen(toks, i+2)
		outer := matchParen(toks, i)
		if inner < 0 || outer != inner+1 {
			continue
		}
		out := append(append(append([]token{}, toks[:i]...), toks[i+1:outer]...), toks[outer+1:]...)
		return out, true
	}
	return toks, false
}

// exprEqual reports whether two SQL expressions are the same after
// normalization. Numbers compare by value.
func exprEqual(a, b string) bool {
	if eq, ok := exprTreesEqual(a, b); ok {
		return eq
	}
	ta, tb := normalizeExpr(a), normalizeExpr(b)
	if len(ta) != len(tb) {
		return false
	}
	for i := range ta {
		if !tokEqual(ta[i], tb[i]) {
			return false
		}
	}
	return true
}

func tokEqual(a, b token) bool {
	if a.kind == tokNumber && b.kind == tokNumber {
		return numEqual(a.text, b.text)
	}
	return a.kind == b.kind && a.text == b.text
}

func numEqual(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	if !ok1 || !ok2 {
		return a == b
	}
	return x.Cmp(y) == 0
}
