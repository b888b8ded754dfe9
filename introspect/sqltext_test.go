package introspect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`CREATE TABLE "a ""b"" c" (x)`, []string{"CREATE", "TABLE", `"a ""b"" c"`, "(", "x", ")"}},
		{"a -- comment ( ' \n b /* ) ' */ c", []string{"a", "b", "c"}},
		{"'it''s (' || `q``x` [sp ace]", []string{"'it''s ('", "||", "`q``x`", "[sp ace]"}},
		{"x'0aF' 1.5e-3 .5 0x1F -2", []string{"x'0aF'", "1.5e-3", ".5", "0x1F", "-", "2"}},
		{"a<>b!=c<=d>=e==f->h->>i", []string{"a", "<>", "b", "!=", "c", "<=", "d", ">=", "e", "==", "f", "->", "h", "->>", "i"}},
		{"f::g", []string{"f", ":", ":g"}}, // SQLite has no :: cast; :g is a parameter
		{"'unterminated", []string{"'unterminated"}},
		{"a /* unterminated", []string{"a"}},
		{"été_1 $", []string{"été_1", "$"}},
	} {
		var got []string
		for _, tok := range tokenize(tc.in) {
			got = append(got, tok.Text)
			if tc.in[tok.Pos:tok.End] != tok.Text {
				t.Errorf("tokenize(%q): token %q at [%d:%d] is not the source text there", tc.in, tok.Text, tok.Pos, tok.End)
			}
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("tokenize(%q) (-want +got):\n%s", tc.in, d)
		}
	}
}

func TestTokenName(t *testing.T) {
	for in, want := range map[string]string{
		`"a ""b"""`: `a "b"`,
		"`x``y`":    "x`y",
		"[a b]":     "a b",
		"'s''q'":    "s'q",
		"Plain":     "Plain",
	} {
		if got := nameOf(tokenize(in)[0]); got != want {
			t.Errorf("name of %s = %q, want %q", in, got, want)
		}
	}
}

func TestParseCreateTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  string
		want createTable
	}{
		{
			name: "columns and table constraints",
			sql: `CREATE TABLE IF NOT EXISTS main."Users" (
	"id" integer PRIMARY KEY AUTOINCREMENT,
	email varchar(80) NOT NULL CONSTRAINT uq_email UNIQUE,
	nick text UNIQUE, -- an unnamed unique
	age int DEFAULT (abs(-1)) CHECK (age >= 0) CONSTRAINT "ck age" CHECK (age < 200),
	total int GENERATED ALWAYS AS (age * 2) STORED,
	half real AS (age / 2.0),
	team_id integer CONSTRAINT fk_team REFERENCES teams (id) ON DELETE CASCADE,
	CONSTRAINT "uq pair" UNIQUE (email, nick COLLATE nocase),
	UNIQUE (age),
	CHECK (length(email) > 3 /* , not a split */),
	CONSTRAINT ck_total CHECK (total > 0),
	FOREIGN KEY (nick) REFERENCES [nick names] (name),
	CONSTRAINT "fk two" FOREIGN KEY (age, team_id) REFERENCES teams
) STRICT`,
			want: createTable{
				columns: []*columnDef{
					{name: "id"}, {name: "email"}, {name: "nick"}, {name: "age"},
					{name: "total", generated: "age * 2"}, {name: "half", generated: "age / 2.0"}, {name: "team_id"},
				},
				uniques: []namedColumns{
					{name: "uq_email", columns: []string{"email"}},
					{columns: []string{"nick"}},
					{name: "uq pair", columns: []string{"email", "nick"}},
					{columns: []string{"age"}},
				},
				checks: []check{
					{expr: "age >= 0"},
					{name: "ck age", expr: "age < 200"},
					{expr: "length(email) > 3"}, // a trailing comment is not part of it
					{name: "ck_total", expr: "total > 0"},
				},
				foreignKeys: []foreignKeyDef{
					{name: "fk_team", columns: []string{"team_id"}, refTable: "teams"},
					{columns: []string{"nick"}, refTable: "nick names"},
					{name: "fk two", columns: []string{"age", "team_id"}, refTable: "teams"},
				},
				autoincrement: "id",
			},
		},
		{
			name: "table primary key with autoincrement",
			sql:  `CREATE TABLE t (id INTEGER NOT NULL, PRIMARY KEY ("id" AUTOINCREMENT))`,
			want: createTable{columns: []*columnDef{{name: "id"}}, autoincrement: "id"},
		},
		{
			name: "composite primary key is never autoincrement",
			sql:  `CREATE TABLE t (a INTEGER, b INTEGER, PRIMARY KEY (a, b))`,
			want: createTable{columns: []*columnDef{{name: "a"}, {name: "b"}}},
		},
		{
			name: "keywords inside parentheses and strings are not constraints",
			sql:  `CREATE TABLE t (a text DEFAULT ('UNIQUE, CHECK (x)') CHECK (a <> 'CONSTRAINT c UNIQUE'), b decimal(10, 2) DEFAULT 0)`,
			want: createTable{
				columns: []*columnDef{{name: "a"}, {name: "b"}},
				checks:  []check{{expr: "a <> 'CONSTRAINT c UNIQUE'"}},
			},
		},
		{
			name: "CREATE TABLE AS",
			sql:  `CREATE TABLE t AS SELECT (1) AS x`,
			want: createTable{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := parseCreateTable(tc.sql)
			if d := cmp.Diff(&tc.want, got, cmp.AllowUnexported(createTable{}, columnDef{}, namedColumns{}, check{}, foreignKeyDef{})); d != "" {
				t.Errorf("parseCreateTable (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseCreateIndex(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want createIndex
	}{
		{`CREATE INDEX i ON t (a)`, createIndex{parts: []string{"a"}}},
		{`CREATE UNIQUE INDEX IF NOT EXISTS "i x" ON "t y" (lower("a b") DESC, b COLLATE NOCASE ASC, (a + b)) WHERE a IS NOT NULL AND b > 'ON (x)'`,
			createIndex{parts: []string{`lower("a b")`, "b", "(a + b)"}, predicate: "a IS NOT NULL AND b > 'ON (x)'"}},
		{"CREATE INDEX i ON t(json_extract(data, '$.a, b')) WHERE deleted_at IS NULL;",
			createIndex{parts: []string{"json_extract(data, '$.a, b')"}, predicate: "deleted_at IS NULL"}},
	} {
		got := parseCreateIndex(tc.sql)
		if d := cmp.Diff(&tc.want, got, cmp.AllowUnexported(createIndex{})); d != "" {
			t.Errorf("parseCreateIndex(%q) (-want +got):\n%s", tc.sql, d)
		}
	}
}

// TestCheckExprLexesPostgres: the CHECK body pg_get_constraintdef prints is read by
// PostgreSQL's rules, where [ opens a subscript, not a quoted name.
func TestCheckExprLexesPostgres(t *testing.T) {
	for in, want := range map[string]string{
		"CHECK ((price > (0)::numeric))": "(price > (0)::numeric)",
		"CHECK (((status)::text = ANY ((ARRAY['a]'::character varying, 'b'::character varying])::text[])))": "((status)::text = ANY ((ARRAY['a]'::character varying, 'b'::character varying])::text[]))",
		"CHECK ((tags[1] <> ')'::text)) NOT VALID":                                                          "(tags[1] <> ')'::text)",
		"CHECK ((name <> 'a\\b'::text))":                                                                    "(name <> 'a\\b'::text)",
	} {
		if got := checkExpr(in); got != want {
			t.Errorf("checkExpr(%q) = %q, want %q", in, got, want)
		}
	}
}
