package model_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genmigrate/gen/model"
)

// writeModels writes a module with one package of n GORM models of about
// eight fields each: a key, strings with sizes and indexes, numbers, a
// time, a nullable field, and a belongs-to relationship to the model
// before it (so n-1 foreign keys), every tenth with a has-many back.
func writeModels(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.22\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("// Package models has generated models.\npackage models\n\nimport \"time\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\n// Model%d is generated.\ntype Model%d struct {\n", i, i)
		b.WriteString("\tID        uint\n")
		fmt.Fprintf(&b, "\tName      string `gorm:\"size:%d;not null;index\"`\n", 40+i%50)
		b.WriteString("\tCode      string `gorm:\"size:20;uniqueIndex\"`\n")
		b.WriteString("\tAmount    float64 `gorm:\"precision:10;scale:2\"`\n")
		b.WriteString("\tCount     int32 `gorm:\"default:0\"`\n")
		b.WriteString("\tNote      *string\n")
		b.WriteString("\tCreatedAt time.Time\n")
		if i > 0 {
			fmt.Fprintf(&b, "\tModel%dID  uint\n\tParent    *Model%d `gorm:\"foreignKey:Model%dID;constraint:OnDelete:CASCADE\"`\n", i-1, i-1, i-1)
		}
		if i%10 == 0 && i+1 < n {
			fmt.Fprintf(&b, "\tChildren  []Model%d `gorm:\"foreignKey:Model%dID\"`\n", i+1, i)
		}
		b.WriteString("}\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "models.go"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkLoad500 loads a package of 500 models: the time gen takes to
// read a large project's models, warm (go list's cache filled by the
// first run).
func BenchmarkLoad500(b *testing.B) {
	dir := writeModels(b, 500)
	cfg := model.Config{Dir: dir, Patterns: []string{"."}, Dialect: "postgres"}
	res, err := model.Load(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	if got := len(res.Schema.Tables); got != 500 {
		b.Fatalf("loaded %d tables, want 500", got)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := model.Load(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCold1000 loads 1000 models with an empty build cache, as
// on a fresh CI machine: go list compiles the export data of what the
// models import (the standard library's time and its dependencies). Its
// yardstick is BenchmarkGoBuildCold1000, `go build` of the same package
// with an empty cache (issue 9: the cold load costs no more).
func BenchmarkLoadCold1000(b *testing.B) {
	dir := writeModels(b, 1000)
	cfg := model.Config{Dir: dir, Patterns: []string{"."}, Dialect: "postgres"}
	for b.Loop() {
		b.StopTimer()
		b.Setenv("GOCACHE", b.TempDir())
		b.StartTimer()
		res, err := model.Load(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Schema.Tables) != 1000 {
			b.Fatalf("loaded %d tables, want 1000", len(res.Schema.Tables))
		}
	}
}

// BenchmarkGoBuildCold1000 is `go build` of BenchmarkLoadCold1000's
// package with an empty build cache.
func BenchmarkGoBuildCold1000(b *testing.B) {
	dir := writeModels(b, 1000)
	for b.Loop() {
		b.StopTimer()
		cache := b.TempDir()
		b.StartTimer()
		cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
}

// TestLoadGenerated checks the benchmark's models load as intended: the
// relationships become foreign keys.
func TestLoadGenerated(t *testing.T) {
	dir := writeModels(t, 30)
	res, err := model.Load(context.Background(), model.Config{Dir: dir, Patterns: []string{"."}, Dialect: "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	fks := 0
	for _, tb := range res.Schema.Tables {
		fks += len(tb.ForeignKeys)
	}
	// 29 belongs-to relationships; where the parent also declares the
	// has-many (Model0, Model10, Model20), GORM keeps the parent's key,
	// named after the parent, and drops the child's.
	if len(res.Schema.Tables) != 30 || fks != 29 {
		t.Fatalf("%d tables and %d foreign keys, want 30 and 29", len(res.Schema.Tables), fks)
	}
	// inflection, GORM's pluralizer, leaves names ending in a digit.
	child, ok := res.Schema.Table("model1")
	if !ok {
		t.Fatalf("no table model1; the second is %s", res.Schema.Tables[1].Name)
	}
	if len(child.ForeignKeys) != 1 || child.ForeignKeys[0].Symbol != "fk_model0_children" || child.ForeignKeys[0].OnDelete != "" {
		t.Errorf("model1 foreign keys = %+v, want only fk_model0_children without an action", child.ForeignKeys)
	}
}
