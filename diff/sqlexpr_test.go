package diff

import "testing"

func TestExprEqual(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		equal bool
	}{
		// As the models write it, and as PostgreSQL prints it back.
		{"score >= 0 AND score <= 100", "((score >= 0) AND (score <= 100))", true},
		{"price > 0", "(price > (0)::numeric)", true},
		{"lower(email)", "lower((email)::text)", true},
		{"lower(email)", "lower(email::text)", true},
		{"status IN ('a', 'b')", "(status = ANY (ARRAY['a'::text, 'b'::text]))", true},
		{"status NOT IN ('a', 'b')", "(status <> ALL (ARRAY['a'::text, 'b'::text]))", true},
		{"age BETWEEN 1 AND 9", "((age >= 1) AND (age <= 9))", true},
		{"name LIKE 'a%'", "((name)::text ~~ 'a%'::text)", true},
		{"deleted_at IS NULL", "(deleted_at IS NULL)", true},
		{"quantity * unit_price", "((quantity)::numeric * unit_price)", true}, // PostgreSQL's widening cast
		{"price * quantity", "(price * (quantity)::double precision)", true},
		{"price::integer * quantity", "(price * quantity)", false}, // a narrowing cast is the model's
		{"quantity * unit_price", "(quantity * unit_price)", true},
		{"a + b * c", "(a + (b * c))", true},
		{"length(name) > 0", "(length((name)::text) > 0)", true},
		{"x = 1.50", "(x = 1.5)", true},
		{"x = 0", "(x = 0.0)", true},
		{"x = -1", "(x = '-1'::integer)", true}, // PostgreSQL prints a negative constant so
		{"x = -1", "(x = '1'::integer)", false},
		{"x > -1.50", "(x > '-1.5'::numeric)", true},
		{"x < 1e3", "(x < '1000'::numeric)", true},
		{"x < 1e3", "(x < '100'::numeric)", false},
		{"x = '1'", "(x = '1'::text)", true},
		{"x = 1", "(x = '1'::text)", false}, // a string is not a number
		// A CASE without ELSE: PostgreSQL prints the ELSE NULL it means.
		{"CASE WHEN a > 0 THEN 'p' END", "CASE WHEN (a > 0) THEN 'p'::text ELSE NULL::text END", true},
		{"CASE WHEN a > 0 THEN 'p' END", "CASE WHEN (a > 0) THEN 'p'::text ELSE 'n'::text END", false},
		{"CASE WHEN a > 0 THEN 'p' ELSE NULL END", "CASE WHEN (a > 0) THEN 'p'::text END", true},
		// NOT BETWEEN, IS NOT DISTINCT FROM and a one-item IN as PostgreSQL stores them.
		{"a NOT BETWEEN 1 AND 9", "((a < 1) OR (a > 9))", true},
		{"a NOT BETWEEN 1 AND 9", "((a >= 1) AND (a <= 9))", false},
		{"a IS NOT DISTINCT FROM b", "(NOT (a IS DISTINCT FROM (b)::text))", true},
		{"a IS NOT DISTINCT FROM b", "(a IS DISTINCT FROM (b)::text)", false},
		{"status IN ('a')", "((status)::text = 'a'::text)", true},
		{"status NOT IN ('a')", "((status)::text <> 'a'::text)", true},
		{"status IN ('a')", "((status)::text <> 'a'::text)", false},
		// Operators of PostgreSQL's other level, with its precedence.
		{"data->>'k' IS NOT NULL", "((data ->> 'k'::text) IS NOT NULL)", true},
		{"data->'a'->>'b' = 'x'", "(((data -> 'a'::text) ->> 'b'::text) = 'x'::text)", true},
		{"data->>'k' = 'x'", "((data ->> 'j'::text) = 'x'::text)", false},
		{"a || b LIKE 'x%'", "((a || b) ~~ 'x%'::text)", true},
		{"'a' || 1 + 2", "('a'::text || (1 + 2))", true},
		{"tags && ARRAY['a']", "(tags && ARRAY['a'::text])", true},
		// SQL's own call syntax, as PostgreSQL prints it.
		{"substring(name from 2) <> 'x'", "(SUBSTRING(name FROM 2) <> 'x'::text)", true},
		{"substring(name from 2 for 3)", `"substring"(name, 2, 3)`, true},
		{"substring(name for 3)", "SUBSTRING(name FROM 1 FOR 3)", true},
		{"substring(name from 2 for 3)", "SUBSTRING(name FROM 2)", false},
		{"substring(name from 2)", "SUBSTRING(name FROM 3)", false},
		{"trim(name) <> ''", "(TRIM(BOTH FROM name) <> ''::text)", true},
		{"trim(both ' ' from name)", "TRIM(BOTH ' '::text FROM name)", true},
		{"trim(leading from name)", "TRIM(BOTH FROM name)", false},
		{"position('a' in name) > 0", "(POSITION(('a'::text) IN (name)) > 0)", true},
		{"position('a' in name) > 0", "(POSITION(('b'::text) IN (name)) > 0)", false},
		{"extract(year from created) > 2000", "(EXTRACT(year FROM created) > (2000)::numeric)", true},
		{"extract(month from created) > 2000", "(EXTRACT(year FROM created) > (2000)::numeric)", false},
		{"overlay(name placing 'x' from 1) <> ''", "(OVERLAY(name PLACING 'x'::text FROM 1) <> ''::text)", true},
		{"cast(qty as bigint) > 0", "((qty)::bigint > 0)", true},
		{"cast(qty as text) = '1'", "((qty)::text = '1'::text)", true},
		{"cast(price as integer) > 0", "(price > 0)", false},
		// A typed literal is the string cast to its type.
		{"created > now() - interval '1 day'", "(created > (now() - '1 day'::interval))", true},
		{"created > timestamp with time zone '2020-01-01'", "(created > '2020-01-01'::timestamp with time zone)", true},
		{"created > now() - interval '1 day'", "(created > (now() - '2 days'::interval))", false},
		// Intervals by value, as PostgreSQL prints them back.
		{"now() + interval '1 hour'", "(now() + '01:00:00'::interval)", true},
		{"now() + interval '90 minutes'", "(now() + '01:30:00'::interval)", true},
		{"now() + interval '2 weeks'", "(now() + '14 days'::interval)", true},
		{"now() + interval '1.5 years'", "(now() + '1 year 6 mons'::interval)", true},
		{"now() + interval '1 hour ago'", "(now() + '-01:00:00'::interval)", true},
		{"now() + interval '1y 2mons 100ms'", "(now() + '1 year 2 mons 00:00:00.1'::interval)", true},
		{"now() + '1 day'::interval", "(now() + '24:00:00'::interval)", false}, // PostgreSQL keeps days apart
		{"now() + interval '1 hour'", "(now() + '02:00:00'::interval)", false},
		{"now() + interval 'P1D'", "(now() + '1 day'::interval)", false}, // ISO 8601 is not read
		{"SUBSTRING('abc'::text FROM 2)", "substring('abc' from 2)", true},
		// COLLATE and SIMILAR TO as PostgreSQL prints them.
		{`upper(name) = name COLLATE "C"`, `(upper(name) = (name COLLATE "C"))`, true},
		{`upper(name) = name COLLATE "C"`, `(upper(name) = (name COLLATE "POSIX"))`, false},
		{"name SIMILAR TO 'a%'", "(name ~ similar_to_escape('a%'::text))", true},
		{"name NOT SIMILAR TO 'a%' ESCAPE '#'", "(name !~ similar_to_escape('a%'::text, '#'::text))", true},
		{"name SIMILAR TO 'a%'", "(name ~ similar_to_escape('b%'::text))", false},
		// Subscripts.
		{"tags[1] <> 'x' AND tags[2] <> ']'", "((tags[1] <> 'x'::text) AND (tags[2] <> ']'::text))", true},
		{"tags[1:2] = ARRAY['a']", "(tags[1:2] = ARRAY['a'::text])", true},
		{"tags[1] <> 'x'", "(tags[2] <> 'x'::text)", false},
		{"x > -1", "(x > (-1))", true},
		{"CASE WHEN a > 0 THEN 'p' ELSE 'n' END", "CASE WHEN (a > 0) THEN 'p'::text ELSE 'n'::text END", true},
		{"d::timestamp with time zone < now()", "((d)::timestamptz < now())", true},
		{"d::timestamptz < now() AND e", "(((d)::timestamp with time zone < now()) AND e)", true},
		// Strings by their value: PostgreSQL prints E'…' back as '…'.
		{`name <> E'it\'s'`, "(name <> 'it''s'::text)", true},
		{`name <> E'a\\b'`, `(name <> 'a\b'::text)`, true},
		{`name <> E'tab\there'`, "(name <> 'tab\there'::text)", true},
		{`name <> E'a\\b'`, `(name <> 'a\\b'::text)`, false},
		{`name <> E'it\'s'`, "(name <> 'it''z'::text)", false},
		// Comments are not part of the expression.
		{"price > 0 /* positive */", "(price > (0)::numeric)", true},
		{"price > /* a /* nested */ one */ 0 -- and a line", "(price > (0)::numeric)", true},
		{"price > 0 /* 1 */", "(price > (1)::numeric)", false},
		// Parentheses that change the meaning are kept.
		{"(a OR b) AND c", "a OR b AND c", false},
		{"a OR (b AND c)", "a OR b AND c", true},
		{"a - (b - c)", "a - b - c", false},
		{"NOT a AND b", "NOT (a AND b)", false},
		// Different expressions stay different.
		{"score >= 0", "score > 0", false},
		{"lower(email)", "upper(email)", false},
		{"status IN ('a', 'b')", "status IN ('a', 'c')", false},
		{"\"Name\" = 'x'", "name = 'x'", false},
		// SQLite's backtick quoting, as GORM writes it.
		{"`age` > 0", "age > 0", true},
		{"`first name` <> ''", "\"first name\" <> ''", true},
		{"`age` > 0", "age > 1", false},
		{"age == 1", "age = 1", true},
		// Bit strings as PostgreSQL prints them.
		{"b <> B'00000001' AND b <> X'1F'", `((b <> '00000001'::"bit") AND (b <> '00011111'::"bit"))`, true},
		{"b <> X'1F'", `(b <> '00011110'::"bit")`, false},
		{"name <> '`'", "(name <> '`'::text)", true}, // a backtick in a string changes nothing
	} {
		if got := exprEqual(tt.a, tt.b); got != tt.equal {
			t.Errorf("exprEqual(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.equal)
		}
	}
}

