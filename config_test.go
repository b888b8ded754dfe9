package gen

import (
	"os"
	"path/filepath"
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
