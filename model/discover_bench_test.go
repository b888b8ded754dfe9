package model_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/model"
)

// writeApp adds to the module of writeModels the rest of an application:
// files other packages of the module, each a few functions long, one in
// ten importing the models, and one registering every model with
// AutoMigrate. gen reads them by syntax to find that call.
func writeApp(tb testing.TB, dir string, models, files int) {
	tb.Helper()
	for i := 0; i < files; i++ {
		pkg := fmt.Sprintf("svc%d", i/20)
		var b strings.Builder
		fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"fmt\"\n", pkg)
		if i%10 == 0 {
			b.WriteString("\n\tmodels \"example.com/bench\"\n")
		}
		b.WriteString(")\n")
		for f := 0; f < 8; f++ {
			fmt.Fprintf(&b, "\n// F%d_%d does something.\nfunc F%d_%d(n int) (string, error) {\n\tif n < 0 {\n\t\treturn \"\", fmt.Errorf(\"negative %%d\", n)\n\t}\n\ts := \"\"\n\tfor i := 0; i < n; i++ {\n\t\ts += fmt.Sprint(i)\n\t}\n\treturn s, nil\n}\n", i, f, i, f)
		}
		if i%10 == 0 {
			fmt.Fprintf(&b, "\nvar _ = models.Model%d{}\n", i%models)
		}
		writeFile(tb, filepath.Join(dir, "internal", pkg, fmt.Sprintf("file%d.go", i)), b.String())
	}
	var b strings.Builder
	b.WriteString("package db\n\nimport (\n\t\"gorm.io/gorm\"\n\n\tmodels \"example.com/bench\"\n)\n\n// Migrate creates the tables.\nfunc Migrate(db *gorm.DB) error {\n\treturn db.AutoMigrate(\n")
	for i := 0; i < models; i++ {
		fmt.Fprintf(&b, "\t\t&models.Model%d{},\n", i)
	}
	b.WriteString("\t)\n}\n")
	writeFile(tb, filepath.Join(dir, "internal", "db", "migrate.go"), b.String())
}

func writeFile(tb testing.TB, name, text string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLoad1000 loads 1000 models, warm: alone, and in a module of
// 300 more files whose AutoMigrate call gen finds by syntax. The
// difference is what finding the registration costs.
func BenchmarkLoad1000(b *testing.B) {
	for _, files := range []int{0, 300} {
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			dir := writeModels(b, 1000)
			if files > 0 {
				writeApp(b, dir, 1000, files)
			}
			cfg := model.Config{Dir: dir, Patterns: []string{"."}, Dialect: "postgres"}
			res, err := model.Load(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			if got := len(res.Schema.Tables); got != 1000 {
				b.Fatalf("loaded %d tables, want 1000", got)
			}
			want := "has gorm tags"
			if files > 0 {
				want = "registered by AutoMigrate at internal/db/migrate.go:11:12"
			}
			if f, _ := attr.Get[*attr.FoundBy](res.Schema.Tables[999].Attrs); f == nil || f.How != want {
				b.Fatalf("the last table was found by %v, want %q", f, want)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := model.Load(context.Background(), cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
