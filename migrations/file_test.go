package migrations

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ignoreParsed ignores what Parse adds to an in-memory file.
var ignoreParsed = cmp.Options{
	cmpopts.IgnoreFields(Stmt{}, "Line"),
	cmpopts.IgnoreFields(Flag{}, "FileLine"),
	cmpopts.IgnoreFields(File{}, "Sum", "Name"),
	cmpopts.IgnoreUnexported(File{}),
	cmpopts.EquateEmpty(),
}

func TestEncodeExample(t *testing.T) {
	f := &File{
		Revision: "3f9a2c81d0b4",
		Parents:  []string{"77aa01c3e9f2"},
		Message:  "add timezone",
		Created:  time.Date(2026, 11, 22, 6, 30, 0, 0, time.UTC),
		Deploy:   DeployAdditive,
		Flags: []Flag{
			{Severity: Warning, Code: "GEN203", Object: "users.timezone", Message: "adds a column", Live: Count(12000, "row", ""), Fix: "none needed"},
			{Severity: Info, Code: "GEN900", Object: "users", Message: "just so you know"},
		},
		Acks: []Ack{{Code: "GEN101", Object: "users.email", Reason: "reviewed: table is empty in production"}},
		Up: []Stmt{
			{SQL: `ALTER TABLE "users" ADD COLUMN "timezone" text`, Comments: []string{"the user's zone"}},
		},
		Down: []Stmt{{SQL: `ALTER TABLE "users" DROP COLUMN "timezone"`}},
	}
	want := `-- gen:revision 3f9a2c81d0b4
-- gen:parents 77aa01c3e9f2
-- gen:message add timezone
-- gen:created 2026-11-22T06:30:00Z
-- gen:deploy additive
-- gen:flag warning GEN203 users.timezone: adds a column | live: 12000 rows | fix: none needed
-- gen:flag info GEN900 users: just so you know
-- gen:ack GEN101 users.email reviewed: table is empty in production

-- +gen Up
-- the user's zone
ALTER TABLE "users" ADD COLUMN "timezone" text;

-- +gen Down
ALTER TABLE "users" DROP COLUMN "timezone";
`
	got := string(Encode(f))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Encode (-want +got):\n%s", diff)
	}
	back, err := Parse("20261122063000_add_timezone.sql", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f, back, ignoreParsed); diff != "" {
		t.Fatalf("Parse(Encode(f)) differs (-want +got):\n%s", diff)
	}
	if back.Name != "20261122063000_add_timezone.sql" || back.Sum != Sum([]byte(got)) {
		t.Errorf("Name, Sum = %q, %q; want the base name and Sum of the bytes", back.Name, back.Sum)
	}
	if back.Up[0].Line != 12 || back.Down[0].Line != 15 {
		t.Errorf("statement lines = %d, %d; want 12, 15", back.Up[0].Line, back.Down[0].Line)
	}
}

func TestEncodeFirstRevisionHasEmptyParents(t *testing.T) {
	got := string(Encode(&File{Revision: "aaaaaaaaaaaa", Message: "init", Created: time.Unix(0, 0)}))
	if !strings.Contains(got, "\n-- gen:parents\n") {
		t.Fatalf("want a bare `-- gen:parents` line, got:\n%s", got)
	}
}

// sqlPieces are statements the splitter must keep whole.
var sqlPieces = []string{
	`CREATE TABLE "users" ("id" bigint NOT NULL, PRIMARY KEY ("id"))`,
	"ALTER TABLE \"t\"\n  ADD COLUMN \"a\" text,\n  ADD COLUMN \"b\" text",
	`INSERT INTO t VALUES ('it''s; fine')`,
	`INSERT INTO t VALUES (E'back\'slash; still quoted')`,
	`CREATE TABLE "we;ird" ("a""b;" int)`,
	"CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql",
	"CREATE FUNCTION g() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
	"SELECT 1 /* a; /* nested; */ comment */ + 2",
	"SELECT 1 -- trailing; comment\n  + 2",
	"CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND",
	"UPDATE t SET note = 'line one;\nline two' WHERE id = $1",
	"SELECT 1 -- ends in a comment",
}

