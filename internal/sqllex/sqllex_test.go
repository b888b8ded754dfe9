package sqllex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// show renders tokens as Kind:Text for comparison.
func show(src string, d Dialect) []string {
	var out []string
	s := New(src, d)
	for t := s.Next(); t.Kind != EOF; t = s.Next() {
		x := t.Kind.String() + ":" + t.Text
		if t.Unterminated {
			x += "…"
		}
		out = append(out, x)
	}
	return out
}

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		d    Dialect
		in   string
		want []string
	}{
		// Both dialects.
		{Postgres, `lower("User Name") = 'it''s'`, []string{"Ident:lower", "Punct:(", `QuotedIdent:"User Name"`, "Punct:)", "Op:=", "String:'it''s'"}},
		{SQLite, `lower("User Name") = 'it''s'`, []string{"Ident:lower", "Punct:(", `QuotedIdent:"User Name"`, "Punct:)", "Op:=", "String:'it''s'"}},
		{Postgres, "a -- to the end\n b", []string{"Ident:a", "Comment:-- to the end", "Ident:b"}},
		{Postgres, "12 1.5 .5 1e-3 1.e5 0x1F 1e 1..2", []string{"Number:12", "Number:1.5", "Number:.5", "Number:1e-3", "Number:1.e5", "Number:0x1F", "Number:1", "Ident:e", "Number:1", "Punct:.", "Number:.2"}},
		{Postgres, "été_1 a$b _x", []string{"Ident:été_1", "Ident:a$b", "Ident:_x"}},
		{Postgres, "'unterminated", []string{"String:'unterminated…"}},
		{Postgres, `"unterminated`, []string{`QuotedIdent:"unterminated…`}},
		{Postgres, "a /* unterminated", []string{"Ident:a", "Comment:/* unterminated…"}},
		{Postgres, "X'1F' B'101' x'0a'", []string{"BitString:X'1F'", "BitString:B'101'", "BitString:x'0a'"}},

		// PostgreSQL.
		{Postgres, `E'it\'s' e'\\' N'n' U&'d\0061t' U&"d\0061t"`, []string{`String:E'it\'s'`, `String:e'\\'`, "String:N'n'", `String:U&'d\0061t'`, `QuotedIdent:U&"d\0061t"`}},
		{Postgres, `'a\' b`, []string{`String:'a\'`, "Ident:b"}}, // standard strings: a backslash is a backslash
		{Postgres, "$$it's$$ $fn$ body $$ $fn$ $1 $x", []string{"String:$$it's$$", "String:$fn$ body $$ $fn$", "Param:$1", "Punct:$", "Ident:x"}},
		{Postgres, "$a$ never closed", []string{"String:$a$ never closed…"}},
		{Postgres, "/* a /* nested */ still */ b", []string{"Comment:/* a /* nested */ still */", "Ident:b"}},
		{Postgres, "x::int data->>'k' a||b a<>b a!=b a<=b ~~ !~~* @> #>> &&", []string{"Ident:x", "Op:::", "Ident:int", "Ident:data", "Op:->>", "String:'k'", "Ident:a", "Op:||", "Ident:b", "Ident:a", "Op:<>", "Ident:b", "Ident:a", "Op:!=", "Ident:b", "Ident:a", "Op:<=", "Ident:b", "Op:~~", "Op:!~~*", "Op:@>", "Op:#>>", "Op:&&"}},
		// PostgreSQL's trailing + or - rule: a<-1 is a < -1, but @- stays one operator.
		{Postgres, "a<-1 a*-1 a=-b a@-b", []string{"Ident:a", "Op:<", "Op:-", "Number:1", "Ident:a", "Op:*", "Op:-", "Number:1", "Ident:a", "Op:=", "Op:-", "Ident:b", "Ident:a", "Op:@-", "Ident:b"}},
		// A comment starts inside a run of operator characters.
		{Postgres, "a+--c\nb a*/*c*/b", []string{"Ident:a", "Op:+", "Comment:--c", "Ident:b", "Ident:a", "Op:*", "Comment:/*c*/", "Ident:b"}},
		{Postgres, "a[1:2] x:=1 ; ,", []string{"Ident:a", "Punct:[", "Number:1", "Punct::", "Number:2", "Punct:]", "Ident:x", "Op::=", "Number:1", "Punct:;", "Punct:,"}},
		{Postgres, "`a` [b]", []string{"Op:`", "Ident:a", "Op:`", "Punct:[", "Ident:b", "Punct:]"}},

		// SQLite.
		{SQLite, "`a``b` [c d] \"e\"", []string{"QuotedIdent:`a``b`", "QuotedIdent:[c d]", `QuotedIdent:"e"`}},
		{SQLite, "/* a /* not nested */ b */", []string{"Comment:/* a /* not nested */", "Ident:b", "Op:*", "Op:/"}},
		{SQLite, "? ?1 :a @b $c #d $ :", []string{"Param:?", "Param:?1", "Param::a", "Param:@b", "Param:$c", "Param:#d", "Punct:$", "Punct::"}},
		{SQLite, "a==b a||-1 a->b a->>b a<<2 !=", []string{"Ident:a", "Op:==", "Ident:b", "Ident:a", "Op:||", "Op:-", "Number:1", "Ident:a", "Op:->", "Ident:b", "Ident:a", "Op:->>", "Ident:b", "Ident:a", "Op:<<", "Number:2", "Op:!="}},
		{SQLite, `E'x' $$`, []string{"Ident:E", "String:'x'", "Param:$$"}},
	} {
		if d := cmp.Diff(tc.want, show(tc.in, tc.d)); d != "" {
			t.Errorf("%v %q (-want +got):\n%s", tc.d, tc.in, d)
		}
	}
}

