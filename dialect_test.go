package gen

import (
	"errors"
	"strings"
	"testing"
)

// TestNewRefusesUnsupportedDialects: gen.New, which does not connect,
// refuses a MySQL URL as a *ConfigError (exit 2 in the CLI) saying what to
// use instead, and accepts the dialects it supports.
func TestNewRefusesUnsupportedDialects(t *testing.T) {
	for _, tc := range []struct {
		url, want string // want "" means accepted
	}{
		{"mysql://me:hunter2@127.0.0.1:1/db", "database URL: MySQL is not supported yet; use a postgres:// or sqlite: URL"},
		{"postgres://me:hunter2@127.0.0.1:1/db", ""},
		{"sqlite:app.db", ""},
	} {
		p, err := New(Config{DB: tc.url, WorkDir: t.TempDir()})
		if tc.want == "" {
			if err != nil {
				t.Errorf("New(%s): %v, want a Project", tc.url, err)
			}
			continue
		}
		var ce *ConfigError
		if !errors.As(err, &ce) || err.Error() != tc.want {
			t.Errorf("New(%s) = %v, %T %v; want a *ConfigError %q", tc.url, p, err, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New(%s): the error shows the password: %v", tc.url, err)
		}
	}
}

// TestSQLiteWithoutDriver: package gen does not link the SQLite engine in
// (cmd/gen does); a program that opens an sqlite: URL without it is told
// which import to add, not database/sql's "unknown driver".
func TestSQLiteWithoutDriver(t *testing.T) {
	dir := t.TempDir()
	p, err := New(Config{DB: "sqlite:app.db", WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// With the driver (this test binary links it, as cmd/gen does) the
	// empty database reads fine.
	if _, err := p.Inspect(t.Context()); err != nil {
		t.Fatalf("Inspect with the driver linked in: %v", err)
	}
	defer func(name string) { sqliteDriver = name }(sqliteDriver)
	sqliteDriver = "sqlite-not-linked"
	_, err = p.Inspect(t.Context())
	if !errors.Is(err, errNoSQLiteDriver) || !strings.Contains(err.Error(), `import _ "modernc.org/sqlite"`) {
		t.Fatalf("Inspect without the driver: %v; want the import to add", err)
	}
}
