package model_test

import (
	"context"
	"errors"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/model"
)

func TestLoadConfigErrors(t *testing.T) {
	seed := filepath.Join("testdata", "models", "seed")
	tests := []struct {
		name string
		cfg  model.Config
		is   error
		msg  string
	}{
		{"mysql", model.Config{Dir: seed, Patterns: []string{"."}, Dialect: "mysql"}, model.ErrUnsupportedDialect, "MySQL models are not supported yet"},
		{"unknown dialect", model.Config{Dir: seed, Patterns: []string{"."}, Dialect: "oracle"}, model.ErrUnsupportedDialect, `"oracle"; use postgres or sqlite`},
		{"nullability", model.Config{Dir: seed, Patterns: []string{"."}, Dialect: "postgres", Nullability: "strict"}, model.ErrBadConfig, `nullability "strict"`},
		{"no patterns", model.Config{Dir: seed, Dialect: "sqlite"}, model.ErrBadConfig, "no package patterns"},
		{"schema prefix", model.Config{Dir: seed, Patterns: []string{"."}, Dialect: "postgres", Naming: model.Naming{TablePrefix: "app."}}, model.ErrBadConfig, `table_prefix "app." holds a schema name`},
		{"short identifiers", model.Config{Dir: seed, Patterns: []string{"."}, Dialect: "postgres", Naming: model.Naming{IdentifierMaxLength: 8}}, model.ErrBadConfig, "identifier_max_length 8 is too short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.Load(context.Background(), tt.cfg)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Load() error = %v, want %v containing %q", err, tt.is, tt.msg)
			}
		})
	}
}

func TestLoadMissingPackage(t *testing.T) {
	_, err := model.Load(context.Background(), model.Config{
		Dir:      filepath.Join("testdata", "models", "seed"),
		Patterns: []string{"./nothing"},
		Dialect:  "postgres",
	})
	var list model.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("Load() error = %v, want an ErrorList", err)
	}
	if !strings.Contains(err.Error(), "nothing") {
		t.Errorf("error does not name the missing directory: %v", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := model.Load(ctx, model.Config{
		Dir:      filepath.Join("testdata", "models", "seed"),
		Patterns: []string{"."},
		Dialect:  "postgres",
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load() with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestSeedSchema checks the values diff and render rely on, beyond what
// the JSON golden shows: the atlas types, the shared column objects of the
// primary key and indexes, and the attributes.
func TestSeedSchema(t *testing.T) {
	res, err := model.Load(context.Background(), model.Config{
		Dir:      filepath.Join("testdata", "models", "seed"),
		Patterns: []string{"."},
		Dialect:  "postgres",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Schema.Name != "" {
		t.Errorf("schema name = %q, want empty (the caller sets it)", res.Schema.Name)
	}
	users, ok := res.Schema.Table("users")
	if !ok {
		t.Fatal("no users table")
	}
	if users.Schema != res.Schema {
		t.Error("users.Schema does not point to the schema")
	}
	id, _ := users.Column("id")
	if st, ok := id.Type.Type.(*postgres.SerialType); !ok || st.T != "bigserial" || id.Type.Raw != "bigserial" || id.Default != nil {
		t.Errorf("id = %#v (default %v), want a bigserial without default", id.Type, id.Default)
	}
	if users.PrimaryKey == nil || users.PrimaryKey.Name != "" || len(users.PrimaryKey.Parts) != 1 || users.PrimaryKey.Parts[0].C != id {
		t.Errorf("primary key = %+v, want unnamed (id) pointing at the id column", users.PrimaryKey)
	}
	username, _ := users.Column("username")
	if st, ok := username.Type.Type.(*schema.StringType); !ok || st.Size != 80 {
		t.Errorf("username type = %#v, want a StringType of size 80", username.Type.Type)
	}
	idx, ok := users.Index("uni_users_username")
	if !ok || !idx.Unique || !attr.Has[*attr.UniqueConstraint](idx.Attrs) || idx.Parts[0].C != username || idx.Table != users {
		t.Fatalf("uni_users_username = %+v, want a unique constraint on the username column", idx)
	}
	if len(username.Indexes) != 1 || username.Indexes[0] != idx {
		t.Errorf("username.Indexes = %v, want the unique constraint", username.Indexes)
	}
	g, ok := attr.Get[*attr.GoName](username.Attrs)
	if !ok || g.Type != "User" || g.Field != "Username" {
		t.Errorf("GoName = %+v", g)
	}
	p, ok := attr.Get[*schema.Pos](username.Attrs)
	if !ok || p.Filename != "user.go" || p.Start.Line != 9 || p.Start.Column != 2 {
		t.Errorf("username position = %+v, want user.go:9:2", p)
	}
}

func TestErrorFormat(t *testing.T) {
	inner := errors.New(`unknown gorm key "uniqe"; did you mean "unique"?`)
	e := &model.Error{Pos: token.Position{Filename: "models/user.go", Line: 14, Column: 2}, Object: "User.Email", Err: inner}
	if got, want := e.Error(), `models/user.go:14:2: User.Email: unknown gorm key "uniqe"; did you mean "unique"?`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e.Warning = true
	if got := e.Error(); !strings.HasPrefix(got, "models/user.go:14:2: warning: User.Email: ") {
		t.Errorf("warning = %q", got)
	}
	if !errors.Is(e, inner) {
		t.Error("Error does not unwrap to its cause")
	}
	list := model.ErrorList{e, &model.Error{Err: errors.New("tables: no struct")}}
	var target *model.Error
	if !errors.As(error(list), &target) || target != e {
		t.Error("errors.As does not find an *Error in an ErrorList")
	}
	if got := list.Error(); !strings.HasSuffix(got, "\ntables: no struct") {
		t.Errorf("ErrorList.Error() = %q", got)
	}
}

// TestNamingConfigWins checks that gen.yaml's naming replaces the
// NamingStrategy literal gen finds in the models.
func TestNamingConfigWins(t *testing.T) {
	res, err := model.Load(context.Background(), model.Config{
		Dir:      filepath.Join("testdata", "models", "naming-fold"),
		Patterns: []string{"."},
		Dialect:  "postgres",
		Naming:   model.Naming{TablePrefix: "x_"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range res.Schema.Tables {
		names = append(names, tb.Name)
	}
	if got, want := strings.Join(names, " "), "x_order_items x_item_tags x_tags"; got != want {
		t.Errorf("tables = %s, want %s (gen.yaml's naming, not the literal's app_ and SingularTable)", got, want)
	}
}
