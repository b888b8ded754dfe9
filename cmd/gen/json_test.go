package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/testdb"
)

// jsonRun is one command of TestJSONEveryCommand: its arguments (after
// -C DIR --db URL --format json), the exit code and the $defs entry of
// docs/flags.schema.json its stdout must be, and what else to assert.
type jsonRun struct {
	args  []string
	code  int
	def   string
	check func(t *testing.T, v map[string]any)
	// db replaces the project's database URL ("" keeps it).
	db string
}

// decodeOne checks that out is exactly one JSON value and nothing else
// (but white space) and returns it.
func decodeOne(out string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(out))
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("stdout holds more than one JSON value")
	}
	return v, nil
}

// TestJSONEveryCommand runs every command of gen with --format json on
// SQLite and PostgreSQL, succeeding and failing (no database, a bad
// target, findings), and checks the exit code, that stdout is exactly one
// JSON object, and that it validates against the command's $defs entry of
// docs/flags.schema.json (docs/JSON.md lists them). It fails when a
// command of gen is not run.
func TestJSONEveryCommand(t *testing.T) {
	ran := map[string]bool{}
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			if dialect == "postgres" {
				testdb.PostgresURL(t) // skips with the reason when unset
			}
			dir, url := flagProject(t, dialect, nil, "type User struct {\n\tID   int64\n\tName string `gorm:\"sise:40\"`\n}\n")
			if err := os.Remove(filepath.Join(dir, "migrations")); err != nil {
				t.Fatal(err)
			}
			freshURL := "sqlite:" + filepath.Join(dir, "fresh.db")
			if dialect == "postgres" {
				freshURL = testdb.Postgres(t).URL
			}
			var rev1, rev2 string
			head := func(v map[string]any) map[string]any { return v["heads"].([]any)[0].(map[string]any) }
			length := func(v map[string]any, key string) int { return len(v[key].([]any)) }
			want := func(t *testing.T, ok bool, format string, args ...any) {
				t.Helper()
				if !ok {
					t.Errorf(format, args...)
				}
			}
			runs := []jsonRun{
				{args: []string{"version"}, def: "version"},
				{args: []string{"init"}, def: "init", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "created") >= 2, "gen init created %v, want migrations/ and gen.yaml", v["created"])
				}},
				{args: []string{"init"}, def: "init", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "created") == 0, "a second gen init created %v", v["created"])
				}},
				{args: []string{"heads"}, def: "heads", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "heads") == 0, "heads of an empty directory: %v", v["heads"])
				}},
				// The model warning reaches the JSON of every command that
				// loads the models, beside the draft.
				{args: []string{"diff"}, code: 1, def: "draft", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "warnings") == 1, "gen diff carries warnings %v, want the sise one", v["warnings"])
				}},
				{args: []string{"models"}, def: "schema", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "tables") == 1 && length(v, "warnings") == 1, "gen models printed tables %v, warnings %v", v["tables"], v["warnings"])
				}},
				{args: []string{"migrate", "-m", "create users"}, def: "draft", check: func(t *testing.T, v map[string]any) {
					rev1 = v["files"].([]any)[0].(map[string]any)["revision"].(string)
				}},
				{args: []string{"heads"}, def: "heads", check: func(t *testing.T, v map[string]any) {
					h := head(v)
					want(t, length(v, "heads") == 1 && h["revision"] == rev1 && h["head"] == true && h["applied"] == false,
						"gen heads printed %v, want %s as the one head, not applied", v, rev1)
				}},
				{args: []string{"current"}, def: "current", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "current") == 0, "current before upgrade: %v", v["current"])
				}},
				{args: []string{"check"}, code: 1, def: "check", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "findings") > 0 && length(v, "warnings") == 1, "gen check printed findings %v, warnings %v", v["findings"], v["warnings"])
				}},
				{args: []string{"upgrade", "--sql"}, def: "sql", check: func(t *testing.T, v map[string]any) {
					want(t, strings.Contains(v["sql"].(string), "CREATE TABLE"), "gen upgrade --sql printed %q", v["sql"])
				}},
				{args: []string{"upgrade", "nosuchrev"}, code: 2, def: "error"},
				{args: []string{"upgrade", "+5"}, code: 1, def: "error"},
				{args: []string{"upgrade"}, def: "upgrade", check: func(t *testing.T, v map[string]any) {
					a := v["applied"].([]any)
					want(t, len(a) == 1 && a[0].(map[string]any)["revision"] == rev1, "gen upgrade applied %v, want %s", a, rev1)
				}},
				{args: []string{"upgrade"}, def: "upgrade", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "applied") == 0, "a second gen upgrade applied %v", v["applied"])
				}},
				{args: []string{"current"}, def: "current", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "current") == 1 && v["current"].([]any)[0] == rev1, "current after upgrade: %v, want %s", v["current"], rev1)
				}},
				{args: []string{"heads"}, def: "heads", check: func(t *testing.T, v map[string]any) {
					h := head(v)
					want(t, h["head"] == true && h["applied"] == true && h["current"] == true, "gen heads after upgrade printed %v", h)
				}},
				{args: []string{"check"}, def: "check", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "findings") == 0 && length(v, "warnings") == 1, "a clean gen check printed %v", v)
				}},
				{args: []string{"inspect"}, def: "schema", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "tables") == 1, "gen inspect printed tables %v", v["tables"])
				}},
				{args: []string{"merge", "-m", "join"}, code: 2, def: "error"}, // one head
				{args: []string{"revision", "-m", "backfill names"}, def: "written", check: func(t *testing.T, v map[string]any) {
					rev2 = v["revision"].(string)
					p := v["parents"].([]any)
					want(t, len(p) == 1 && p[0] == rev1, "gen revision follows %v, want %s", p, rev1)
				}},
				{args: []string{"hash"}, def: "hash", check: func(t *testing.T, v map[string]any) {
					want(t, v["sum"] == "migrations/gen.sum", "gen hash rewrote %v", v["sum"])
				}},
				{args: []string{"history"}, def: "history", check: func(t *testing.T, v map[string]any) {
					rs := v["revisions"].([]any)
					newest := rs[0].(map[string]any)
					want(t, len(rs) == 2 && newest["revision"] == rev2 && newest["head"] == true && newest["applied"] == false &&
						rs[1].(map[string]any)["applied"] == true, "gen history printed %v", rs)
				}},
				{args: []string{"stamp", "head"}, def: "stamp", check: func(t *testing.T, v map[string]any) {
					want(t, v["stamped"] == "head", "gen stamp printed %v", v)
				}},
				{args: []string{"downgrade", "-5"}, code: 1, def: "error"},
				{args: []string{"downgrade", "--sql"}, def: "sql"},
				{args: []string{"downgrade", "base"}, def: "downgrade", check: func(t *testing.T, v map[string]any) {
					r := v["reverted"].([]any)
					want(t, len(r) == 2 && r[0].(map[string]any)["revision"] == rev2, "gen downgrade base reverted %v, want %s then %s", r, rev2, rev1)
				}},
				{args: []string{"downgrade"}, code: 1, def: "error"}, // nothing applied: -1 cannot be met
				{args: []string{"stamp", "nosuchrev"}, code: 2, def: "error"},
				{args: []string{"test"}, db: freshURL, def: "test", check: func(t *testing.T, v map[string]any) {
					want(t, length(v, "passed") == 2 && v["failure"] == nil, "gen test printed %v", v)
				}},
				{args: []string{"test"}, db: freshURL, code: 2, def: "error"}, // now not empty
				{args: []string{"current"}, db: "postgres://gen:s3cret@127.0.0.1:1/nodb", code: 2, def: "error"},
				{args: []string{"frobnicate"}, code: 2, def: "error"},
				{args: []string{"diff", "--rename", "nodot"}, code: 2, def: "error"},
			}
			if dialect == "postgres" {
				// A database with a table and no revisions to adopt.
				pg := testdb.Postgres(t)
				if _, err := pg.Conn.Exec(t.Context(), "CREATE TABLE users (id bigserial PRIMARY KEY, name text, legacy text)"); err != nil {
					t.Fatal(err)
				}
				adopt := t.TempDir()
				for name, data := range map[string]string{
					"go.mod":           "module example.com/app\n\ngo 1.22\n",
					"models/models.go": "package models\n\ntype User struct {\n\tID   int64\n\tName string\n}\n",
				} {
					if err := os.MkdirAll(filepath.Dir(filepath.Join(adopt, name)), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(adopt, name), []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				runs = append(runs,
					jsonRun{args: []string{"-C", adopt, "init"}, db: pg.URL, def: "init"},
					jsonRun{args: []string{"-C", adopt, "baseline", "-m", "adopt"}, db: pg.URL, def: "baseline", check: func(t *testing.T, v map[string]any) {
						want(t, v["tables"] == 1.0 && v["file"] != "", "gen baseline printed %v", v)
					}},
					jsonRun{args: []string{"-C", adopt, "baseline", "-m", "again"}, db: pg.URL, code: 2, def: "error"},
				)
			} else {
				runs = append(runs, jsonRun{args: []string{"baseline", "-m", "adopt"}, code: 2, def: "error"}) // PostgreSQL only
			}
			schemas := map[string]bool{}
			for _, r := range runs {
				schemas[r.def] = true
			}
			compiled := map[string]func([]byte) error{}
			for def := range schemas {
				sch := compileOutputSchema(t, def)
				compiled[def] = func(b []byte) error { return validateOutput(sch, b) }
			}
			for _, r := range runs {
				db := url
				if r.db != "" {
					db = r.db
				}
				args := append([]string{"-C", dir, "--db", db, "--format", "json"}, r.args...)
				code, out, errOut := genRun(t, args...)
				name := strings.Join(r.args, " ")
				if code != r.code {
					t.Errorf("gen %s exited %d, want %d\nstdout:\n%s\nstderr:\n%s", name, code, r.code, out, errOut)
				}
				v, err := decodeOne(out)
				if err != nil {
					t.Errorf("gen %s --format json: %v\nstdout:\n%s", name, err, out)
					continue
				}
				if err := compiled[r.def]([]byte(out)); err != nil {
					t.Errorf("gen %s --format json does not validate against $defs/%s: %v\n%s", name, r.def, err, out)
					continue
				}
				if strings.Contains(out, "s3cret") || strings.Contains(errOut, "s3cret") {
					t.Errorf("gen %s printed the password:\n%s\n%s", name, out, errOut)
				}
				if r.check != nil {
					r.check(t, v)
				}
				cmdName := r.args[0]
				if cmdName == "-C" {
					cmdName = r.args[2]
				}
				ran[cmdName] = true
			}
		})
	}
	// Every command gen has.
	var names []string
	for _, c := range (&app{stdout: io.Discard, stderr: io.Discard}).command(strings.NewReader("")).Commands {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	for _, n := range names {
		if !ran[n] {
			t.Errorf("gen %s was not run with --format json", n)
		}
	}
	if len(names) < 18 {
		t.Errorf("gen has %d commands %v; the test expects at least the 18 it knows", len(names), names)
	}
}

// TestJSONProgressOnStderr: with --format json, the progress lines of gen
// upgrade and gen downgrade (applied …, reverted …) go to stderr, and stdout
// holds only the JSON; in text they stay with the rest on stdout.
func TestJSONProgressOnStderr(t *testing.T) {
	dir, url := flagProject(t, "sqlite", nil, "type User struct{ ID int64 }\n")
	base := []string{"-C", dir, "--db", url}
	if code, out, errOut := genRun(t, append(slices.Clone(base), "migrate", "-m", "users")...); code != 0 {
		t.Fatalf("gen migrate exited %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut := genRun(t, append(slices.Clone(base), "--format", "json", "upgrade")...)
	if code != 0 || !strings.Contains(errOut, "applied ") || strings.Contains(out, "applied ") {
		t.Errorf("gen --format json upgrade exited %d; want the applied line on stderr only\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, errOut = genRun(t, append(slices.Clone(base), "downgrade")...)
	if code != 0 || !strings.Contains(out, "reverted ") || strings.Contains(errOut, "reverted ") {
		t.Errorf("gen downgrade (text) exited %d; want the reverted line on stdout\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !bytes.Contains([]byte(out), []byte("reverted")) {
		t.Fatal("unreachable: checked above")
	}
}
