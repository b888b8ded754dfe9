package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/genmigrate/gen/internal/dburl"
	"github.com/genmigrate/gen/internal/testdb"
)

var update = flag.Bool("update", false, "rewrite the scripts' expected output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gen": func() { os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every script in testdata/script twice: against a fresh
// PostgreSQL schema (skipped without GEN_TEST_POSTGRES_URL) and against a
// fresh SQLite file. Conditions [postgres] and [sqlite] tell them apart;
// DATABASE_URL points at the script's own database.
func TestScripts(t *testing.T) {
	goEnv := goEnvironment(t)
	for _, dialect := range []string{dburl.Postgres, dburl.SQLite} {
		t.Run(dialect, func(t *testing.T) {
			if dialect == dburl.Postgres {
				testdb.PostgresURL(t)          // skips with the reason when unset
				testdb.Extension(t, "pg_trgm") // baseline.txtar's trigram index
			}
			testscript.Run(t, testscript.Params{
				Dir:           "testdata/script",
				UpdateScripts: *update,
				Setup: func(env *testscript.Env) error {
					env.Vars = append(env.Vars, goEnv...)
					// FRESH_DATABASE_URL is a second, empty database: CI's
					// "gen upgrade on a fresh database, then gen check".
					switch dialect {
					case dburl.Postgres:
						pg := testdb.Postgres(env.T().(testing.TB))
						env.Setenv("DATABASE_URL", pg.URL)
						fresh := testdb.Postgres(env.T().(testing.TB))
						env.Setenv("FRESH_DATABASE_URL", fresh.URL)
					case dburl.SQLite:
						env.Setenv("DATABASE_URL", "sqlite:"+filepath.Join(env.WorkDir, "test.db"))
						env.Setenv("FRESH_DATABASE_URL", "sqlite:"+filepath.Join(env.WorkDir, "fresh.db"))
					}
					env.Setenv("GEN_DIALECT", dialect)
					return nil
				},
				Condition: func(cond string) (bool, error) {
					switch cond {
					case dburl.Postgres, dburl.SQLite:
						return cond == dialect, nil
					}
					return false, fmt.Errorf("unknown condition %q", cond)
				},
				Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
					"dbq":     cmdDBQuery,
					"dbcols":  cmdDBColumns,
					"nfiles":  cmdNFiles,
					"catmig":  cmdCatMigration,
					"revid":   cmdRevisionID,
					"migedit": cmdMigEdit,
					"pgdump":  cmdPgDump,
				},
			})
		})
	}
}

// goEnvironment is what `go list` needs inside a script (go/packages runs
// it to load the models): the caches of the machine running the tests, and
// no network.
func goEnvironment(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(v) != 4 {
		t.Fatalf("go env printed %q", out)
	}
	return []string{
		"GOCACHE=" + v[0], "GOMODCACHE=" + v[1], "GOPATH=" + v[2], "GOROOT=" + v[3],
		"GOPROXY=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOWORK=off",
		"PATH=" + filepath.Join(v[3], "bin") + string(os.PathListSeparator) + os.Getenv("PATH"),
	}
}

// openDB opens the script's database (DATABASE_URL) and runs f.
func openDB(ts *testscript.TestScript, f func(q func(string) ([][]string, error))) {
	u, err := dburl.Parse(ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	ctx := context.Background()
	switch u.Dialect {
	case dburl.Postgres:
		c, err := pgx.Connect(ctx, u.DSN)
		ts.Check(err)
		defer c.Close(ctx)
		f(func(query string) ([][]string, error) {
			rows, err := c.Query(ctx, query, pgx.QueryExecModeSimpleProtocol)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out [][]string
			for rows.Next() {
				vals, err := rows.Values()
				if err != nil {
					return nil, err
				}
				row := make([]string, len(vals))
				for i, v := range vals {
					row[i] = fmt.Sprint(v)
				}
				out = append(out, row)
			}
			return out, rows.Err()
		})
	case dburl.SQLite:
		db, err := sql.Open("sqlite", u.Path)
		ts.Check(err)
		defer db.Close()
		f(func(query string) ([][]string, error) {
			rows, err := db.QueryContext(ctx, query)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				return nil, err
			}
			var out [][]string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					return nil, err
				}
				row := make([]string, len(vals))
				for i, v := range vals {
					if b, ok := v.([]byte); ok {
						v = string(b)
					}
					row[i] = fmt.Sprint(v)
				}
				out = append(out, row)
			}
			return out, rows.Err()
		})
	default:
		ts.Fatalf("dbq: unsupported dialect %s", u.Dialect)
	}
}

// dbq SQL runs SQL on the script's database and prints the rows, one per
// line, values separated by tabs.
func cmdDBQuery(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: dbq SQL")
	}
	openDB(ts, func(q func(string) ([][]string, error)) {
		rows, err := q(args[0])
		if neg {
			if err == nil {
				ts.Fatalf("dbq succeeded, want failure")
			}
			fmt.Fprintf(ts.Stderr(), "%v\n", err)
			return
		}
		ts.Check(err)
		for _, r := range rows {
			fmt.Fprintln(ts.Stdout(), strings.Join(r, "\t"))
		}
	})
}

