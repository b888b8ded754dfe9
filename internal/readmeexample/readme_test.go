// Package readmeexample tests the README's library example: the ```go
// library block of README.md, built as a program of its own against this
// checkout, run on PostgreSQL and on SQLite.
package readmeexample

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/migrations"
)

// root is the repository's root directory.
func root(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// example returns the text of README.md's ```go library block.
func example(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?ms)^```go library\n(.*?)^```\n").FindAllStringSubmatch(string(data), -1)
	if len(blocks) != 1 {
		t.Fatalf("README.md has %d ```go library blocks, want 1", len(blocks))
	}
	return blocks[0][1]
}

// build writes the example into a module of its own that uses this
// checkout (replace), with a migrations directory of two revisions, and
// builds it offline from the module cache.
func build(t *testing.T) string {
	t.Helper()
	rootDir, err := filepath.Abs(root(t))
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	mainMod, err := os.ReadFile(filepath.Join(rootDir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	// The main module's requirements (and go.sum) pin every version the
	// example needs, so the build needs no network.
	reqs := string(mainMod[bytes.Index(mainMod, []byte("\nrequire")):])
	goMod := "module example.com/readme\n\ngo 1.26.8\n\nrequire github.com/genmigrate/gen v0.0.0-00010101000000-000000000000\n\nreplace github.com/genmigrate/gen => " + rootDir + "\n" + reqs
	sum, err := os.ReadFile(filepath.Join(rootDir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": []byte(goMod), "go.sum": sum, "main.go": []byte(example(t))} {
		if err := os.WriteFile(filepath.Join(mod, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir, err := migrations.CreateDir(filepath.Join(mod, "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	users := &migrations.File{Revision: "aaaaaaaaaaaa", Message: "users", Created: created,
		Up:   []migrations.Stmt{{SQL: "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL)"}},
		Down: []migrations.Stmt{{SQL: "DROP TABLE users"}}}
	posts := &migrations.File{Revision: "bbbbbbbbbbbb", Parents: []string{"aaaaaaaaaaaa"}, Message: "posts", Created: created.Add(time.Minute),
		Up:   []migrations.Stmt{{SQL: "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id))"}},
		Down: []migrations.Stmt{{SQL: "DROP TABLE posts"}}}
	if _, err := dir.WriteAll([]*migrations.File{users, posts}); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(mod, "app")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = mod
	// Offline: every module comes from the module cache.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the README example: %v\n%s", err, out)
	}
	return bin
}

// run runs the example with DATABASE_URL and returns its stderr, failing
// t unless it exits 0.
func run(t *testing.T, bin, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("DATABASE_URL=%s app: %v\n%s", url, err, stderr.String())
	}
	return stderr.String()
}

// checkLog asserts the slog lines of a first run.
func checkLog(t *testing.T, log string) {
	t.Helper()
	for _, want := range []string{`msg="applied revision" revision=aaaaaaaaaaaa message=users`, `msg="applied revision" revision=bbbbbbbbbbbb message=posts`, `msg="database at head" applied=2`} {
		if !strings.Contains(log, want) {
			t.Errorf("the example's log lacks %q:\n%s", want, log)
		}
	}
}

func TestReadmeLibraryExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program: skipped with -short")
	}
	bin := build(t)
	t.Run("sqlite", func(t *testing.T) {
		path := testdb.SQLitePath(t)
		checkLog(t, run(t, bin, "sqlite:"+path))
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var tables, rows string
		if err := db.QueryRow("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != "gen_migrations,posts,users" {
			t.Errorf("tables %q, want gen_migrations,posts,users", tables)
		}
		if err := db.QueryRow("SELECT group_concat(revision, ',') FROM (SELECT revision FROM gen_migrations ORDER BY revision)").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
			t.Errorf("version rows %q", rows)
		}
		// A second start finds nothing to do.
		if log := run(t, bin, "sqlite:"+path); !strings.Contains(log, `msg="database at head" applied=0`) {
			t.Errorf("second run log:\n%s", log)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		pg := testdb.Postgres(t)
		checkLog(t, run(t, bin, pg.URL))
		ctx := context.Background()
		var tables, rows string
		if err := pg.Conn.QueryRow(ctx, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = $1", pg.Schema).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != "gen_migrations,posts,users" {
			t.Errorf("tables of schema %s: %q, want gen_migrations,posts,users", pg.Schema, tables)
		}
		if err := pg.Conn.QueryRow(ctx, "SELECT string_agg(revision, ',' ORDER BY revision) FROM gen_migrations").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
			t.Errorf("version rows %q", rows)
		}
	})
}
