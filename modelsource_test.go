package gen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The catalog is read after the models only when their source is large
// (awaitLargeModels): the estimate counts the Go files a pattern names,
// without tests, testdata or vendor, and nothing for an import path.
func TestModelSourceSize(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("x", size)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("models/a.go", 100)
	write("models/a_test.go", 50)
	write("models/notes.txt", 70)
	write("models/sub/b.go", 30)
	write("models/testdata/c.go", 40)
	write("models/vendor/d.go", 20)
	write("models/.hidden/e.go", 10)
	for _, tc := range []struct {
		patterns []string
		want     int64
	}{
		{[]string{"./models"}, 100},
		{[]string{"./models/..."}, 130},
		{[]string{"./models", "./models/sub"}, 130},
		{[]string{"example.com/app/models"}, 0},
		{[]string{"./missing"}, 0},
		{[]string{filepath.Join(dir, "models", "sub")}, 30},
	} {
		p := &Project{cfg: Config{WorkDir: dir, Models: tc.patterns}}
		if got := p.modelSourceSize(1 << 20); got != tc.want {
			t.Errorf("modelSourceSize(%q) = %d, want %d", tc.patterns, got, tc.want)
		}
	}
	// Counting stops once the limit is reached.
	p := &Project{cfg: Config{WorkDir: dir, Models: []string{"./models/..."}}}
	if got := p.modelSourceSize(100); got < 100 || got > 130 {
		t.Errorf("modelSourceSize with limit 100 = %d, want 100 to 130", got)
	}
}

// When the models are large, Draft reads the catalog only once they are
// loaded: the draft is the same (nothing on the benchmark's tables, the
// change of an edited model), and a model error still wins over reading
// the database.
func TestDraftAfterLargeModels(t *testing.T) {
	p := noopProject(t, 20, false)
	defer func(v int64) { largeModelSource = v }(largeModelSource)
	largeModelSource = 1000
	if n := p.modelSourceSize(largeModelSource); n < largeModelSource {
		t.Fatalf("the models' source counts %d bytes, under the %d that make them large", n, largeModelSource)
	}
	draftNoop(t, p)
	path := filepath.Join(p.Config().WorkDir, "models", "models.go")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "size:120;not null;index", "size:121;not null;index", 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := p.Draft(context.Background(), "edit", DraftOptions{NoLiveChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	want := `ALTER TABLE "item00000_entries" ALTER COLUMN "name" TYPE character varying(121)`
	if up := upSQL(d); !strings.Contains(up, want) {
		t.Errorf("after widening Item00000Entry.Name the migration does not say %s:\n%s", want, up)
	}
	broken := strings.Replace(edited, "size:121;not null;index", "size:wide;not null;index", 1)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = p.Draft(context.Background(), "edit", DraftOptions{NoLiveChecks: true})
	var me *ModelError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "size:wide is not a whole number") {
		t.Errorf("Draft on a model with size:wide: %v, want the model error", err)
	}
}
