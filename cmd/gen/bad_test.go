package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/migrations"
)

// badCase is one malformed input of testdata/bad (README.md there): the
// files it lays over the base project, the command it runs and what that
// command must answer.
type badCase struct {
	file, name string
	field      string            // models/models.go is the base User with this field added
	bunField   string            // the same for a Bun model (the module then requires Bun)
	files      map[string][]byte // laid over the base project
	rm         []string          // base files removed first
	setup      [][]string        // gen commands that must exit 0 before the case
	sum        bool              // rewrite gen.sum over the case's files, valid or not
	postgres   bool              // run against a fresh PostgreSQL schema
	args       []string
	exit       int
	stderr     []*regexp.Regexp
	notStderr  []*regexp.Regexp
	stdout     []*regexp.Regexp
}

// baseProject is the project every case starts from: one model, gen.yaml
// naming a SQLite file, and `gen init`'s migrations directory.
var baseProject = map[string]string{
	"go.mod":           "module example.com/app\n\ngo 1.22\n",
	"gen.yaml":         "db: sqlite:test.db\n",
	"models/models.go": "package models\n\ntype User struct {\n\tID   int64\n\tName string\n}\n",
}

// bunModule is a model golden case whose go.mod and go.sum require Bun.
// It is made absolute before any case changes directory.
var bunModule = func() string {
	p, _ := filepath.Abs(filepath.Join("..", "..", "model", "testdata", "models", "bun-go-types"))
	return p
}()

// internals are texts of Go, its libraries or a crash that a user can do
// nothing with; no answer to a bad input may hold one.
var internals = []string{
	"panic:", "goroutine ", "runtime error", "%!", "<nil>", "unmarshal", "!!", "strconv.", "invalid syntax",
	"struct {", "[]string", "*errors.", "context canceled",
}

// TestBadInput runs every case of testdata/bad: the exit code and the
// message must be the ones written down, the message must not be Go's,
// gen must not panic, and on error nothing may be written: the project's
// files (migrations, gen.sum, gen.yaml, models) and the database's tables
// and rows are as they were.
func TestBadInput(t *testing.T) {
	cases := loadBadCases(t)
	if len(cases) < 200 {
		t.Errorf("testdata/bad holds %d cases, want at least 200", len(cases))
	}
	t.Logf("%d cases", len(cases))
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.file, ".txtar")+"/"+c.name, func(t *testing.T) { runBadCase(t, c) })
	}
}