func TestValueAndName(t *testing.T) {
	for _, tc := range []struct {
		d           Dialect
		in          string
		value, name string
	}{
		{Postgres, "'it''s'", "it's", "'it''s'"},
		{Postgres, "''", "", "''"},
		{Postgres, `'a\b'`, `a\b`, `'a\b'`},
		{Postgres, `E'a\\b\n\'c'''`, "a\\b\n'c'", ""},
		{Postgres, `E'\x41\101\u00e9\U0001F600\q'`, "AAé😀q", ""},
		{Postgres, `U&'d\0061t\+000061\\'`, `data\`, ""},
		{Postgres, "N'x'", "x", ""},
		{Postgres, "$t$a$$b$t$", "a$$b", ""},
		{Postgres, "$$", "", ""},
		{Postgres, "'open", "open", ""},
		{Postgres, "'open''", "open'", ""},
		{Postgres, `E'open\'`, "open'", ""},
		{Postgres, "X'0aF'", "0aF", ""},
		{Postgres, `"a ""b"""`, "", `a "b"`},
		{Postgres, `U&"d\0061t"`, "", "dat"},
		{SQLite, "`x``y`", "", "x`y"},
		{SQLite, "[a b]", "", "a b"},
		{SQLite, "[open", "", "open"},
		{SQLite, "Plain", "Plain", "Plain"},
	} {
		toks := Tokens(tc.in, tc.d)
		if len(toks) != 1 {
			t.Errorf("%q: %d tokens, want 1", tc.in, len(toks))
			continue
		}
		tok := toks[0]
		if tok.Kind == String || tok.Kind == BitString || tok.Kind == Ident {
			if got := tok.Value(); got != tc.value {
				t.Errorf("Value of %s = %q, want %q", tc.in, got, tc.value)
			}
		}
		if tok.Kind == QuotedIdent || tok.Kind == Ident {
			if got := tok.Name(); got != tc.name {
				t.Errorf("Name of %s = %q, want %q", tc.in, got, tc.name)
			}
		}
	}
}

func TestIs(t *testing.T) {
	toks := Tokens(`check ( "check" 'check' ::`, Postgres)
	for i, want := range []bool{true, false, false, false, false} {
		if got := toks[i].Is("CHECK"); got != want {
			t.Errorf("%s.Is(CHECK) = %v, want %v", toks[i].Text, got, want)
		}
	}
	if !toks[1].Is("(") || !toks[4].Is("::") || toks[3].Is("'check'") {
		t.Error("Is on punctuation, operators or strings is wrong")
	}
}

// TestNextDoesNotAllocate: scanning is free of allocations, so that
// comparing the expressions of a 10,000-table schema costs no garbage.
func TestNextDoesNotAllocate(t *testing.T) {
	src := `CHECK ((status = ANY (ARRAY['a'::text, E'b\'c'])) AND /* x */ (price > (0)::numeric)) -- end`
	s := New(src, Postgres)
	n := testing.AllocsPerRun(100, func() {
		s.Reset(src)
		for t := s.Next(); t.Kind != EOF; t = s.Next() {
			_ = t.Value()
		}
	})
	if n != 1 { // the one E'…' string with an escape to undo
		t.Errorf("scanning allocates %v times, want 1 (the escaped string's value)", n)
	}
}

func BenchmarkTokens(b *testing.B) {
	src := strings.Repeat(`(lower((email)::text) = ANY (ARRAY['a'::text, 'b'::text])) AND (price > (0)::numeric) `, 10)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Tokens(src, Postgres)
	}
}

