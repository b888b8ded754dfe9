package diff

import (
	"math/big"
	"strings"
)

// A small precedence parser for the SQL expressions diff compares (CHECK
// constraints, index expressions and predicates, generated columns,
// defaults). Databases print expressions back with the parentheses their
// parse tree implies (`((a >= 0) AND (a <= 9))`) and with the casts they
// inserted; comparing parse trees rather than tokens makes redundant
// parentheses vanish while keeping those that change the meaning
// (`(a OR b) AND c`). Syntax the parser does not know makes it give up, and
// the caller falls back to comparing tokens.

// node is a parsed expression.
type node struct {
	op   string  // operator, "call", "cast", "atom", "list", "array", "case"
	text string  // atom text, function or type name
	kids []*node // operands
}

// canonical renders n fully parenthesized, so that two trees compare as
// strings.
func (n *node) canonical() string {
	switch n.op {
	case "atom":
		return n.text
	case "call":
		return n.text + "(" + joinNodes(n.kids) + ")"
	case "list":
		return "(" + joinNodes(n.kids) + ")"
	case "array":
		return "array[" + joinNodes(n.kids) + "]"
	case "cast":
		return "(" + n.kids[0].canonical() + ")::" + n.text
	case "case":
		return "case(" + joinNodes(n.kids) + ")"
	case "subscript":
		return n.kids[0].canonical() + "[" + joinNodes(n.kids[1:]) + "]"
	case "neg", "not":
		return n.op + "(" + n.kids[0].canonical() + ")"
	case "postfix":
		return "(" + n.kids[0].canonical() + " " + n.text + ")"
	}
	return "(" + n.kids[0].canonical() + " " + n.op + " " + n.kids[1].canonical() + ")"
}

func joinNodes(ns []*node) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = n.canonical()
	}
	return strings.Join(s, ", ")
}

// exprParser parses a token slice.
type exprParser struct {
	toks []token
	i    int
	bad  bool
}

// parseExpr parses s into a normalized tree; ok is false when s uses syntax
// the parser does not know.
func parseExpr(s string) (*node, bool) {
	p := &exprParser{toks: tokenize(s)}
	if len(p.toks) == 0 {
		return nil, false
	}
	n := p.or()
	if p.bad || p.i != len(p.toks) || n == nil {
		return nil, false
	}
	return normalizeNode(n), true
}

func (p *exprParser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return token{kind: tokOp, text: ""}
}

func (p *exprParser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tokIdent && t.text == w
}

func (p *exprParser) isOp(o string) bool {
	t := p.peek()
	return t.kind == tokOp && t.text == o
}

func (p *exprParser) next() token {
	t := p.peek()
	p.i++
	return t
}

func (p *exprParser) expectOp(o string) {
	if !p.isOp(o) {
		p.bad = true
		return
	}
	p.i++
}

func bin(op string, l, r *node) *node { return &node{op: op, kids: []*node{l, r}} }

func (p *exprParser) or() *node {
	n := p.and()
	for !p.bad && p.isWord("or") {
		p.i++
		n = bin("or", n, p.and())
	}
	return n
}

func (p *exprParser) and() *node {
	n := p.not()
	for !p.bad && p.isWord("and") {
		p.i++
		n = bin("and", n, p.not())
	}
	return n
}

func (p *exprParser) not() *node {
	if p.isWord("not") {
		p.i++
		return &node{op: "not", kids: []*node{p.not()}}
	}
	return p.cmp()
}

var cmpOps = map[string]bool{"=": true, "<>": true, "<": true, ">": true, "<=": true, ">=": true}