// pgdump [fresh] prints pg_dump -s of the script's schema (of
// FRESH_DATABASE_URL's with "fresh"), without gen's version table, with
// the schema's name written SCHEMA and without pg_dump's comments, SET
// lines and blank lines: two schemas built apart compare equal when
// their definitions are.
func cmdPgDump(ts *testscript.TestScript, neg bool, args []string) {
	env := "DATABASE_URL"
	switch {
	case neg || len(args) > 1 || len(args) == 1 && args[0] != "fresh":
		ts.Fatalf("usage: pgdump [fresh]")
	case len(args) == 1:
		env = "FRESH_DATABASE_URL"
	}
	u, err := dburl.Parse(ts.Getenv(env))
	ts.Check(err)
	if u.Dialect != dburl.Postgres {
		ts.Fatalf("pgdump: %s is not a PostgreSQL URL", env)
	}
	cfg, err := pgx.ParseConfig(u.DSN)
	ts.Check(err)
	cmd := exec.Command("pg_dump", "--schema-only", "--no-owner", "-h", cfg.Host, "-p", strconv.Itoa(int(cfg.Port)), "-U", cfg.User, "-d", cfg.Database,
		"-n", u.Schema, "-T", u.Schema+".gen_migrations")
	out, err := cmd.CombinedOutput()
	if err != nil {
		ts.Fatalf("pg_dump: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if l == "" || strings.HasPrefix(l, "--") || strings.HasPrefix(l, "SET ") || strings.HasPrefix(l, "SELECT pg_catalog.set_config") ||
			strings.HasPrefix(l, `\restrict `) || strings.HasPrefix(l, `\unrestrict `) {
			continue
		}
		fmt.Fprintln(ts.Stdout(), strings.ReplaceAll(l, u.Schema, "SCHEMA"))
	}
}

// dbcols TABLE prints the columns of TABLE as the catalog has them, one per
// line: name, then "null" or "not null".
func cmdDBColumns(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: dbcols TABLE")
	}
	var query string
	switch ts.Getenv("GEN_DIALECT") {
	case dburl.Postgres:
		query = fmt.Sprintf(`SELECT column_name, CASE is_nullable WHEN 'YES' THEN 'null' ELSE 'not null' END
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '%s' ORDER BY ordinal_position`, args[0])
	default:
		query = fmt.Sprintf(`SELECT name, CASE "notnull" WHEN 0 THEN 'null' ELSE 'not null' END FROM pragma_table_info('%s') ORDER BY cid`, args[0])
	}
	openDB(ts, func(q func(string) ([][]string, error)) {
		rows, err := q(query)
		ts.Check(err)
		if len(rows) == 0 {
			ts.Fatalf("dbcols: table %s does not exist", args[0])
		}
		for _, r := range rows {
			fmt.Fprintln(ts.Stdout(), strings.Join(r, " "))
		}
	})
}

// nfiles DIR N checks that DIR holds exactly N migration (.sql) files.
func cmdNFiles(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: nfiles DIR N")
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	got := migrationFiles(ts, args[0])
	if len(got) != want {
		ts.Fatalf("%s holds %d migration files %v, want %d", args[0], len(got), got, want)
	}
}

// catmig DIR N prints the Nth migration file of DIR (1 is the oldest).
func cmdCatMigration(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: catmig DIR N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	files := migrationFiles(ts, args[0])
	if n < 1 || n > len(files) {
		ts.Fatalf("catmig: %s holds %d migration files, no file %d", args[0], len(files), n)
	}
	data, err := os.ReadFile(ts.MkAbs(filepath.Join(args[0], files[n-1])))
	ts.Check(err)
	ts.Stdout().Write(data)
}

func migrationFiles(ts *testscript.TestScript, dir string) []string {
	entries, err := os.ReadDir(ts.MkAbs(dir))
	ts.Check(err)
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// revid DIR N VAR sets the environment variable VAR to the revision id of
// the Nth migration file of DIR, for later commands to match.
func cmdRevisionID(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 || neg {
		ts.Fatalf("usage: revid DIR N VAR")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	files := migrationFiles(ts, args[0])
	if n < 1 || n > len(files) {
		ts.Fatalf("revid: %s holds %d migration files, no file %d", args[0], len(files), n)
	}
	data, err := os.ReadFile(ts.MkAbs(filepath.Join(args[0], files[n-1])))
	ts.Check(err)
	for _, line := range strings.Split(string(data), "\n") {
		if id, ok := strings.CutPrefix(line, "-- gen:revision "); ok {
			ts.Setenv(args[2], strings.TrimSpace(id))
			return
		}
	}
	ts.Fatalf("revid: %s has no -- gen:revision line", files[n-1])
}

// migedit DIR N up|down|header TEXT edits the Nth migration file of DIR
// as a person would: "up" puts TEXT (a statement) on the line after
// `-- +gen Up`, "down" on the line after `-- +gen Down`, "header" puts
// TEXT (a `-- gen:` line) at the end of the header.
func cmdMigEdit(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 4 || neg {
		ts.Fatalf("usage: migedit DIR N up|down|header TEXT")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	files := migrationFiles(ts, args[0])
	if n < 1 || n > len(files) {
		ts.Fatalf("migedit: %s holds %d migration files, no file %d", args[0], len(files), n)
	}
	path := ts.MkAbs(filepath.Join(args[0], files[n-1]))
	data, err := os.ReadFile(path)
	ts.Check(err)
	lines := strings.Split(string(data), "\n")
	var out []string
	done := false
	for i, l := range lines {
		switch {
		case args[2] == "header" && !done && strings.TrimSpace(l) == "" && i > 0:
			out = append(out, args[3])
			done = true
		case (args[2] == "up" && strings.TrimSpace(l) == "-- +gen Up" || args[2] == "down" && strings.TrimSpace(l) == "-- +gen Down") && !done:
			out = append(out, l, args[3])
			done = true
			continue
		}
		out = append(out, l)
	}
	if !done {
		ts.Fatalf("migedit: found no place for %s in %s", args[2], files[n-1])
	}
	ts.Check(os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644))
}
