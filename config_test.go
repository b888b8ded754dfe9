package gen

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genmigrate/gen/migrations"
)

// The timeouts and live-check bounds of gen.yaml reach the files and the
// prober; a value that is not a duration is an error naming the key.
func TestConfigTimeouts(t *testing.T) {
	dir := t.TempDir()
	write := func(yaml string) string {
		path := filepath.Join(dir, "gen.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cfg, err := ReadConfig(write("db: postgres://u@h/db\nlock_timeout: 2s\nstatement_timeout: 90s\nlive_checks:\n  exact_below: 500\n  statement_timeout: 250ms\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	cfg.WorkDir = dir
	p, err := New(*cfg)
	if err != nil {
		t.Fatal(err)
	}
	stmts := p.withTimeouts([]migrations.Stmt{{SQL: "SELECT 1"}}, false)
	var got []string
	for _, s := range stmts {
		got = append(got, s.SQL)
	}
	if want := "SET LOCAL lock_timeout = '2s'|SET LOCAL statement_timeout = '90s'|SELECT 1"; strings.Join(got, "|") != want {
		t.Errorf("statements %q, want %q", strings.Join(got, "|"), want)
	}
	if got := p.withTimeouts([]migrations.Stmt{{SQL: "CREATE INDEX CONCURRENTLY x ON t (c)"}}, true)[0].SQL; got != "SET lock_timeout = '2s'" {
		t.Errorf("a no-transaction revision sets %q, want the session's SET", got)
	}
	if o := p.probeOptions(); o.ExactBelow != 500 || o.StatementTimeout.Milliseconds() != 250 {
		t.Errorf("probe options %+v, want exact_below 500 and a 250ms timeout", o)
	}

	// Defaults: 5s and 30 minutes, written as PostgreSQL reads them.
	def := &Config{DB: "postgres://u@h/db", WorkDir: dir}
	p, err = New(*def)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.withTimeouts([]migrations.Stmt{{SQL: "SELECT 1"}}, false); got[0].SQL != "SET LOCAL lock_timeout = '5s'" || got[1].SQL != "SET LOCAL statement_timeout = '30min'" {
		t.Errorf("default timeouts %q, %q", got[0].SQL, got[1].SQL)
	}
	// SQLite has no such settings; a file with no statement gets none.
	if got := p.withTimeouts(nil, false); len(got) != 0 {
		t.Errorf("an empty script got %v", got)
	}

	_, err = ReadConfig(write("lock_timeout: soon\n"), false)
	if err == nil || !strings.Contains(err.Error(), `lock_timeout: "soon" is not a duration`) {
		t.Errorf("a bad lock_timeout gave %v", err)
	}
}

// exclude: and keep: are checked when gen.yaml is read; errors name the
// line of the entry.
func TestConfigExcludeKeep(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gen.yaml")
	read := func(yaml string) (*Config, error) {
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		return ReadConfig(path, false)
	}
	cfg, err := read("exclude:\n  - legacy_*\n  - audit\nkeep:\n  - users.users_lower_email_idx\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.Exclude, []string{"legacy_*", "audit"}) || !slices.Equal(cfg.Keep, []string{"users.users_lower_email_idx"}) {
		t.Errorf("read exclude %v, keep %v", cfg.Exclude, cfg.Keep)
	}
	if !slices.Equal(cfg.excludeLines, []int{2, 3}) || !slices.Equal(cfg.keepLines, []int{5}) {
		t.Errorf("lines: exclude %v, keep %v; want [2 3], [5]", cfg.excludeLines, cfg.keepLines)
	}
	for yaml, want := range map[string]string{
		"keep:\n  - users\n":          `line 2: keep: "users" is not table.object`,
		"keep: [users.]\n":            `line 1: keep: "users." is not table.object`,
		"db: x\nexclude:\n  - 'a['\n": `line 3: exclude: "a[" is not a valid pattern`,
		"exclude:\n  - ''\n":          `line 2: exclude: an empty table name`,
		"exclude: legacy\n":           `line 1: exclude: "legacy" should be a list: [a, b], or one "- item" a line below the key`,
		"excludes:\n  - legacy\n":     `unknown key "excludes"; the keys are db, models, dir, nullability, tables, naming`,
	} {
		_, err := read(yaml)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error with %q", yaml, err, want)
		}
	}
}
