package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/testdb"
)

// TestTestJSON checks what gen test --format json prints against
// $defs/test of docs/flags.schema.json: a chain whose second revision's
// Down leaves its table behind fails there, naming the table; fixed, on a
// new scratch database, it passes.
func TestTestJSON(t *testing.T) {
	sch := compileOutputSchema(t, "test")
	dir := t.TempDir()
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := genRun(t, append([]string{"-C", dir}, args...)...)
		if code != want {
			t.Fatalf("gen %s exited %d, want %d\n%s\n%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out
	}
	run(0, "init")
	run(0, "revision", "-m", "create a")
	run(0, "revision", "-m", "create b")
	files, err := filepath.Glob(filepath.Join(dir, "migrations", "*.sql"))
	if err != nil || len(files) != 2 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	slices.Sort(files)
	edit := func(path, marker, stmt string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(data), marker+"\n", marker+"\n"+stmt+"\n", 1)
		if s == string(data) {
			t.Fatalf("%s has no %s line", path, marker)
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(files[0], "-- +gen Up", "CREATE TABLE a (id integer PRIMARY KEY);")
	edit(files[0], "-- +gen Down", "DROP TABLE a;")
	edit(files[1], "-- +gen Up", "CREATE TABLE b (id integer PRIMARY KEY);")
	run(0, "hash")
	revs := make([]string, 2)
	for i, f := range files {
		data, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(data), "\n") {
			if id, ok := strings.CutPrefix(l, "-- gen:revision "); ok {
				revs[i] = id
			}
		}
	}

	type result struct {
		Passed  []string `json:"passed"`
		Seeded  int      `json:"seeded"`
		Failure *struct {
			Revision, File, Step, Message string
			Missing                       []string
		} `json:"failure"`
	}
	decode := func(out string) result {
		t.Helper()
		if err := validateOutput(sch, []byte(out)); err != nil {
			t.Errorf("gen test --format json does not validate against $defs/test: %v\n%s", err, out)
		}
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}

	r := decode(run(1, "--db", "sqlite:one.db", "--format", "json", "test"))
	if !slices.Equal(r.Passed, revs[:1]) || r.Failure == nil {
		t.Fatalf("passed %v, failure %+v; want %v passed and %s failed", r.Passed, r.Failure, revs[:1], revs[1])
	}
	if f := r.Failure; f.Revision != revs[1] || f.Step != "down-schema" || !slices.Equal(f.Missing, []string{"drop table b"}) ||
		f.File != filepath.Join("migrations", filepath.Base(files[1])) {
		t.Errorf("failure %+v, want revision %s, step down-schema, missing [drop table b], file %s", f, revs[1], files[1])
	}

	edit(files[1], "-- +gen Down", "DROP TABLE b;")
	run(0, "hash")
	r = decode(run(0, "--db", "sqlite:two.db", "--format", "json", "test"))
	if !slices.Equal(r.Passed, revs) || r.Failure != nil {
		t.Errorf("passed %v, failure %+v; want %v passed, no failure", r.Passed, r.Failure, revs)
	}
}

// TestTestCatalogObjectsPostgres checks that on PostgreSQL gen test also
// compares what is not a table: a Down that leaves a view behind fails,
// named; a Down that drops it passes.
func TestTestCatalogObjectsPostgres(t *testing.T) {
	pg := testdb.Database(t) // skips without GEN_TEST_POSTGRES_URL
	dir := t.TempDir()
	run := func(want int, args ...string) (string, string) {
		t.Helper()
		code, out, errOut := genRun(t, append([]string{"-C", dir, "--db", pg.URL}, args...)...)
		if code != want {
			t.Fatalf("gen %s exited %d, want %d\n%s\n%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out, errOut
	}
	run(0, "init")
	run(0, "revision", "-m", "create a")
	run(0, "revision", "-m", "view on a")
	files, err := filepath.Glob(filepath.Join(dir, "migrations", "*.sql"))
	if err != nil || len(files) != 2 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	slices.Sort(files)
	edit := func(path, marker, stmt string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), marker+"\n", marker+"\n"+stmt+"\n", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(files[0], "-- +gen Up", "CREATE TABLE a (id integer PRIMARY KEY);")
	edit(files[0], "-- +gen Down", "DROP TABLE a;")
	edit(files[1], "-- +gen Up", "CREATE VIEW v AS SELECT id FROM a;")
	run(0, "hash")
	out, errOut := run(1, "test")
	if !strings.Contains(out, "\nFAIL ") || !strings.Contains(errOut, "(view on a): Down does not restore the schema before its Up; to restore it, Down would also have to: drop view v\n") {
		t.Errorf("gen test with a Down that leaves a view:\n%s\n%s", out, errOut)
	}

	edit(files[1], "-- +gen Down", "DROP VIEW v;")
	run(0, "hash")
	if _, err := pg.Conn.Exec(t.Context(), "DROP VIEW v; DROP TABLE a; DELETE FROM gen_migrations"); err != nil {
		t.Fatal(err)
	}
	out, _ = run(0, "test")
	if !strings.Contains(out, "test: 2 revision(s) passed") {
		t.Errorf("gen test with the view dropped by Down:\n%s", out)
	}
}

// TestTestMergeGraph checks gen test on a graph with two branches and a
// merge: each revision is tested alone, in the graph's order, and a bad
// Down on one branch names that branch's revision.
func TestTestMergeGraph(t *testing.T) {
	dir := t.TempDir()
	run := func(want int, args ...string) (string, string) {
		t.Helper()
		code, out, errOut := genRun(t, append([]string{"-C", dir}, args...)...)
		if code != want {
			t.Fatalf("gen %s exited %d, want %d\n%s\n%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out, errOut
	}
	run(0, "init")
	run(0, "revision", "-m", "create a")
	run(0, "revision", "-m", "create b")
	files, _ := filepath.Glob(filepath.Join(dir, "migrations", "*.sql"))
	slices.Sort(files)
	rev := func(path string) string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if id, ok := strings.CutPrefix(l, "-- gen:revision "); ok {
				return id
			}
		}
		t.Fatalf("%s has no revision", path)
		return ""
	}
	first := rev(files[0])
	// A sibling of "create b", as a colleague's branch would add it.
	sibling := filepath.Join(dir, "migrations", "20300101000000_create_c.sql")
	if err := os.WriteFile(sibling, []byte("-- gen:revision 0000000000cc\n-- gen:parents "+first+
		"\n-- gen:message create c\n-- gen:created 2030-01-01T00:00:00Z\n\n-- +gen Up\nCREATE TABLE c (id integer PRIMARY KEY);\n\n-- +gen Down\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	set := func(path, up, down string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(data), "-- +gen Up\n", "-- +gen Up\n"+up+"\n", 1)
		s = strings.Replace(s, "-- +gen Down\n", "-- +gen Down\n"+down+"\n", 1)
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set(files[0], "CREATE TABLE a (id integer PRIMARY KEY);", "DROP TABLE a;")
	set(files[1], "CREATE TABLE b (id integer PRIMARY KEY);", "DROP TABLE b;")
	run(0, "hash")
	run(0, "merge", "-m", "merge b and c")

	// c's Down leaves c behind: c is named, whichever branch runs first.
	out, errOut := run(1, "--db", "sqlite:one.db", "test")
	if !strings.Contains(out, "FAIL 0000000000cc create c\n") || strings.Contains(out, "merge b and c") ||
		!strings.Contains(errOut, "Down would also have to: drop table c\n") {
		t.Errorf("gen test with c's Down empty:\n%s\n%s", out, errOut)
	}

	set(sibling, "", "DROP TABLE c;")
	run(0, "hash")
	out, _ = run(0, "--db", "sqlite:two.db", "test")
	if n := strings.Count(out, "ok   "); n != 4 ||
		!strings.Contains(out, "ok   0000000000cc create c\n") || !strings.HasSuffix(out, "test: 4 revision(s) passed: each Down restored the schema before its Up, and Up again gave the same schema\n") {
		t.Errorf("gen test on the merged graph, %d revisions ok:\n%s", n, out)
	}
	out, _ = run(0, "--db", "sqlite:two.db", "current")
	if !strings.Contains(out, "merge b and c (head)") {
		t.Errorf("after gen test the scratch database is not at the merge head:\n%s", out)
	}
}