// checkTokens asserts the lexer's invariants on src: tokens are in order,
// non-empty, each the source text at its offsets, and between them there
// is only white space; so the tokens that are not comments, with the white
// space between them, are the input with its comments taken out.
func checkTokens(t *testing.T, src string, d Dialect) {
	s := New(src, d)
	last := 0
	var content strings.Builder // gaps and tokens that are not comments
	var plain, comments []Token
	for n := 0; ; n++ {
		if n > len(src)+1 {
			t.Fatalf("%q: more tokens than bytes", src)
		}
		tok := s.Next()
		if tok.Pos < last || tok.End < tok.Pos || tok.End > len(src) || src[tok.Pos:tok.End] != tok.Text {
			t.Fatalf("%q: token %+v is not the source at its offsets (previous end %d)", src, tok, last)
		}
		if strings.TrimLeft(src[last:tok.Pos], " \t\n\r\f\v") != "" {
			t.Fatalf("%q: %q between tokens is not white space", src, src[last:tok.Pos])
		}
		content.WriteString(src[last:tok.Pos])
		if tok.Kind == EOF {
			if tok.Pos != len(src) {
				t.Fatalf("%q: EOF at %d of %d", src, tok.Pos, len(src))
			}
			break
		}
		if tok.Pos == tok.End {
			t.Fatalf("%q: empty token %+v", src, tok)
		}
		_, _, _ = tok.Value(), tok.Name(), tok.Is("x")
		if tok.Kind == Comment {
			comments = append(comments, tok)
		} else {
			content.WriteString(tok.Text)
			plain = append(plain, tok)
		}
		last = tok.End
	}
	want := src
	for i := len(comments) - 1; i >= 0; i-- {
		want = want[:comments[i].Pos] + want[comments[i].End:]
	}
	if content.String() != want {
		t.Fatalf("%q: tokens reassemble to %q, want %q", src, content.String(), want)
	}
	if got := Tokens(src, d); fmt.Sprint(got) != fmt.Sprint(plain) && !(len(got) == 0 && len(plain) == 0) {
		t.Fatalf("%q: Tokens = %v, Next without comments = %v", src, got, plain)
	}
	// The same tokens written one space apart lex to themselves.
	texts := make([]string, len(plain))
	for i, tok := range plain {
		texts[i] = tok.Text
	}
	again := Tokens(strings.Join(texts, " "), d)
	if len(again) != len(plain) {
		t.Fatalf("%q: re-lexing %q gives %d tokens, want %d", src, strings.Join(texts, " "), len(again), len(plain))
	}
	for i := range again {
		if again[i].Kind != plain[i].Kind || again[i].Text != plain[i].Text {
			t.Fatalf("%q: re-lexing %q: token %d is %v %q, want %v %q", src, strings.Join(texts, " "), i, again[i].Kind, again[i].Text, plain[i].Kind, plain[i].Text)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"", "a", "'it''s'", `E'a\'b'`, "$$x$$", "$a$ $b$ $a$", "/* /* */ */", "a--b\nc",
		`"x""y"`, "`q`", "[sp ace]", "x'0a' B'1'", "1.5e-3 .5 0x1F 1..2", "a<-1 a@-b a*/*c*/",
		"U&'\\0061' U&\"x\"", "? ?1 :a @b $c", "a::int->>'k'||b", "é\xff\x00",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, sqlite bool) {
		d := Postgres
		if sqlite {
			d = SQLite
		}
		checkTokens(t, src, d)
	})
}

// TestInvariantsOnExamples runs the fuzz test's checks over the table
// tests' inputs, so that plain `go test` covers them.
func TestInvariantsOnExamples(t *testing.T) {
	for _, src := range []string{
		`CHECK ((status = ANY (ARRAY['a'::text])) AND (price > (0)::numeric))`,
		"CREATE TABLE \"t\" (a int /* c */ CHECK (a > 0), -- x\n b text DEFAULT 'x')",
		"$fn$ BEGIN RETURN 1; END $fn$", "a+-/*c*/", ":::", "'a' 'b'", `E'\`,
	} {
		checkTokens(t, src, Postgres)
		checkTokens(t, src, SQLite)
	}
}

func TestEqual(t *testing.T) {
	for _, tc := range []struct {
		d     Dialect
		a, b  string
		equal bool
	}{
		{Postgres, "a > 0", "A>0", true},
		{Postgres, "a > 0 /* c */", "a -- c\n > 0", true},
		{Postgres, `"a" > 0`, "A > 0", true},
		{Postgres, `"A" > 0`, "A > 0", false}, // "A" is not a
		{Postgres, "a <> 'X'", "a <> 'x'", false},
		{Postgres, `a <> E'it\'s'`, "a <> 'it''s'", true},
		{Postgres, "(a > 0)", "a > 0", false},
		{Postgres, "a > 0", "a > 0 AND b", false},
		{SQLite, `"Age" > 0`, "age > 0", true},
		{SQLite, "[age] > 0", "`AGE` > 0", true},
		{SQLite, "age <> 'X'", "AGE <> 'x'", false},
		{SQLite, "age>=0", "age >= 0", true},
	} {
		if got := Equal(tc.a, tc.b, tc.d); got != tc.equal {
			t.Errorf("Equal(%q, %q, %v) = %v, want %v", tc.a, tc.b, tc.d, got, tc.equal)
		}
	}
}