func TestParseExprGivesUpOnUnknownSyntax(t *testing.T) {
	for _, s := range []string{"x IS OF (integer)", "a[:2] > 0", "EXISTS (SELECT 1)", ""} {
		if _, ok := parseExpr(s); ok {
			t.Errorf("parseExpr(%q) parsed; it should give up and let tokens compare", s)
		}
	}
	// Falling back to tokens still works for them.
	if !exprEqual("(a[:2] > 0)", "a[:2] > 0") {
		t.Error("token fallback: (a[:2] > 0) and a[:2] > 0 differ")
	}
}

func TestDefaultsEqual(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		equal bool
	}{
		// As the models write it, and as the PostgreSQL inspector reports it.
		{"'true'", "true", true},
		{"false", "'false'", true},
		{"'TRUE'", "true", false}, // on a text column, 'TRUE' is not the 'true' DEFAULT true stores
		{"'yes'", "true", false},
		{"-1", "-1", true},
		{"1e3", "1000", true},
		{`E'it\'s'`, "'it''s'", true},
		{`E'it\'s'`, "'its'", false},
		{"/* c */ 'x'", "'x'", true},
		{"substring('abc' from 2)", "SUBSTRING('abc'::text FROM 2)", true},
		{"now()", "CURRENT_TIMESTAMP", false},
		{"interval '1 hour'", "'01:00:00'", true}, // the inspector strips the cast
		{"interval '1 hour'", "'02:00:00'", false},
		{"'1 hour'", "'01:00:00'", false}, // two strings are two strings
	} {
		if got := defaultsEqual(tt.a, tt.b); got != tt.equal {
			t.Errorf("defaultsEqual(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.equal)
		}
	}
}

// FuzzExprEqual: comparing expressions never panics, whatever the text
// (a CHECK another tool wrote, a default with a typo), and every
// expression equals itself, with one key.
func FuzzExprEqual(f *testing.F) {
	for _, s := range []string{
		"score >= 0 AND score <= 100", "(price > (0)::numeric)", "status IN ('a', 'b')",
		"CASE WHEN a > 0 THEN 'p' END", "substring(name from 2 for 3)", "trim(both ' ' from x)",
		"position('a' in b)", "extract(year from c)", "cast(a as bigint)", "x NOT SIMILAR TO 'a' ESCAPE '#'",
		"tags[1:2]", "a COLLATE \"C\"", "now() + interval '1 hour'", "E'it\\'s'", "a ->> 'k' @> b",
		"overlay(a placing b from 1 for 2)", "a IS NOT DISTINCT FROM b", "x BETWEEN 1 AND 2", "-(-1)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !exprEqual(s, s) {
			t.Errorf("exprEqual(%q, itself) = false", s)
		}
		_ = exprKey(s)
		_ = defaultsEqual(s, s)
	})
}
