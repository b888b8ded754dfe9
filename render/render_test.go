package render

import (
	"errors"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/diff"
)

func TestRenderErrors(t *testing.T) {
	users := func(d string) *schema.Table { return table(d, "users").col("id", "bigint").pk("id").build() }
	withCheck := func(d, name string) *schema.Table {
		return table(d, "users").col("id", "bigint").pk("id").check(name, "id > 0").build()
	}
	gen := func(d string, expr bool) *schema.Table {
		b := table(d, "boxes").col("id", "bigint").col("a", "integer")
		if expr {
			b.col("b", "integer", genExpr("a * 2", "STORED"))
		} else {
			b.col("b", "integer")
		}
		return b.pk("id").build()
	}
	cases := []struct {
		name    string
		plan    *diff.Plan
		wantIs  error
		wantMsg []string // each must appear in the message
	}{
		{
			name:    "mysql",
			plan:    &diff.Plan{Dialect: "mysql", Changes: []*diff.Change{addTable(users("postgres"))}},
			wantIs:  ErrUnsupportedDialect,
			wantMsg: []string{"MySQL", "not supported yet"},
		},
		{
			name:    "unknown dialect",
			plan:    &diff.Plan{Dialect: "oracle"},
			wantIs:  ErrUnsupportedDialect,
			wantMsg: []string{`"oracle"`},
		},
		{
			name: "enum on sqlite",
			plan: &diff.Plan{Dialect: "sqlite", Changes: []*diff.Change{{Op: diff.Wrap(&schema.AddObject{
				O: &schema.EnumType{T: "mood", Values: []string{"happy"}},
			})}}},
			wantMsg: []string{"SQLite has no enum"},
		},
		{
			name: "unnamed check dropped",
			plan: func() *diff.Plan {
				from, to := withCheck("postgres", ""), users("postgres")
				return &diff.Plan{Dialect: "postgres", Changes: []*diff.Change{modify(from, to, &schema.DropCheck{C: checksOf(from.Attrs)[0]})}}
			}(),
			wantIs:  ErrManualChange,
			wantMsg: []string{`table "users"`, "has no name", "name the constraint"},
		},
		{
			name: "column becomes generated",
			plan: func() *diff.Plan {
				from, to := gen("postgres", false), gen("postgres", true)
				return &diff.Plan{Dialect: "postgres", Changes: []*diff.Change{modify(from, to, modCol(from, to, "b", schema.ChangeGenerated))}}
			}(),
			wantIs:  ErrManualChange,
			wantMsg: []string{"boxes.b", "drop the column and add it again"},
		},
		{
			name: "unknown sub-change postgres",
			plan: func() *diff.Plan {
				from, to := users("postgres"), users("postgres")
				return &diff.Plan{Dialect: "postgres", Changes: []*diff.Change{modify(from, to, &schema.AddTrigger{T: &schema.Trigger{Name: "t"}})}}
			}(),
			wantMsg: []string{`table "users"`, "*schema.AddTrigger"},
		},
		{
			name: "unknown sub-change sqlite",
			plan: func() *diff.Plan {
				from, to := users("sqlite"), users("sqlite")
				return &diff.Plan{Dialect: "sqlite", Changes: []*diff.Change{modify(from, to, &schema.AddTrigger{T: &schema.Trigger{Name: "t"}})}}
			}(),
			wantMsg: []string{`table "users"`, "*schema.AddTrigger"},
		},
		{
			name:    "unknown change",
			plan:    &diff.Plan{Dialect: "postgres", Changes: []*diff.Change{{Op: diff.Wrap(&schema.AddView{V: &schema.View{Name: "v"}})}}},
			wantMsg: []string{"*schema.AddView"},
		},
		{
			name: "table attribute other than a comment",
			plan: func() *diff.Plan {
				from, to := users("postgres"), users("postgres")
				return &diff.Plan{Dialect: "postgres", Changes: []*diff.Change{modify(from, to, &schema.AddAttr{A: &schema.Charset{V: "utf8"}})}}
			}(),
			wantMsg: []string{`table "users"`, "*schema.AddAttr"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Render(tc.plan)
			if err == nil {
				t.Fatalf("Render succeeded, want an error; it gave:\n%s", formatScript(s))
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("error %q is not %v", err, tc.wantIs)
			}
			for _, m := range tc.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
}

func TestNotesBecomeComments(t *testing.T) {
	for _, d := range both {
		t.Run(d, func(t *testing.T) {
			from := table(d, "users").col("id", "bigint").col("age", "integer").pk("id").check("users_age_check", "age > 0").build()
			to := table(d, "users").col("id", "bigint").pk("id").build()
			c := modify(from, to, &schema.DropCheck{C: checksOf(from.Attrs)[0]}, &schema.DropColumn{C: colOf(from, "age")})
			c.Notes = []string{"first note", "second note"}
			s, err := Render(&diff.Plan{Dialect: d, Changes: []*diff.Change{c}})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Stmts) < 2 {
				t.Fatalf("got %d statements, want at least 2", len(s.Stmts))
			}
			if got := s.Stmts[0].Comments[:2]; !cmp.Equal(got, c.Notes) {
				t.Errorf("first statement's comments start with %q, want the notes %q", got, c.Notes)
			}
			for _, st := range s.Stmts[1:] {
				for _, cm := range st.Comments {
					if strings.Contains(cm, "note") {
						t.Errorf("note %q repeated on a later statement", cm)
					}
				}
			}
		})
	}
}

func TestIdentifiersAreQuoted(t *testing.T) {
	for _, d := range both {
		t.Run(d, func(t *testing.T) {
			tbl := table(d, `we"ird`).col("Select", "text", comment("it's")).pk("Select").idx(`ix "q"`, "Select").build()
			s, err := Render(&diff.Plan{Dialect: d, Changes: []*diff.Change{addTable(tbl)}})
			if err != nil {
				t.Fatal(err)
			}
			got := formatScript(s)
			for _, want := range []string{`CREATE TABLE "we""ird"`, `"Select" text NOT NULL`, `CREATE INDEX "ix ""q""" ON "we""ird" ("Select")`} {
				if !strings.Contains(got, want) {
					t.Errorf("script does not contain %s:\n%s", want, got)
				}
			}
			if d == "postgres" && !strings.Contains(got, `COMMENT ON COLUMN "we""ird"."Select" IS 'it''s'`) {
				t.Errorf("comment not quoted:\n%s", got)
			}
		})
	}
}

func TestWrapped(t *testing.T) {
	for s, want := range map[string]bool{
		"(a + b)":          true,
		"((a))":            true,
		"(a) + (b)":        false,
		"a + b":            false,
		"(lower(')'))":     true,
		"(a = ')') OR (b)": false,
		"":                 false,
	} {
		if got := wrapped(s); got != want {
			t.Errorf("wrapped(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsCall(t *testing.T) {
	for s, want := range map[string]bool{
		"lower(email)":          true,
		" coalesce(a, b) ":      true,
		"public.f(x)":           true,
		"lower(a) || 'x'":       false,
		"lower(email)::text":    false,
		"(lower(email))":        false,
		"price * 2":             false,
		`"Weird Name"(x)`:       false,
		"lower(')') = upper(x)": false,
	} {
		if got := isCall(s); got != want {
			t.Errorf("isCall(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMentions(t *testing.T) {
	for _, tc := range []struct {
		expr, name string
		want       bool
	}{
		{"age >= 0", "age", true},
		{`"Age" >= 0`, "age", true},
		{"page >= 0", "age", false},
		{"status = 'age'", "age", false},
		{"[age] > 1 AND `x` < 2", "age", true},
		{"length(name) > 0", "name", true},
		{"1e5 > x", "e5", false},
		{"a > 0 /* age */ -- age", "age", false}, // comments name nothing
		{"a = x'00'", "x", false},                // a blob literal is not a column x
		{"\"a\"\"ge\" > 0", `a"ge`, true},
	} {
		if got := mentions(tc.expr, tc.name); got != tc.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", tc.expr, tc.name, got, tc.want)
		}
	}
}

func TestSameCheck(t *testing.T) {
	for _, tc := range []struct {
		a, b schema.Check
		want bool
	}{
		{schema.Check{Name: "ck", Expr: "a > 0"}, schema.Check{Name: "CK", Expr: "b > 0"}, true}, // by name
		{schema.Check{Expr: "age >= 0"}, schema.Check{Expr: "\"Age\">=0 /* adult */"}, true},
		{schema.Check{Expr: "kind <> 'X'"}, schema.Check{Expr: "kind <> 'x'"}, false},
		{schema.Check{Expr: "kind <> 'a  b'"}, schema.Check{Expr: "kind <> 'a b'"}, false},
		{schema.Check{Expr: "a > 0"}, schema.Check{Expr: "a > 1"}, false},
	} {
		if got := sameCheck(&tc.a, &tc.b); got != tc.want {
			t.Errorf("sameCheck(%q, %q) = %v, want %v", tc.a.Expr, tc.b.Expr, got, tc.want)
		}
	}
}
