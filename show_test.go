package gen_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // sqlite: URLs

	"github.com/genmigrate/gen"
)

// TestShowSchema: a program gets from the root package what gen models
// prints, as SQL (each table after where the models declare it) and as
// JSON (with the models' warnings at their position).
func TestShowSchema(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"go.mod":           "module example.com/show\n\ngo 1.22\n",
		"models/models.go": "package models\n\ntype User struct {\n\tID   int64\n\tName string `gorm:\"sise:40\"`\n}\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := gen.New(gen.Config{DB: "sqlite:" + filepath.Join(dir, "app.db"), Models: []string{"./models"}, WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, warnings, err := p.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	var sql strings.Builder
	if err := p.WriteSchemaSQL(&sql, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-- User (models/models.go:3:6)", `CREATE TABLE "users" (`, `"name" text`, ");\n"} {
		if !strings.Contains(sql.String(), want) {
			t.Errorf("WriteSchemaSQL lacks %q:\n%s", want, sql.String())
		}
	}

	b, err := gen.SchemaJSON(s, gen.Problems(warnings))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tables []struct {
			Name string `json:"name"`
			Go   string `json:"go"`
		} `json:"tables"`
		Warnings []gen.Problem `json:"warnings"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	wantWarn := gen.Problem{File: "models/models.go", Line: 5, Col: 2, Object: "User.Name", Message: `unknown gorm key "sise", which GORM ignores; did you mean "size"?`}
	if len(doc.Tables) != 1 || doc.Tables[0].Name != "users" || doc.Tables[0].Go != "User" || len(doc.Warnings) != 1 || doc.Warnings[0] != wantWarn {
		t.Errorf("SchemaJSON printed\n%s\nwant the users table and the warning %+v", b, wantWarn)
	}
	if b, err := gen.SchemaJSON(s, nil); err != nil || strings.Contains(string(b), "warnings") {
		t.Errorf("SchemaJSON without warnings printed %s (%v)", b, err)
	}
}