func (p *exprParser) cmp() *node {
	n := p.other()
	for !p.bad {
		t := p.peek()
		switch {
		case t.kind == tokOp && cmpOps[t.text]:
			p.i++
			if p.isWord("any") || p.isWord("all") {
				q := p.next().text
				p.expectOp("(")
				arg := p.or()
				p.expectOp(")")
				n = bin(t.text+" "+q, n, arg)
				continue
			}
			n = bin(t.text, n, p.other())
		case t.kind == tokIdent && t.text == "is":
			p.i++
			neg := ""
			if p.isWord("not") {
				p.i++
				neg = "not "
			}
			switch {
			case p.isWord("null"), p.isWord("true"), p.isWord("false"):
				n = &node{op: "postfix", text: "is " + neg + p.next().text, kids: []*node{n}}
			case p.isWord("distinct"):
				p.i++
				if !p.isWord("from") {
					p.bad = true
					return nil
				}
				p.i++
				// PostgreSQL prints a IS NOT DISTINCT FROM b as
				// NOT (a IS DISTINCT FROM b).
				n = bin("is distinct from", n, p.other())
				if neg != "" {
					n = &node{op: "not", kids: []*node{n}}
				}
			default:
				p.bad = true
				return nil
			}
		case t.kind == tokIdent && (t.text == "in" || t.text == "like" || t.text == "ilike" || t.text == "between" || t.text == "similar" ||
			t.text == "not" && p.i+1 < len(p.toks) && isNegatable(p.toks[p.i+1])):
			neg := ""
			if t.text == "not" {
				p.i++
				neg = "not "
			}
			w := p.next().text
			switch w {
			case "in":
				p.expectOp("(")
				items := p.list(")")
				// PostgreSQL stores x IN (a, b) as x = ANY (ARRAY[a, b]),
				// and x IN (a) as x = a.
				arr := &node{op: "array", kids: items}
				switch {
				case len(items) == 1 && neg == "":
					n = bin("=", n, items[0])
				case len(items) == 1:
					n = bin("<>", n, items[0])
				case neg == "":
					n = bin("= any", n, arr)
				default:
					n = bin("<> all", n, arr)
				}
			case "between":
				lo := p.other()
				if !p.isWord("and") {
					p.bad = true
					return nil
				}
				p.i++
				hi := p.other()
				// PostgreSQL stores BETWEEN as two comparisons, and NOT
				// BETWEEN as their opposites: (x < lo) OR (x > hi).
				if neg == "" {
					n = bin("and", bin(">=", n, lo), bin("<=", n, hi))
				} else {
					n = bin("or", bin("<", n, lo), bin(">", n, hi))
				}
			case "similar":
				// x SIMILAR TO p [ESCAPE e] is stored as
				// x ~ similar_to_escape(p[, e]).
				if !p.isWord("to") {
					p.bad = true
					return nil
				}
				p.i++
				pat := &node{op: "call", text: "similar_to_escape", kids: []*node{p.other()}}
				if p.isWord("escape") {
					p.i++
					pat.kids = append(pat.kids, p.other())
				}
				op := "~"
				if neg != "" {
					op = "!~"
				}
				n = bin(op, n, pat)
			default: // like, ilike: PostgreSQL prints them as ~~ and ~~*
				op := map[string]string{"like": "~~", "ilike": "~~*"}[w]
				if neg != "" {
					op = "!" + op
				}
				n = bin(op, n, p.other())
			}
		default:
			return n
		}
	}
	return n
}

func isNegatable(t token) bool {
	return t.kind == tokIdent && (t.text == "in" || t.text == "like" || t.text == "ilike" || t.text == "between" || t.text == "similar")
}

// other reads PostgreSQL's "any other operator" level: ||, ~~, ~*, ->>,
// @>, ?, &&, #>> … bind tighter than comparisons, LIKE, IN and BETWEEN,
// and looser than + and -, all alike and from the left.
func (p *exprParser) other() *node {
	n := p.add()
	for !p.bad && isOtherOp(p.peek()) {
		op := p.next().text
		n = bin(op, n, p.add())
	}
	return n
}

// isOtherOp reports whether t is an operator of the other level: made of
// operator characters and none of the operators with a level of their own.
func isOtherOp(t token) bool {
	if t.kind != tokOp || t.text == "" || cmpOps[t.text] {
		return false
	}
	switch t.text {
	case "+", "-", "*", "/", "%", "^", "::", "`":
		return false
	}
	return strings.Trim(t.text, "+-*/<>=~!@#%^&|`?") == ""
}