func randFile(r *rand.Rand) *File {
	words := []string{"add", "users", "timezone", "drop", "index", "GEN101", "é", "x:y", "a | b", "50%"}
	phrase := func(n int) string {
		var ws []string
		for range n {
			ws = append(ws, words[r.IntN(len(words))])
		}
		return strings.Join(ws, " ")
	}
	f := &File{
		Revision:      NewRevisionID(),
		Message:       phrase(r.IntN(4)),
		Created:       time.Date(2020+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(3)*int(time.Millisecond), time.UTC),
		Deploy:        []Deploy{"", DeployAdditive, DeployDestructive, DeployExpandContract}[r.IntN(4)],
		NoTransaction: r.IntN(3) == 0,
	}
	for range r.IntN(3) {
		f.Parents = append(f.Parents, NewRevisionID())
	}
	for range r.IntN(3) {
		fl := Flag{Severity: []Severity{Error, Warning, Info}[r.IntN(3)], Code: fmt.Sprintf("GEN%d", 100+r.IntN(300)), Object: "t.c", Message: phrase(1 + r.IntN(4))}
		if r.IntN(2) == 0 {
			fl.Live = []*Figure{Count(int64(r.IntN(100)), "row", "of t"), Estimate(int64(r.IntN(1e6)), "value", phrase(2)), {State: NotChecked}, {State: Stated, Note: "TimeZone is " + phrase(1)}}[r.IntN(4)]
		}
		if r.IntN(2) == 0 {
			fl.Fix = phrase(3)
		}
		f.Flags = append(f.Flags, fl)
	}
	for range r.IntN(3) {
		f.Acks = append(f.Acks, Ack{Code: "GEN101", Object: "users.email", Reason: phrase(r.IntN(4))})
	}
	stmts := func() []Stmt {
		var out []Stmt
		for range r.IntN(5) {
			s := Stmt{SQL: sqlPieces[r.IntN(len(sqlPieces))]}
			for range r.IntN(3) {
				s.Comments = append(s.Comments, []string{"note", "", "  indented", "rebuilds table; O(rows)", "gen: not a header"}[r.IntN(5)])
			}
			out = append(out, s)
		}
		return out
	}
	f.Up, f.Down = stmts(), stmts()
	return f
}

func TestParseEncodeRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		f := randFile(r)
		data := Encode(f)
		got, err := Parse("f.sql", data)
		if err != nil {
			t.Fatalf("case %d: Parse(Encode(f)): %v\n%s", i, err, data)
		}
		if diff := cmp.Diff(f, got, ignoreParsed); diff != "" {
			t.Fatalf("case %d: Parse(Encode(f)) differs (-want +got):\n%s\nfile:\n%s", i, diff, data)
		}
		// Lines point at the statements' first lines.
		lines := strings.Split(string(data), "\n")
		for _, s := range append(got.Up, got.Down...) {
			first := strings.SplitN(s.SQL, "\n", 2)[0]
			if s.Line < 1 || !strings.HasPrefix(lines[s.Line-1], first) {
				t.Fatalf("case %d: statement %q has Line %d, which holds %q", i, first, s.Line, lines[s.Line-1])
			}
		}
		if again := Encode(got); string(again) != string(data) {
			t.Fatalf("case %d: Encode is not stable:\n%s\nvs\n%s", i, data, again)
		}
	}
}

