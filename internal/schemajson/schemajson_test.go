package schemajson_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/docschema"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/schemajson"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json")

func pos(file string, line, col int) *schema.Pos {
	p := &schema.Pos{Filename: file}
	p.Start.Line, p.Start.Column = line, col
	return p
}

// full builds a schema using every construct the JSON form prints.
func full() *schema.Schema {
	s := &schema.Schema{Name: "public"}
	mood := &schema.EnumType{T: "mood", Values: []string{"happy", "sad"}, Schema: s}
	s.Objects = append(s.Objects, mood)

	users := &schema.Table{Name: "users", Schema: s, Attrs: []schema.Attr{
		pos("models/user.go", 8, 6), &attr.GoName{Type: "User"}, &schema.Comment{Text: "accounts"},
		&schema.Check{Name: "chk_users_age", Expr: "age >= 0", Attrs: []schema.Attr{pos("models/user.go", 12, 2)}},
	}}
	id := &schema.Column{Name: "id", Type: &schema.ColumnType{Type: &postgres.SerialType{T: "bigserial"}, Raw: "bigserial"},
		Attrs: []schema.Attr{pos("models/user.go", 9, 2), &attr.GoName{Type: "User", Field: "ID"}}}
	email := &schema.Column{Name: "email", Type: &schema.ColumnType{Type: &schema.StringType{T: "character varying", Size: 120}, Raw: "character varying(120)", Null: true},
		Default: &schema.Literal{V: "''"}, Attrs: []schema.Attr{&schema.Comment{Text: "login"}, &attr.RenamedFrom{Name: "mail"}}}
	age := &schema.Column{Name: "age", Type: &schema.ColumnType{Type: &schema.IntegerType{T: "integer"}, Raw: "integer"},
		Attrs: []schema.Attr{&postgres.Identity{Generation: "ALWAYS"}}}
	total := &schema.Column{Name: "total", Type: &schema.ColumnType{Type: &schema.DecimalType{T: "numeric"}, Raw: "numeric", Null: true},
		Attrs: []schema.Attr{&schema.GeneratedExpr{Expr: "price * qty", Type: "STORED"}}}
	legacy := &schema.Column{Name: "legacy", Type: &schema.ColumnType{Raw: "text", Null: true}, Attrs: []schema.Attr{&attr.Unmanaged{}}}
	feeling := &schema.Column{Name: "feeling", Type: &schema.ColumnType{Type: mood, Raw: "mood", Null: true}, Default: &schema.RawExpr{X: "'happy'::mood"}}
	users.AddColumns(id, email, age, total, legacy, feeling)
	users.PrimaryKey = &schema.Index{Name: "users_pkey", Unique: true, Table: users, Parts: []*schema.IndexPart{{C: id}}}
	users.Indexes = []*schema.Index{
		{Name: "uni_users_email", Unique: true, Table: users, Parts: []*schema.IndexPart{{C: email}},
			Attrs: []schema.Attr{&attr.UniqueConstraint{}, pos("models/user.go", 10, 2)}},
		{Name: "idx_users_lower_email", Table: users, Parts: []*schema.IndexPart{{X: &schema.RawExpr{X: "lower(email)"}}, {SeqNo: 1, C: age, Desc: true}},
			Attrs: []schema.Attr{&attr.IndexPredicate{P: "age > 0"}, &attr.IndexMethod{T: "hash"}}},
	}

	orders := &schema.Table{Name: "orders", Schema: s, Attrs: []schema.Attr{&attr.Undeclarable{Indexes: true, ForeignKeys: true}}}
	oid := &schema.Column{Name: "id", Type: &schema.ColumnType{Type: &schema.IntegerType{T: "integer"}, Raw: "integer"}, Attrs: []schema.Attr{&sqlite.AutoIncrement{}}}
	uid := &schema.Column{Name: "user_id", Type: &schema.ColumnType{Type: &schema.IntegerType{T: "bigint"}, Raw: "bigint", Null: true}}
	orders.AddColumns(oid, uid)
	orders.PrimaryKey = &schema.Index{Unique: true, Table: orders, Parts: []*schema.IndexPart{{C: oid}}}
	orders.ForeignKeys = []*schema.ForeignKey{{Symbol: "fk_users_orders", Table: orders, Columns: []*schema.Column{uid},
		RefTable: users, RefColumns: []*schema.Column{id}, OnDelete: schema.Cascade,
		Attrs: []schema.Attr{pos("models/user.go", 13, 2), &attr.GoName{Type: "User", Field: "Orders"}}}}
	s.Tables = []*schema.Table{users, orders}
	return s
}