func (p *exprParser) add() *node {
	n := p.mul()
	for !p.bad && (p.isOp("+") || p.isOp("-")) {
		op := p.next().text
		n = bin(op, n, p.mul())
	}
	return n
}

func (p *exprParser) mul() *node {
	n := p.unary()
	for !p.bad && (p.isOp("*") || p.isOp("/") || p.isOp("%")) {
		op := p.next().text
		n = bin(op, n, p.unary())
	}
	return n
}

func (p *exprParser) unary() *node {
	if p.isOp("-") {
		p.i++
		operand := p.unary()
		if operand != nil && operand.op == "atom" && isNumber(operand.text) {
			return &node{op: "atom", text: "-" + operand.text}
		}
		return &node{op: "neg", kids: []*node{operand}}
	}
	if p.isOp("+") {
		p.i++
		return p.unary()
	}
	return p.postfix()
}

func (p *exprParser) postfix() *node {
	n := p.primary()
	for !p.bad {
		switch {
		case p.isOp("::"):
			p.i++
			n = &node{op: "cast", text: p.typeName(), kids: []*node{n}}
		case p.isWord("collate"):
			// a COLLATE "C", which PostgreSQL prints in parentheses.
			p.i++
			c := p.next()
			if c.kind != tokIdent && c.kind != tokQIdent {
				p.bad = true
				return nil
			}
			name := c.text
			if c.kind == tokQIdent {
				name = `"` + name + `"`
			}
			n = &node{op: "postfix", text: "collate " + name, kids: []*node{n}}
		case p.isOp("[") && n != nil && n.op != "array":
			// A subscript a[i] or a slice a[i:j].
			p.i++
			sub := &node{op: "subscript", kids: []*node{n, p.or()}}
			if p.isOp(":") {
				p.i++
				sub.kids = append(sub.kids, p.or())
			}
			p.expectOp("]")
			n = sub
		default:
			return n
		}
	}
	return n
}

// typeName reads a type after ::, e.g. `character varying(10)[]`.
func (p *exprParser) typeName() string {
	if t := p.peek(); t.kind != tokIdent && t.kind != tokQIdent {
		p.bad = true
		return ""
	}
	name := p.next().text
	// Multi-word type names continue only with their own words, so that
	// `'p'::text ELSE …` stops at text.
	for {
		t := p.peek()
		if t.kind != tokIdent || !multiWordType[name+" "+t.text] {
			break
		}
		name += " " + p.next().text
	}
	if p.isOp("(") {
		end := matchParen(p.toks, p.i)
		if end < 0 {
			p.bad = true
			return ""
		}
		name += tokensString(p.toks[p.i : end+1])
		p.i = end + 1
	}
	for p.isOp("[") && p.i+1 < len(p.toks) && p.toks[p.i+1].text == "]" {
		name += "[]"
		p.i += 2
	}
	return canonicalTypeName(name)
}

// multiWordType holds the prefixes of PostgreSQL's multi-word type names.
var multiWordType = map[string]bool{
	"character varying": true, "double precision": true, "bit varying": true,
	"timestamp with": true, "timestamp with time": true, "timestamp with time zone": true,
	"timestamp without": true, "timestamp without time": true, "timestamp without time zone": true,
	"time with": true, "time with time": true, "time with time zone": true,
	"time without": true, "time without time": true, "time without time zone": true,
}

// canonicalTypeName maps type spellings PostgreSQL prints to one name.
func canonicalTypeName(s string) string {
	switch s {
	case "varchar", "character varying":
		return "character varying"
	case "int", "int4", "integer":
		return "integer"
	case "int8", "bigint":
		return "bigint"
	case "bool", "boolean":
		return "boolean"
	case "timestamptz", "timestamp with time zone":
		return "timestamptz"
	case "decimal", "numeric":
		return "numeric"
	}
	return s
}

