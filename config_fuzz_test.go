package gen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadConfig: any gen.yaml gives a configuration or a *ConfigError
// naming the file, never a panic, and the error speaks in gen.yaml's terms
// (keys and values), not in Go's types or YAML's tags.
func FuzzReadConfig(f *testing.F) {
	for _, s := range []string{
		"db: sqlite:app.db\nmodels: [./models]\ndir: migrations\n",
		"naming:\n  table_prefix: t_\n  singular_table: true\n  identifier_max_length: 30\n",
		"live_checks:\n  exact_below: 1000\n  statement_timeout: 5s\nlock_timeout: 2s\nstatement_timeout: 0\n",
		"exclude: [legacy_*]\nkeep: [users.idx_users_email]\ntables: [users]\nnullability: go-types\n",
		"db: [a, b]\n", "models: 3\n", "naming: x\n", "naming:\n  identifier_max_length: abc\n",
		"lock_timeout: soon\n", "keep: [users]\n", "exclude: ['[']\n", "\tdb: x\n", "db: \"a\n", "- a\n", ":",
		"colour: blue\n", "db: a\ndb: b\n", "nullability: maybe\n", "live_checks:\n  exact_below: -1\n", "",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "gen.yaml")
	f.Fuzz(func(t *testing.T, s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := ReadConfig(path, false)
		if err == nil {
			if cfg == nil {
				t.Fatalf("ReadConfig(%q) = nil, nil", s)
			}
			return
		}
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.File != path {
			t.Fatalf("ReadConfig(%q) = %T %v, want a *ConfigError naming the file", s, err, err)
		}
		for _, goSpeak := range []string{"unmarshal", "!!", "gen.Config", "struct {", "[]string", "int64"} {
			// The file's own text, quoted back (an unknown key "0!!"), is
			// no internal.
			if strings.Contains(err.Error(), goSpeak) && !strings.Contains(s, goSpeak) {
				t.Fatalf("ReadConfig(%q): %q speaks Go or YAML internals (%s)", s, err, goSpeak)
			}
		}
	})
}
