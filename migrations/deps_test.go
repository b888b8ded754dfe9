package migrations

import (
	"os/exec"
	"strings"
	"testing"
)

// An application that imports migrations to run them at start-up gets
// the runner alone: not the model loader (golang.org/x/tools), gen's
// models, the YAML reader, nor an SQLite engine it did not ask for.
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !containsPrefix(deps, "github.com/jackc/pgx/v5") {
		t.Fatalf("go list -deps lists no pgx; the listing is not what this test expects:\n%s", out)
	}
	for _, banned := range []string{"golang.org/x/tools", "github.com/genmigrate/gen/model", "go.yaml.in/yaml", "gopkg.in/yaml", "modernc.org/sqlite", "modernc.org/libc"} {
		for _, d := range deps {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("package migrations depends on %s", d)
			}
		}
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