func (p *exprParser) primary() *node {
	t := p.peek()
	switch {
	case t.kind == tokOp && t.text == "(":
		p.i++
		n := p.or()
		if p.isOp(",") { // a row or list: (a, b)
			items := []*node{n}
			for p.isOp(",") {
				p.i++
				items = append(items, p.or())
			}
			p.expectOp(")")
			return &node{op: "list", kids: items}
		}
		p.expectOp(")")
		return n
	case t.kind == tokString:
		p.i++
		return &node{op: "atom", text: "'" + strings.ReplaceAll(t.text, "'", "''") + "'"}
	case t.kind == tokNumber:
		p.i++
		return &node{op: "atom", text: canonicalNumber(t.text)}
	case t.kind == tokQIdent:
		p.i++
		return &node{op: "atom", text: `"` + t.text + `"`}
	case t.kind == tokIdent:
		p.i++
		switch t.text {
		case "case":
			return p.caseExpr()
		case "array":
			if p.isOp("[") {
				p.i++
				return &node{op: "array", kids: p.list("]")}
			}
		case "substring", "trim", "position", "extract", "overlay", "cast":
			if p.isOp("(") {
				p.i++
				return p.specialCall(t.text)
			}
		}
		if p.isOp("(") {
			p.i++
			return &node{op: "call", text: t.text, kids: p.list(")")}
		}
		// A typed literal, interval '1 day', is the string cast to the type.
		if q := p.peek(); q.kind == tokString || q.kind == tokIdent && multiWordType[t.text+" "+q.text] {
			name := t.text
			for q := p.peek(); q.kind == tokIdent && multiWordType[name+" "+q.text]; q = p.peek() {
				name += " " + p.next().text
			}
			if p.peek().kind == tokString {
				lit := p.primary()
				return &node{op: "cast", text: canonicalTypeName(name), kids: []*node{lit}}
			}
			p.bad = true
			return nil
		}
		// A qualified name a.b.
		name := t.text
		for p.isOp(".") && p.i+1 < len(p.toks) && (p.toks[p.i+1].kind == tokIdent || p.toks[p.i+1].kind == tokQIdent) {
			name += "." + p.toks[p.i+1].text
			p.i += 2
		}
		return &node{op: "atom", text: name}
	}
	p.bad = true
	return nil
}

// specialCall reads the SQL-standard call syntax of substring, trim,
// position, extract, overlay and cast after their "(", into the call of
// the function it stands for, the way PostgreSQL prints both spellings:
// SUBSTRING(a FROM b FOR c) is substring(a, b, c), TRIM(BOTH x FROM a) is
// trim(both, a, x), POSITION(a IN b) is position(a, b), EXTRACT(f FROM a)
// is extract(f, a), OVERLAY(a PLACING b FROM c FOR d) is overlay(a, b, c,
// d), CAST(a AS t) is a::t.
func (p *exprParser) specialCall(name string) *node {
	call := &node{op: "call", text: name}
	switch name {
	case "substring", "overlay":
		first := p.or()
		if p.isOp(",") || p.isOp(")") {
			call.kids = append([]*node{first}, p.listRest()...)
			return call
		}
		call.kids = []*node{first}
		if name == "overlay" {
			if !p.isWord("placing") {
				p.bad = true
				return nil
			}
			p.i++
			call.kids = append(call.kids, p.or())
		}
		if p.isWord("from") {
			p.i++
			call.kids = append(call.kids, p.or())
		} else if name == "substring" {
			// SUBSTRING(a FOR c) starts at 1.
			call.kids = append(call.kids, &node{op: "atom", text: "1"})
		}
		if p.isWord("for") {
			p.i++
			call.kids = append(call.kids, p.or())
		}
	case "trim":
		mode := "both"
		if p.isWord("both") || p.isWord("leading") || p.isWord("trailing") {
			mode = p.next().text
		}
		var chars, from *node
		if p.isWord("from") { // TRIM([mode] FROM a)
			p.i++
			from = p.or()
		} else {
			x := p.or()
			if p.isWord("from") { // TRIM([mode] chars FROM a)
				p.i++
				chars, from = x, p.or()
			} else if p.isOp(",") { // TRIM(a, chars)
				p.i++
				from, chars = x, p.or()
			} else {
				from = x
			}
		}
		call.kids = []*node{{op: "atom", text: mode}, from}
		if chars != nil {
			call.kids = append(call.kids, chars)
		}
	case "position":
		// b_expr IN b_expr: the IN is not the IN operator.
		a := p.other()
		if !p.isWord("in") {
			p.bad = true
			return nil
		}
		p.i++
		call.kids = []*node{a, p.other()}
	case "extract":
		f := p.next()
		field := f.text
		if f.kind != tokIdent && f.kind != tokString || !p.isWord("from") {
			p.bad = true
			return nil
		}
		p.i++
		call.kids = []*node{{op: "atom", text: strings.ToLower(field)}, p.or()}
	case "cast":
		x := p.or()
		if !p.isWord("as") {
			p.bad = true
			return nil
		}
		p.i++
		n := &node{op: "cast", text: p.typeName(), kids: []*node{x}}
		p.expectOp(")")
		return n
	}
	p.expectOp(")")
	return call
}