func loadBadCases(t *testing.T) []*badCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "bad", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata/bad/*.txtar (%v)", err)
	}
	var all []*badCase
	seen := map[string]bool{}
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var c *badCase
		for _, f := range a.Files {
			name, isCase := strings.CutPrefix(f.Name, "case: ")
			if !isCase {
				if c == nil {
					t.Fatalf("%s: file %s comes before any `-- case: NAME --`", p, f.Name)
				}
				c.files[f.Name] = f.Data
				continue
			}
			key := filepath.Base(p) + "/" + name
			if seen[key] {
				t.Fatalf("%s: two cases named %q", p, name)
			}
			seen[key] = true
			c = &badCase{file: filepath.Base(p), name: name, files: map[string][]byte{}, exit: -1}
			if err := c.parse(string(f.Data)); err != nil {
				t.Fatalf("%s: case %q: %v", p, name, err)
			}
			all = append(all, c)
		}
	}
	return all
}

// parse reads a case's directives, one a line (README.md).
func (c *badCase) parse(text string) error {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		neg := false
		if verb == "!" {
			neg = true
			verb, rest, _ = strings.Cut(rest, " ")
		}
		var err error
		switch verb {
		case "gen":
			c.args, err = splitArgs(rest)
		case "setup":
			var args []string
			args, err = splitArgs(strings.TrimPrefix(rest, "gen "))
			c.setup = append(c.setup, args)
		case "field":
			c.field = rest
		case "bunfield":
			c.bunField = rest
		case "rm":
			c.rm = append(c.rm, rest)
		case "sum":
			c.sum = true
		case "postgres":
			c.postgres = true
		case "exit":
			c.exit, err = strconv.Atoi(rest)
		case "stderr", "stdout":
			var re *regexp.Regexp
			if re, err = regexp.Compile("(?m)" + rest); err != nil {
				break
			}
			switch {
			case verb == "stdout":
				c.stdout = append(c.stdout, re)
			case neg:
				c.notStderr = append(c.notStderr, re)
			default:
				c.stderr = append(c.stderr, re)
			}
		default:
			return fmt.Errorf("unknown directive %q", line)
		}
		if err != nil {
			return fmt.Errorf("%q: %v", line, err)
		}
	}
	switch {
	case c.args == nil:
		return fmt.Errorf("no `gen ARGS` line")
	case c.exit <= 0:
		return fmt.Errorf("no `exit N` line with N > 0: a bad input is refused")
	case len(c.stderr)+len(c.stdout) == 0:
		return fmt.Errorf("no `stderr REGEXP` or `stdout REGEXP` line: say what gen must answer")
	}
	return nil
}

// splitArgs splits a command line as a shell would for words, 'single'
// and "double" quotes.
func splitArgs(s string) ([]string, error) {
	var (
		out   []string
		cur   strings.Builder
		quote rune
		word  bool
	)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, word = r, true
		case r == ' ' || r == '\t':
			if word {
				out = append(out, cur.String())
				cur.Reset()
				word = false
			}
		default:
			cur.WriteRune(r)
			word = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c", quote)
	}
	if word {
		out = append(out, cur.String())
	}
	return out, nil
}

func runBadCase(t *testing.T, c *badCase) {
	dir := t.TempDir()
	t.Chdir(dir)
	if c.postgres {
		pg := testdb.Postgres(t) // skips without GEN_TEST_POSTGRES_URL
		t.Setenv("DATABASE_URL", pg.URL)
	} else {
		t.Setenv("DATABASE_URL", "")
	}
	t.Setenv("GEN_INTERACTIVE", "0")
	for name, data := range baseProject {
		writeFile(t, name, []byte(data))
	}
	if code, _, stderr := genRun(t, "init"); code != 0 {
		t.Fatalf("gen init: exit %d\n%s", code, stderr)
	}
	for _, p := range c.rm {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	if c.field != "" {
		writeFile(t, "models/models.go", []byte("package models\n\ntype User struct {\n\tID int64\n\t"+c.field+"\n}\n"))
	}
	if c.bunField != "" {
		// A module that requires Bun, as the model golden cases have it.
		for _, name := range []string{"go.mod", "go.sum"} {
			data, err := os.ReadFile(filepath.Join(bunModule, name))
			if err != nil {
				t.Fatal(err)
			}
			if name == "go.mod" {
				data = bytes.Replace(data, []byte("module example.com/bungotypes"), []byte("module example.com/app"), 1)
			}
			writeFile(t, name, data)
		}
		writeFile(t, "models/models.go", []byte("package models\n\nimport \"github.com/uptrace/bun\"\n\ntype User struct {\n\tbun.BaseModel `bun:\"table:users\"`\n\tID            int64 `bun:\",pk,autoincrement\"`\n\t"+c.bunField+"\n}\n"))
	}
	for name, data := range c.files {
		writeFile(t, name, data)
	}
	if c.sum {
		writeSum(t)
	}

	for _, args := range c.setup {
		if code, stdout, stderr := genRun(t, args...); code != 0 {
			t.Fatalf("setup gen %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	before := snapshot(t)
	code, stdout, stderr := runRecovering(t, c.args)
	t.Logf("$ gen %s\nexit %d\n%s%s", strings.Join(c.args, " "), code, stdout, stderr)
	if code != c.exit {
		t.Errorf("exit %d, want %d", code, c.exit)
	}
	if strings.TrimSpace(stderr+stdout) == "" {
		t.Errorf("gen printed nothing: a refused input must say why")
	}
	for _, re := range c.stderr {
		if !re.MatchString(stderr) {
			t.Errorf("stderr does not match %q", re)
		}
	}
	for _, re := range c.notStderr {
		if re.MatchString(stderr) {
			t.Errorf("stderr matches %q, which it must not", re)
		}
	}
	for _, re := range c.stdout {
		if !re.MatchString(stdout) {
			t.Errorf("stdout does not match %q", re)
		}
	}
	for _, s := range internals {
		if strings.Contains(stderr+stdout, s) {
			t.Errorf("the answer holds %q, which a user cannot act on", s)
		}
	}
	if after := snapshot(t); after != before {
		t.Errorf("gen wrote on error:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// runRecovering runs gen in-process and turns a panic into a test failure
// with its stack.
func runRecovering(t *testing.T, args []string) (code int, stdout, stderr string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("gen %s panicked: %v\n%s", strings.Join(args, " "), r, debug.Stack())
		}
	}()
	var out, errb bytes.Buffer
	ctx := context.Background()
	code = Run(ctx, append([]string{"gen"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// writeSum writes migrations/gen.sum as `gen hash` would, but without
// reading the files as migrations: a case's file may be malformed on
// purpose, and gen.sum must then not be what gen complains about.
func writeSum(t *testing.T) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	var body strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&body, "%s %s\n", filepath.Base(n), migrations.Sum(data))
	}
	total := sha256.Sum256([]byte(body.String()))
	writeFile(t, filepath.Join("migrations", migrations.SumFile), []byte("h1:"+base64.StdEncoding.EncodeToString(total[:])+"\n"+body.String()))
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot is every file of the working directory (but the SQLite
// database's own files) with its hash, then every table of test.db with
// its definition and row count. gen's version table counts by its rows
// alone: gen may create it, empty, before it finds the input bad.
func snapshot(t *testing.T) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(filepath.Base(path), "test.db") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %x", path, sha256.Sum256(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("test.db"); err != nil {
		// Opening a SQLite URL creates the file: no file is an empty
		// database.
		lines = append(lines, "version rows: 0")
	} else {
		db, err := sql.Open("sqlite", "test.db")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
		if err != nil {
			t.Fatal(err)
		}
		var tables []string
		for rows.Next() {
			var typ, name, def string
			if err := rows.Scan(&typ, &name, &def); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(name, migrations.VersionTable) {
				continue
			}
			lines = append(lines, typ+" "+name+": "+def)
			if typ == "table" {
				tables = append(tables, name)
			}
		}
		rows.Close()
		var versions int // 0 when the table is absent
		_ = db.QueryRow("SELECT count(*) FROM " + migrations.VersionTable).Scan(&versions)
		lines = append(lines, fmt.Sprintf("version rows: %d", versions))
		for _, tb := range tables {
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM "` + tb + `"`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("rows %s: %d", tb, n))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
