package diff

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/genmigrate/gen/internal/sqllex"
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

// tokenize splits an SQL expression into normalized tokens: bare words
// lower-cased, quoted identifiers by their name, strings by their value
// (E'a\\b' is the 'a\b' PostgreSQL prints back), comments
// dropped. It never fails: an unterminated quote takes the rest of the
// input. Both sides of a comparison come from one dialect; both are read
// by PostgreSQL's lexical rules (internal/sqllex), which SQLite's
// expressions also follow but for their […] and `…` quoting (see
// lexDialect for the second).
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/3+1)
	sc := sqllex.New(s, lexDialect(s))
	for t := sc.Next(); t.Kind != sqllex.EOF; t = sc.Next() {
		switch t.Kind {
		case sqllex.Comment:
		case sqllex.Ident:
			toks = append(toks, token{tokIdent, strings.ToLower(t.Text)})
		case sqllex.QuotedIdent:
			// A quoted identifier that needs no quotes is the same
			// identifier unquoted.
			if n := t.Name(); isPlainIdent(n) {
				toks = append(toks, token{tokIdent, n})
			} else {
				toks = append(toks, token{tokQIdent, n})
			}
		case sqllex.String:
			toks = append(toks, token{tokString, t.Value()})
		case sqllex.BitString:
			// PostgreSQL prints B'101' and X'1F' back as the string of
			// their bits cast to "bit": '101'::"bit", '00011111'::"bit".
			if bits, ok := bitString(t); ok {
				toks = append(toks, token{tokString, bits})
			} else {
				toks = append(toks, token{tokIdent, strings.ToLower(t.Text)})
			}
		case sqllex.Number:
			toks = append(toks, token{tokNumber, t.Text})
		case sqllex.Param:
			toks = append(toks, token{tokIdent, t.Text})
		default: // operators and punctuation
			text := t.Text
			switch text {
			case "!=":
				text = "<>"
			case "==": // SQLite's spelling of =
				text = "="
			}
			toks = append(toks, token{tokOp, text})
		}
	}
	return toks
}

// bitString returns the bits a B'…' or X'…' literal writes.
func bitString(t sqllex.Token) (string, bool) {
	v := t.Value()
	if t.Text[0] == 'b' || t.Text[0] == 'B' {
		return v, strings.Trim(v, "01") == ""
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		n, err := strconv.ParseUint(v[i:i+1], 16, 4)
		if err != nil {
			return "", false
		}
		fmt.Fprintf(&b, "%04b", n)
	}
	return b.String(), true
}

// lexDialect picks the lexical rules for an expression: PostgreSQL's,
// unless a backtick stands outside quotes, which only SQLite's `name`
// quoting writes (no PostgreSQL operator holds one).
func lexDialect(s string) sqllex.Dialect {
	if strings.IndexByte(s, '`') < 0 {
		return sqllex.Postgres
	}
	sc := sqllex.New(s, sqllex.Postgres)
	for t := sc.Next(); t.Kind != sqllex.EOF; t = sc.Next() {
		if t.Kind == sqllex.Op && strings.IndexByte(t.Text, '`') >= 0 {
			return sqllex.SQLite
		}
	}
	return sqllex.Postgres
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
			// Multi-word names continue only with their own words, so that
			// SUBSTRING('abc'::text FROM 2) keeps its FROM.
			j := i + 1
			if j < len(toks) && (toks[j].kind == tokIdent || toks[j].kind == tokQIdent) {
				name := toks[j].text
				for j++; j < len(toks) && toks[j].kind == tokIdent && multiWordType[name+" "+toks[j].text]; j++ {
					name += " " + toks[j].text
				}
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