// listRest reads the rest of a call's arguments after the first: ", b,
// c)" or ")".
func (p *exprParser) listRest() []*node {
	if p.isOp(")") {
		p.i++
		return nil
	}
	p.i++ // the comma
	return p.list(")")
}

// list reads comma-separated expressions up to the closing token.
func (p *exprParser) list(closing string) []*node {
	var items []*node
	if p.isOp(closing) {
		p.i++
		return items
	}
	for !p.bad {
		items = append(items, p.or())
		if p.isOp(",") {
			p.i++
			continue
		}
		p.expectOp(closing)
		break
	}
	return items
}

// caseExpr reads CASE … END as a list of its parts.
func (p *exprParser) caseExpr() *node {
	n := &node{op: "case"}
	if !p.isWord("when") {
		n.kids = append(n.kids, p.or()) // CASE x WHEN …
	}
	for !p.bad && !p.isWord("end") {
		switch {
		case p.isWord("when"), p.isWord("then"), p.isWord("else"):
			w := p.next().text
			n.kids = append(n.kids, &node{op: "atom", text: w}, p.or())
		default:
			p.bad = true
			return nil
		}
	}
	if !p.isWord("end") {
		p.bad = true
		return nil
	}
	p.i++
	// A CASE without ELSE is NULL when no branch is taken; PostgreSQL
	// prints the ELSE NULL::type it stands for.
	if k := len(n.kids); k < 2 || n.kids[k-2].text != "else" {
		n.kids = append(n.kids, &node{op: "atom", text: "else"}, &node{op: "atom", text: "null"})
	}
	return n
}

func isNumber(s string) bool {
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '.')
}

// canonicalNumber writes a number by its value, so that 1.50, 1.5 and
// 15e-1 read the same (PostgreSQL prints 1e3 back as '1000'::numeric).
func canonicalNumber(s string) string {
	if r, ok := new(big.Rat).SetString(s); ok {
		return r.RatString()
	}
	return s
}

// normalizeNode removes what the database adds when it prints an
// expression back: casts of literals ('a'::text, (0)::numeric), and casts
// of a column to a text type (lower(email::text) for a varchar column).
func normalizeNode(n *node) *node {
	if n == nil {
		return nil
	}
	for i, k := range n.kids {
		n.kids[i] = normalizeNode(k)
	}
	if n.op != "cast" {
		return n
	}
	inner := n.kids[0]
	switch {
	// PostgreSQL prints a number it stored as a constant of the column's
	// type as a string: -1 reads '-1'::integer, 1e3 '1000'::numeric.
	case inner.op == "atom" && strings.HasPrefix(inner.text, "'") && numericCast(n.text):
		if v := strings.ReplaceAll(inner.text[1:len(inner.text)-1], "''", "'"); isNumberText(v) {
			return &node{op: "atom", text: signedNumber(v)}
		}
		return inner
	// An interval by its value: interval '1 hour' reads back
	// '01:00:00'::interval.
	case inner.op == "atom" && strings.HasPrefix(inner.text, "'") && n.text == "interval":
		if k, ok := intervalKey(strings.ReplaceAll(inner.text[1:len(inner.text)-1], "''", "'")); ok {
			return &node{op: "atom", text: "interval(" + k + ")"}
		}
		return inner
	case inner.op == "atom" && isLiteralAtom(inner.text):
		return inner
	case inner.op == "atom" && (n.text == "text" || n.text == "character varying"):
		return inner
	// PostgreSQL widens an operand of mixed arithmetic with a cast it
	// prints back: price * quantity on numeric and integer columns reads
	// price * (quantity)::numeric. A widening cast of a column changes no
	// value, so it is the expression the model wrote.
	case inner.op == "atom" && !isLiteralAtom(inner.text) && (n.text == "numeric" || n.text == "double precision" || n.text == "bigint"):
		return inner
	case inner.op == "array" && strings.HasSuffix(n.text, "[]"):
		return inner
	}
	return n
}

