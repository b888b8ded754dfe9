package gen

import (
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