func TestMarshalGolden(t *testing.T) {
	got, err := schemajson.Marshal(full())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("testdata", "full.json")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("Marshal mismatch (-want +got):\n%s", diff)
	}
}

func TestMarshalDeterministic(t *testing.T) {
	a, err := schemajson.Marshal(full())
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		b, err := schemajson.Marshal(full())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two marshals of the same schema differ")
		}
	}
}

func TestMarshalEmpty(t *testing.T) {
	got, err := schemajson.Marshal(&schema.Schema{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"tables\": []\n}\n"; string(got) != want {
		t.Errorf("empty schema = %q, want %q", got, want)
	}
	if _, err := schemajson.Marshal(nil); err == nil {
		t.Error("Marshal(nil) returned no error")
	}
}

// TestMarshalWarnings: the warnings come after the schema, and are left
// out when there are none.
func TestMarshalWarnings(t *testing.T) {
	got, err := schemajson.MarshalWarnings(&schema.Schema{}, []schemajson.Problem{
		{File: "models/user.go", Line: 5, Col: 2, Object: "User.Name", Message: `unknown gorm key "sise"`},
		{Message: "index idx is INVALID"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "tables": [],
  "warnings": [
    {
      "file": "models/user.go",
      "line": 5,
      "col": 2,
      "object": "User.Name",
      "message": "unknown gorm key \"sise\""
    },
    {
      "message": "index idx is INVALID"
    }
  ]
}
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("MarshalWarnings mismatch (-want +got):\n%s", diff)
	}
	if got, _ := schemajson.MarshalWarnings(&schema.Schema{}, []schemajson.Problem{}); strings.Contains(string(got), "warnings") {
		t.Errorf("no warnings printed %s", got)
	}
}

// TestSchemaDocumented validates the golden document, which uses every
// construct the JSON form prints, against $defs/schema of
// docs/flags.schema.json, and checks that the schema rejects what Marshal
// never prints.
func TestSchemaDocumented(t *testing.T) {
	sch := docschema.Compile(t, "schema")
	validate := func(b []byte) error { return docschema.Validate(sch, b) }
	full, err := os.ReadFile(filepath.Join("testdata", "full.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(full); err != nil {
		t.Errorf("testdata/full.json does not validate against $defs/schema: %v", err)
	}
	withWarnings, err := schemajson.MarshalWarnings(&schema.Schema{}, []schemajson.Problem{{Message: "index idx is INVALID"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(withWarnings); err != nil {
		t.Errorf("%s does not validate: %v", withWarnings, err)
	}
	for name, edit := range map[string][2]string{
		"a column without null": {`"null": false,`, ``},
		"an unknown field":      {`"name": "users",`, `"name": "users", "owner": "me",`},
		"a bad position":        {`"pos": "models/user.go:8:6"`, `"pos": "line 8"`},
	} {
		b := strings.Replace(string(full), edit[0], edit[1], 1)
		if b == string(full) {
			t.Fatalf("%s: %q is not in testdata/full.json", name, edit[0])
		}
		if err := validate([]byte(b)); err == nil {
			t.Errorf("full.json with %s validates; the schema must reject it", name)
		}
	}
}