func isLiteralAtom(s string) bool {
	return strings.HasPrefix(s, "'") || isNumber(s) || strings.HasPrefix(s, "-") || s == "null" || s == "true" || s == "false"
}

// numericCast reports whether a canonical type name is a number type.
func numericCast(t string) bool {
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i]
	}
	switch t {
	case "integer", "bigint", "smallint", "int2", "numeric", "real", "float4", "float8", "double precision":
		return true
	}
	return false
}

// isNumberText reports whether s is a number literal, with an optional sign.
func isNumberText(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" || !(s[0] >= '0' && s[0] <= '9' || s[0] == '.') {
		return false
	}
	_, ok := new(big.Rat).SetString(s)
	return ok
}

// signedNumber is the canonical atom of a number literal with an optional
// sign, as unary() writes a negated number.
func signedNumber(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return "-" + canonicalNumber(rest)
	}
	return canonicalNumber(strings.TrimPrefix(s, "+"))
}

// exprTreesEqual compares two expressions as parse trees; ok is false when
// either does not parse.
func exprTreesEqual(a, b string) (equal, ok bool) {
	na, oka := parseExpr(a)
	nb, okb := parseExpr(b)
	if !oka || !okb {
		return false, false
	}
	ca, cb := na.canonical(), nb.canonical()
	return ca == cb || intervalLiteralEqual(ca, cb) || intervalLiteralEqual(cb, ca), true
}

// intervalLiteralEqual reports whether x, a whole expression that is an
// interval literal, is y, a string of the same interval: the PostgreSQL
// inspector reports a default interval '1 hour' as the '01:00:00' it
// prints, its cast stripped.
func intervalLiteralEqual(x, y string) bool {
	k, ok := strings.CutPrefix(x, "interval(")
	if !ok || len(y) < 2 || y[0] != '\'' || y[len(y)-1] != '\'' {
		return false
	}
	yk, ok := intervalKey(strings.ReplaceAll(y[1:len(y)-1], "''", "'"))
	return ok && "interval("+yk+")" == x && strings.HasSuffix(k, ")")
}

// exprKey returns a comparison key for an expression: its canonical parse
// tree when it parses, else its normalized tokens. Two expressions that
// exprEqual calls equal and that both parse have the same key, but for a
// whole interval literal against the string PostgreSQL prints for it
// (intervalLiteralEqual), which no index key is.
func exprKey(s string) string {
	if n, ok := parseExpr(s); ok {
		return "tree:" + n.canonical()
	}
	return "tokens:" + tokensString(normalizeExpr(s))
}