func TestSplit(t *testing.T) {
	const head = "-- gen:revision aaaaaaaaaaaa\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n\n-- +gen Up\n"
	tests := []struct {
		name string
		up   string
		want []Stmt
	}{
		{"one per line", "SELECT 1;\nSELECT 2;\n", []Stmt{{SQL: "SELECT 1", Line: 6}, {SQL: "SELECT 2", Line: 7}}},
		{"two on a line", "SELECT 1; SELECT 2;\n", []Stmt{{SQL: "SELECT 1", Line: 6}, {SQL: "SELECT 2", Line: 6}}},
		{"trailing comment after ;", "SELECT 1; -- done\nSELECT 2;\n", []Stmt{{SQL: "SELECT 1", Line: 6}, {SQL: "SELECT 2", Line: 7}}},
		{"multi-line", "ALTER TABLE t\n  ADD c int;\n", []Stmt{{SQL: "ALTER TABLE t\n  ADD c int", Line: 6}}},
		{"quotes", "INSERT INTO t VALUES ('a;b', 'it''s;');\n", []Stmt{{SQL: "INSERT INTO t VALUES ('a;b', 'it''s;')", Line: 6}}},
		{"E string", "SELECT E'\\';x';\n", []Stmt{{SQL: "SELECT E'\\';x'", Line: 6}}},
		{"plain string keeps backslash", "SELECT 'a\\';\nSELECT 2;\n", []Stmt{{SQL: "SELECT 'a\\'", Line: 6}, {SQL: "SELECT 2", Line: 7}}},
		{"identifier", "CREATE TABLE \"a;\"\"b\" (x int);\n", []Stmt{{SQL: "CREATE TABLE \"a;\"\"b\" (x int)", Line: 6}}},
		{"dollar", "CREATE FUNCTION f() AS $$ SELECT 1; $$;\n", []Stmt{{SQL: "CREATE FUNCTION f() AS $$ SELECT 1; $$", Line: 6}}},
		{"dollar tag", "DO $x$\nBEGIN\n PERFORM 1; -- $$ not the end\nEND $x$;\n", []Stmt{{SQL: "DO $x$\nBEGIN\n PERFORM 1; -- $$ not the end\nEND $x$", Line: 6}}},
		{"positional params are not tags", "PREPARE p AS SELECT $1;\nSELECT 2;\n", []Stmt{{SQL: "PREPARE p AS SELECT $1", Line: 6}, {SQL: "SELECT 2", Line: 7}}},
		{"line comment", "SELECT 1 -- a; b\n;\n", []Stmt{{SQL: "SELECT 1 -- a; b", Line: 6}}},
		{"block comment", "SELECT /* ; */ 1;\n", []Stmt{{SQL: "SELECT /* ; */ 1", Line: 6}}},
		{"nested block comment", "SELECT /* /* ; */ ; */ 1;\n", []Stmt{{SQL: "SELECT /* /* ; */ ; */ 1", Line: 6}}},
		{"comments above", "-- first\n-- second\nSELECT 1;\n", []Stmt{{SQL: "SELECT 1", Comments: []string{"first", "second"}, Line: 8}}},
		{"comment separated by a blank line is not attached", "-- loose\n\nSELECT 1;\n", []Stmt{{SQL: "SELECT 1", Line: 8}}},
		{"comment-only section", "-- nothing to do\n", nil},
		{"statement block", "-- +gen StatementBegin\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND;\n-- +gen StatementEnd\nSELECT 2;\n",
			[]Stmt{{SQL: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND", Line: 7}, {SQL: "SELECT 2", Line: 11}}},
		{"comments above a block", "-- trigger\n-- +gen StatementBegin\nSELECT 1;\n-- +gen StatementEnd\n", []Stmt{{SQL: "SELECT 1", Comments: []string{"trigger"}, Line: 8}}},
		{"CRLF", "SELECT 1;\r\nSELECT 2;\r\n", []Stmt{{SQL: "SELECT 1", Line: 6}, {SQL: "SELECT 2", Line: 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("x.sql", []byte(head+tt.up+"\n-- +gen Down\n"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, f.Up, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Up (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const head = "-- gen:revision aaaaaaaaaaaa\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n"
	tests := []struct {
		name string
		text string
		line int
		want string // part of the message
	}{
		{"missing revision", "-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\nSELECT 1;\n", 1, "missing header `-- gen:revision`"},
		{"missing parents", "-- gen:revision aaaaaaaaaaaa\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\n", 1, "missing header `-- gen:parents`"},
		{"no header at all", "-- +gen Up\nSELECT 1;\n", 1, "missing header"},
		{"plain SQL file", "CREATE TABLE t (a int);\n", 1, "no `-- +gen Up` line"},
		{"Up missing", head + "\nSELECT 1;\n-- +gen Down\nSELECT 2;\n", 5, "no `-- +gen Up` line"},
		{"SQL above Up", head + "SELECT 1;\n-- +gen Up\n", 4, "SQL above `-- +gen Up`"},
		{"bad marker", head + "-- +gen Up\nSELECT 1;\n-- +gen Dwn\n", 6, "unknown marker `-- +gen Dwn`"},
		{"Down before Up", head + "-- +gen Down\n-- +gen Up\n", 4, "`-- +gen Down` before `-- +gen Up`"},
		{"second Up", head + "-- +gen Up\n-- +gen Up\n", 5, "a second `-- +gen Up`"},
		{"unterminated quote at end", head + "-- +gen Up\nSELECT 1;\nINSERT INTO t VALUES ('oops);\n", 6, "unterminated quoted string"},
		{"unterminated quote before Down", head + "-- +gen Up\nINSERT INTO t VALUES ('oops);\n-- +gen Down\nSELECT 1;\n", 5, "unterminated quoted string (it is still open at `-- +gen Down` on line 6)"},
		{"unterminated dollar body", head + "-- +gen Up\nDO $$ BEGIN;\n", 5, "unterminated dollar-quoted body $$"},
		{"unterminated identifier", head + "-- +gen Up\nSELECT \"a;\n", 5, "unterminated quoted identifier"},
		{"unterminated block comment", head + "-- +gen Up\nSELECT 1 /* x;\n", 5, "unterminated block comment"},
		{"missing semicolon", head + "-- +gen Up\nSELECT 1;\nSELECT 2\n-- +gen Down\n", 6, "has no terminating ';' before `-- +gen Down` (line 7)"},
		{"missing semicolon at end", head + "-- +gen Up\nSELECT 1\n", 5, "has no terminating ';'"},
		{"unknown key", head + "-- gen:reviewer alice\n-- +gen Up\n", 4, "unknown header `-- gen:reviewer`"},
		{"duplicate key", head + "-- gen:revision bbbbbbbbbbbb\n-- +gen Up\n", 4, "a second `-- gen:revision` (the first is on line 1)"},
		{"bad created", "-- gen:revision aaaaaaaaaaaa\n-- gen:parents\n-- gen:created yesterday\n-- +gen Up\n", 3, "RFC 3339"},
		{"bad deploy", head + "-- gen:deploy sometimes\n-- +gen Up\n", 4, "`-- gen:deploy` is one of"},
		{"bad flag", head + "-- gen:flag warning GEN203\n-- +gen Up\n", 4, "`-- gen:flag` needs"},
		{"bad severity", head + "-- gen:flag fatal GEN203 t.c: x\n-- +gen Up\n", 4, "`-- gen:flag` needs"},
		{"bad ack", head + "-- gen:ack GEN101\n-- +gen Up\n", 4, "`-- gen:ack` needs"},
		{"header below Up", head + "-- +gen Up\n-- gen:ack GEN101 users.email ok\nSELECT 1;\n", 5, "belong in the header"},
		{"StatementBegin not closed", head + "-- +gen Up\n-- +gen StatementBegin\nSELECT 1;\n-- +gen Down\n", 5, "no `-- +gen StatementEnd`"},
		{"StatementEnd alone", head + "-- +gen Up\n-- +gen StatementEnd\n", 5, "without a `-- +gen StatementBegin`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("migrations/x.sql", []byte(tt.text))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want a *ParseError", err)
			}
			if !errors.Is(err, ErrInvalidFile) {
				t.Errorf("error does not wrap ErrInvalidFile")
			}
			prefix := fmt.Sprintf("migrations/x.sql:%d: ", tt.line)
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant prefix %q and text %q", err, prefix, tt.want)
			}
		})
	}
}

func TestParseLeniency(t *testing.T) {
	// What reviewers do by hand and gen must accept.
	text := `-- gen:revision aaaaaaaaaaaa
-- gen:parents   bbbbbbbbbbbb   cccccccccccc
-- gen:created 2026-01-01T00:00:00Z
-- a free comment in the header
-- gen:ack GEN101 users.email
--gen:message squeezed

-- +gen Up
-- gen: a comment that only looks like a header
UPDATE users SET tz = 'UTC' WHERE tz IS NULL;
`
	f, err := Parse("x.sql", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := &File{
		Revision: "aaaaaaaaaaaa", Parents: []string{"bbbbbbbbbbbb", "cccccccccccc"}, Message: "squeezed",
		Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Acks:    []Ack{{Code: "GEN101", Object: "users.email"}},
		Up:      []Stmt{{SQL: "UPDATE users SET tz = 'UTC' WHERE tz IS NULL", Comments: []string{"gen: a comment that only looks like a header"}}},
	}
	if diff := cmp.Diff(want, f, ignoreParsed); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestEncodeWrapsOnlyWhatNeedsIt(t *testing.T) {
	wrapped := map[string]bool{
		"CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND": true,
		"SELECT 1 -- ends in a comment":                                         true,
	}
	for _, sql := range sqlPieces {
		got := strings.Contains(string(Encode(&File{Revision: "a", Up: []Stmt{{SQL: sql}}})), "StatementBegin")
		if got != wrapped[sql] {
			t.Errorf("%q: wrapped in StatementBegin = %v, want %v", sql, got, wrapped[sql])
		}
	}
}

func TestLineAt(t *testing.T) {
	s := Stmt{SQL: "INSERT INTO t\n  SELECT 'é', x\n  FROM nowhere", Line: 10}
	tests := []struct{ pos, want int }{
		{0, 10},  // no position from the server
		{1, 10},  // I
		{14, 10}, // the line break itself
		{15, 11}, // first character of the second line
		{29, 11}, // x
		{30, 11}, // the second line break, in characters (é is one)
		{31, 12}, // third line: in bytes this would still be the line break
		{38, 12}, // nowhere
	}
	for _, tt := range tests {
		if got := lineAt(s, tt.pos); got != tt.want {
			t.Errorf("lineAt(pos %d) = %d, want %d", tt.pos, got, tt.want)
		}
	}
}