// intervalKey returns a canonical key for the text of an interval literal,
// so that interval '1 hour' and the '01:00:00'::interval PostgreSQL prints
// back compare equal: months, days and microseconds, kept apart as
// PostgreSQL keeps them ('1 day' is not '24 hours'). ok is false for text
// it does not read (ISO 8601 forms, unknown units).
func intervalKey(s string) (key string, ok bool) {
	var months, days, micros big.Rat
	f := strings.Fields(strings.ToLower(s))
	neg := false
	if n := len(f); n > 0 && f[n-1] == "ago" {
		neg, f = true, f[:n-1]
	}
	if len(f) == 0 {
		return "", false
	}
	for i := 0; i < len(f); i++ {
		w := f[i]
		if strings.Contains(w, ":") {
			us, ok := clockMicros(w)
			if !ok {
				return "", false
			}
			micros.Add(&micros, us)
			continue
		}
		// A number with its unit attached (1y, 100ms) or in the next field.
		j := 0
		for j < len(w) && (w[j] >= '0' && w[j] <= '9' || w[j] == '.' || w[j] == '-' || w[j] == '+') {
			j++
		}
		num, unit := w[:j], w[j:]
		if unit == "" && i+1 < len(f) {
			i++
			unit = f[i]
		}
		v, ok := new(big.Rat).SetString(strings.TrimPrefix(num, "+"))
		if num == "" || !ok {
			return "", false
		}
		u, ok := intervalUnits[unit]
		if !ok {
			return "", false
		}
		months.Add(&months, new(big.Rat).Mul(v, big.NewRat(u[0], 1)))
		days.Add(&days, new(big.Rat).Mul(v, big.NewRat(u[1], 1)))
		micros.Add(&micros, new(big.Rat).Mul(v, big.NewRat(u[2], 1)))
	}
	// Fractions spill down as PostgreSQL spills them: a month is 30 days,
	// a day 24 hours.
	spill := func(from, to *big.Rat, per int64) {
		whole := new(big.Int).Quo(from.Num(), from.Denom())
		frac := new(big.Rat).Sub(from, new(big.Rat).SetInt(whole))
		from.SetInt(whole)
		to.Add(to, frac.Mul(frac, big.NewRat(per, 1)))
	}
	spill(&months, &days, 30)
	spill(&days, &micros, 24*3600*1e6)
	if neg {
		months.Neg(&months)
		days.Neg(&days)
		micros.Neg(&micros)
	}
	return months.RatString() + " mons " + days.RatString() + " days " + micros.RatString() + " us", true
}

// intervalUnits gives each unit's months, days and microseconds.
var intervalUnits = func() map[string][3]int64 {
	m := map[string][3]int64{}
	add := func(v [3]int64, names ...string) {
		for _, n := range names {
			m[n] = v
		}
	}
	add([3]int64{12000, 0, 0}, "millennium", "millennia", "millenniums", "mil", "mils")
	add([3]int64{1200, 0, 0}, "century", "centuries", "c", "cent")
	add([3]int64{120, 0, 0}, "decade", "decades", "dec", "decs")
	add([3]int64{12, 0, 0}, "year", "years", "y", "yr", "yrs")
	add([3]int64{1, 0, 0}, "month", "months", "mon", "mons")
	add([3]int64{0, 7, 0}, "week", "weeks", "w")
	add([3]int64{0, 1, 0}, "day", "days", "d")
	add([3]int64{0, 0, 3600e6}, "hour", "hours", "h", "hr", "hrs")
	add([3]int64{0, 0, 60e6}, "minute", "minutes", "m", "min", "mins")
	add([3]int64{0, 0, 1e6}, "second", "seconds", "s", "sec", "secs")
	add([3]int64{0, 0, 1e3}, "millisecond", "milliseconds", "ms", "msec", "msecs")
	add([3]int64{0, 0, 1}, "microsecond", "microseconds", "us", "usec", "usecs")
	return m
}()

// clockMicros reads [-]H:MM[:SS[.fff]] as microseconds.
func clockMicros(w string) (*big.Rat, bool) {
	neg := strings.HasPrefix(w, "-")
	parts := strings.Split(strings.TrimLeft(w, "+-"), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, false
	}
	total := new(big.Rat)
	for i, p := range parts {
		v, ok := new(big.Rat).SetString(p)
		if p == "" || !ok || v.Sign() < 0 || i < 2 && !v.IsInt() {
			return nil, false
		}
		per := [...]int64{3600e6, 60e6, 1e6}[i]
		total.Add(total, v.Mul(v, big.NewRat(per, 1)))
	}
	if neg {
		total.Neg(total)
	}
	return total, true
}
