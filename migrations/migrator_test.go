package migrations

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"

	"github.com/genmigrate/gen/internal/testdb"
)

var update = flag.Bool("update", false, "rewrite golden files")

// env is one test database, on either dialect.
type env struct {
	t       *testing.T
	dialect string
	// driver returns a Driver on a connection of its own.
	driver func() Driver
	// query returns the first column of the first row of a query.
	query func(q string) string
	// schema is the PostgreSQL schema ("" on SQLite).
	schema string
	// path is the SQLite file ("" on PostgreSQL).
	path string
}

func pgEnv(t *testing.T) *env {
	pg := testdb.Postgres(t)
	ctx := context.Background()
	return &env{
		t: t, dialect: "postgres", schema: pg.Schema,
		driver: func() Driver {
			c, err := pgx.Connect(ctx, pg.URL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close(context.Background()) })
			return NewPostgres(c, pg.Schema)
		},
		query: func(q string) string {
			var s string
			if err := pg.Conn.QueryRow(ctx, "SELECT ("+q+")::text").Scan(&s); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return s
		},
	}
}

func openSQLite(t *testing.T, path string) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sqliteEnv(t *testing.T) *env {
	path := testdb.SQLitePath(t)
	check := openSQLite(t, path)
	return &env{
		t: t, dialect: "sqlite", path: path,
		driver: func() Driver { return NewSQLite(openSQLite(t, path)) },
		query: func(q string) string {
			var s string
			if err := check.QueryRow("SELECT CAST((" + q + ") AS text)").Scan(&s); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return s
		},
	}
}

// both runs f on PostgreSQL (skipped without GEN_TEST_POSTGRES_URL) and
// on SQLite.
func both(t *testing.T, f func(t *testing.T, e *env)) {
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		f(t, pgEnv(t))
	})
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		f(t, sqliteEnv(t))
	})
}

func (e *env) tableExists(name string) bool {
	if e.dialect == "postgres" {
		return e.query(fmt.Sprintf("SELECT to_regclass('%s.%s') IS NOT NULL", e.schema, name)) == "true"
	}
	return e.query(fmt.Sprintf("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", name)) == "1"
}

func (e *env) versionRows() string {
	if !e.tableExists(VersionTable) {
		return ""
	}
	if e.dialect == "postgres" {
		return e.query("SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM " + VersionTable)
	}
	return e.query("SELECT coalesce(group_concat(revision, ','), '') FROM (SELECT revision FROM " + VersionTable + " ORDER BY revision)")
}

// writeDir writes files into a new migrations directory, one minute apart
// so that names sort in the order given.
func writeDir(t *testing.T, files ...*File) *Dir {
	t.Helper()
	d, err := CreateDir(filepath.Join(t.TempDir(), "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 22, 6, 30, 0, 0, time.UTC)
	for i, f := range files {
		f.Created = base.Add(time.Duration(i) * time.Minute)
		if _, err := d.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// newMigrator is New for a test: an error fails it.
func newMigrator(t testing.TB, dir *Dir, d Driver, opts ...Option) *Migrator {
	t.Helper()
	m, err := New(dir, d, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func stmts(sqls ...string) []Stmt {
	var out []Stmt
	for _, s := range sqls {
		out = append(out, Stmt{SQL: s})
	}
	return out
}

// history is a -> b -> c -> d, valid on both dialects.
func history() []*File {
	return []*File{
		{Revision: "aaaaaaaaaaaa", Message: "users", Deploy: DeployAdditive,
			Up:   stmts(`CREATE TABLE users (id integer PRIMARY KEY, email text)`),
			Down: stmts(`DROP TABLE users`)},
		{Revision: "bbbbbbbbbbbb", Parents: []string{"aaaaaaaaaaaa"}, Message: "posts",
			Up:   stmts(`CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id))`),
			Down: stmts(`DROP TABLE posts`)},
		{Revision: "cccccccccccc", Parents: []string{"bbbbbbbbbbbb"}, Message: "timezone",
			Up:   stmts(`ALTER TABLE users ADD COLUMN tz text`),
			Down: stmts(`ALTER TABLE users DROP COLUMN tz`)},
		{Revision: "dddddddddddd", Parents: []string{"cccccccccccc"}, Message: "email index",
			Up:   stmts(`CREATE INDEX users_email ON users (email)`),
			Down: stmts(`DROP INDEX users_email`)},
	}
}

func ids(fs []*File) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Revision[:1])
	}
	return strings.Join(out, ",")
}

func TestUpgradeDowngradeStatus(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		dir := writeDir(t, history()...)
		var log bytes.Buffer
		m := newMigrator(t, dir, e.driver(), WithLog(&log))

		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Applied) != 0 || len(st.Current) != 0 || ids(st.Pending) != "a,b,c,d" || ids(st.Heads) != "d" {
			t.Fatalf("fresh Status = %+v", st)
		}
		if e.tableExists(VersionTable) {
			t.Fatal("Status created the version table")
		}

		step := func(name string, run func() ([]*File, error), wantDone, wantRows, wantCurrent, wantPending string) {
			t.Helper()
			done, err := run()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if ids(done) != wantDone {
				t.Errorf("%s did %q, want %q", name, ids(done), wantDone)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, a := range st.Applied {
				rows = append(rows, a.Revision[:1])
			}
			var cur []string
			for _, c := range st.Current {
				cur = append(cur, c[:1])
			}
			if got := strings.Join(rows, ","); got != wantRows {
				t.Errorf("after %s: applied %q, want %q", name, got, wantRows)
			}
			if got := strings.Join(cur, ","); got != wantCurrent {
				t.Errorf("after %s: current %q, want %q", name, got, wantCurrent)
			}
			if got := ids(st.Pending); got != wantPending {
				t.Errorf("after %s: pending %q, want %q", name, got, wantPending)
			}
			if len(st.Edited) != 0 || len(st.Missing) != 0 {
				t.Errorf("after %s: edited %v, missing %v", name, st.Edited, st.Missing)
			}
		}
		up := func(target Target) func() ([]*File, error) {
			return func() ([]*File, error) { return m.Upgrade(ctx, target) }
		}
		down := func(target Target) func() ([]*File, error) {
			return func() ([]*File, error) { return m.Downgrade(ctx, target) }
		}
		step("upgrade +1", up(Up(1)), "a", "a", "a", "b,c,d")
		step("upgrade to c by prefix", up(To("cccc")), "b,c", "a,b,c", "c", "d")
		step("upgrade head", up(Head()), "d", "a,b,c,d", "d", "")
		step("upgrade head again", up(Head()), "", "a,b,c,d", "d", "")
		if !e.tableExists("posts") {
			t.Fatal("posts was not created")
		}
		step("downgrade", down(Down(1)), "d", "a,b,c", "c", "d")
		step("downgrade -2", down(Down(2)), "c,b", "a", "a", "b,c,d")
		if e.tableExists("posts") {
			t.Fatal("posts was not dropped")
		}
		step("upgrade +2", up(Up(2)), "b,c", "a,b,c", "c", "d")
		step("upgrade head", up(Head()), "d", "a,b,c,d", "d", "")
		step("downgrade to a", down(To("aaaa")), "d,c,b", "a", "a", "b,c,d")
		step("downgrade base", down(Base()), "a", "", "", "a,b,c,d")
		if _, err := m.Downgrade(ctx, Down(1)); !errors.Is(err, ErrBadTarget) || !strings.Contains(err.Error(), "nothing is applied") {
			t.Errorf("downgrade -1 with nothing applied = %v, want ErrBadTarget saying nothing is applied", err)
		}
		if e.tableExists("users") {
			t.Fatal("users was not dropped")
		}
		if !strings.Contains(log.String(), "applied aaaaaaaaaaaa users (") || !strings.Contains(log.String(), "reverted dddddddddddd email index (") {
			t.Errorf("log =\n%s", log.String())
		}

		// Targets that make no sense are refused before anything runs.
		for _, target := range []Target{Up(0), Up(-1), Down(1), Base(), To("ffff"), To(""), {}} {
			if _, err := m.Upgrade(ctx, target); err == nil {
				t.Errorf("Upgrade(%q) succeeded", target)
			}
		}
		for _, target := range []Target{Up(1), Down(0), Head(), To("ffff"), To(""), {}} {
			if _, err := m.Downgrade(ctx, target); err == nil {
				t.Errorf("Downgrade(%q) succeeded", target)
			}
		}
		for _, target := range []Target{Up(1), Down(1), To(""), {}} {
			if err := m.Stamp(ctx, target); !errors.Is(err, ErrBadTarget) {
				t.Errorf("Stamp(%q) = %v, want ErrBadTarget", target, err)
			}
		}
		if got := e.versionRows(); got != "" {
			t.Errorf("after the refused targets the version rows are %q, want none", got)
		}
		if _, err := m.Upgrade(ctx, To("ffff")); !errors.Is(err, ErrUnknownRevision) {
			t.Errorf("Upgrade(unknown) = %v, want ErrUnknownRevision", err)
		}
	})
}

func TestStatusEditedAndMissing(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		files := history()
		dir := writeDir(t, files...)
		m := newMigrator(t, dir, e.driver())
		if _, err := m.Upgrade(ctx, Head()); err != nil {
			t.Fatal(err)
		}
		// A reviewer edits an applied file.
		c := filepath.Join(dir.Path(), files[2].Name)
		if err := os.WriteFile(c, append(must(os.ReadFile(c)), "-- edited\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ids(st.Edited) != "c" {
			t.Errorf("Edited = %q, want c", ids(st.Edited))
		}
		// gen.sum no longer matches: nothing runs.
		if _, err := m.Downgrade(ctx, Down(1)); !errors.Is(err, ErrChecksum) {
			t.Fatalf("Downgrade with an edited file = %v, want ErrChecksum", err)
		}
		if _, err := m.Upgrade(ctx, Head()); !errors.Is(err, ErrChecksum) {
			t.Fatalf("Upgrade with an edited file = %v, want ErrChecksum", err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc,dddddddddddd" {
			t.Fatalf("version rows changed: %s", got)
		}

		// The head's file is deleted (and gen.sum rewritten).
		if err := os.Remove(filepath.Join(dir.Path(), files[3].Name)); err != nil {
			t.Fatal(err)
		}
		if err := dir.WriteSum(); err != nil {
			t.Fatal(err)
		}
		st, err = m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(st.Missing, []string{"dddddddddddd"}) {
			t.Errorf("Missing = %v, want d", st.Missing)
		}
		if _, err := m.Downgrade(ctx, Down(1)); !errors.Is(err, ErrMissingFile) {
			t.Errorf("Downgrade of a revision without a file = %v, want ErrMissingFile", err)
		}
	})
}

func TestFailingStatementRollsBack(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		files := history()[:1]
		bad := &File{Revision: "eeeeeeeeeeee", Parents: []string{"aaaaaaaaaaaa"}, Message: "bad",
			Up: stmts(
				"CREATE TABLE t1 (a integer)",
				"INSERT INTO t1\n  SELECT x FROM no_such_table",
			),
			Down: stmts("DROP TABLE t1")}
		dir := writeDir(t, append(files, bad)...)
		m := newMigrator(t, dir, e.driver())
		done, err := m.Upgrade(ctx, Head())
		if ids(done) != "a" {
			t.Errorf("Upgrade applied %q before failing, want a", ids(done))
		}
		var se *StmtError
		if !errors.As(err, &se) {
			t.Fatalf("Upgrade = %v, want a *StmtError", err)
		}
		// The failing statement starts on line 12 of the file; PostgreSQL
		// points at no_such_table on the line below.
		parsed := must(Parse(bad.Name, must(os.ReadFile(filepath.Join(dir.Path(), bad.Name)))))
		wantLine := parsed.Up[1].Line
		if e.dialect == "postgres" {
			wantLine++
		}
		wantPos := fmt.Sprintf("%s:%d: ", filepath.Join(dir.Path(), bad.Name), wantLine)
		if !strings.HasPrefix(err.Error(), wantPos) || !strings.Contains(err.Error(), "rolled back") || !strings.Contains(err.Error(), "no_such_table") {
			t.Errorf("error = %q\nwant it to start with %q and say it was rolled back", err, wantPos)
		}
		if se.SQL != bad.Up[1].SQL || se.Revision != bad.Revision {
			t.Errorf("StmtError = %+v", se)
		}
		if e.tableExists("t1") {
			t.Error("t1 exists: the failed revision was not rolled back")
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa" {
			t.Errorf("version rows = %q, want only a", got)
		}
	})
}

func TestNoTransaction(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		// Statements that cannot run inside a transaction block.
		up, down := "CREATE INDEX CONCURRENTLY users_email2 ON users (email)", "DROP INDEX CONCURRENTLY users_email2"
		if e.dialect == "sqlite" {
			up, down = "VACUUM", "VACUUM"
		}
		files := history()[:1]
		nt := &File{Revision: "ffffffffffff", Parents: []string{"aaaaaaaaaaaa"}, Message: "concurrently", NoTransaction: true,
			Up: stmts(up), Down: stmts(down)}
		dir := writeDir(t, append(files, nt)...)
		m := newMigrator(t, dir, e.driver())
		if _, err := m.Upgrade(ctx, Head()); err != nil {
			t.Fatal(err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,ffffffffffff" {
			t.Fatalf("version rows = %q", got)
		}
		if e.dialect == "postgres" && e.query("SELECT to_regclass('"+e.schema+".users_email2') IS NOT NULL") != "true" {
			t.Fatal("index not created")
		}
		if _, err := m.Downgrade(ctx, Down(1)); err != nil {
			t.Fatal(err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa" {
			t.Fatalf("version rows = %q", got)
		}
	})
}

func TestNoTransactionFailureSaysWhatRan(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		nt := &File{Revision: "ffffffffffff", Message: "partial", NoTransaction: true,
			Up: stmts("CREATE TABLE nt1 (a integer)", "CREATE TABLE nt1 (a integer)")}
		dir := writeDir(t, nt)
		m := newMigrator(t, dir, e.driver())
		_, err := m.Upgrade(ctx, Head())
		var se *StmtError
		if !errors.As(err, &se) || !se.NoTransaction {
			t.Fatalf("Upgrade = %v, want a no-transaction *StmtError", err)
		}
		parsed := must(Parse(nt.Name, must(os.ReadFile(filepath.Join(dir.Path(), nt.Name)))))
		want := fmt.Sprintf("statements at lines %d had already run and were NOT rolled back", parsed.Up[0].Line)
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error = %q\nwant %q", err, want)
		}
		if !e.tableExists("nt1") {
			t.Error("the first statement's table is gone, but nothing rolls back a no-transaction revision")
		}
		if got := e.versionRows(); got != "" {
			t.Errorf("version rows = %q, want none", got)
		}
	})
}

func TestStamp(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		dir := writeDir(t, history()...)
		m := newMigrator(t, dir, e.driver())
		if err := m.Stamp(ctx, To("bbbb")); err != nil {
			t.Fatal(err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
			t.Fatalf("after stamp b: %q", got)
		}
		if e.tableExists("users") {
			t.Fatal("Stamp ran migration SQL")
		}
		st := must(m.Status(ctx))
		if len(st.Edited) != 0 || ids(st.Pending) != "c,d" {
			t.Errorf("Status after stamp: edited %v, pending %q", st.Edited, ids(st.Pending))
		}
		if err := m.Stamp(ctx, Head()); err != nil {
			t.Fatal(err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc,dddddddddddd" {
			t.Fatalf("after stamp head: %q", got)
		}
		if err := m.Stamp(ctx, To("aaaa")); err != nil {
			t.Fatal(err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa" {
			t.Fatalf("after stamp a: %q", got)
		}
		if err := m.Stamp(ctx, Base()); err != nil {
			t.Fatal(err)
		}
		if got := e.versionRows(); got != "" {
			t.Fatalf("after stamp base: %q", got)
		}
	})
}

func TestMultipleHeads(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		files := history()[:2]
		other := &File{Revision: "cccccccccccc", Parents: []string{"aaaaaaaaaaaa"}, Message: "branch",
			Up: stmts("CREATE TABLE branch (id integer)"), Down: stmts("DROP TABLE branch")}
		dir := writeDir(t, append(files, other)...)
		m := newMigrator(t, dir, e.driver())
		_, err := m.Upgrade(ctx, Head())
		if !errors.Is(err, ErrMultipleHeads) || !strings.Contains(err.Error(), "gen merge") || !strings.Contains(err.Error(), "bbbbbbbbbbbb") || !strings.Contains(err.Error(), "cccccccccccc") {
			t.Fatalf("Upgrade(head) with two heads = %v", err)
		}
		if e.tableExists(VersionTable) {
			t.Error("a refused upgrade created the version table")
		}
		// A merge revision joins them and has no SQL of its own.
		merge := &File{Revision: "dddddddddddd", Parents: []string{"bbbbbbbbbbbb", "cccccccccccc"}, Message: "merge", Created: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
		if _, err := dir.Write(merge); err != nil {
			t.Fatal(err)
		}
		done, err := m.Upgrade(ctx, Head())
		if err != nil {
			t.Fatal(err)
		}
		if ids(done) != "a,b,c,d" {
			t.Errorf("applied %q", ids(done))
		}
		st := must(m.Status(ctx))
		if !cmp.Equal(st.Current, []string{"dddddddddddd"}) {
			t.Errorf("Current = %v", st.Current)
		}
		// -2 from the merge is ambiguous: after the merge, either branch
		// could go. It is refused, naming both, and nothing is reverted.
		_, err = m.Downgrade(ctx, Down(2))
		if !errors.Is(err, ErrBadTarget) || !strings.Contains(err.Error(), "bbbbbbbbbbbb, cccccccccccc") || !strings.Contains(err.Error(), "ambiguous") {
			t.Fatalf("Downgrade(-2) across a merge = %v, want ambiguous naming b and c", err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc,dddddddddddd" {
			t.Fatalf("a refused downgrade changed the version rows: %s", got)
		}
		// -1 reverts the merge; -3 then takes both branches and a, in any order.
		if reverted := must(m.Downgrade(ctx, Down(1))); ids(reverted) != "d" {
			t.Errorf("reverted %q, want d", ids(reverted))
		}
		if reverted := must(m.Downgrade(ctx, Down(3))); len(reverted) != 3 || e.versionRows() != "" {
			t.Errorf("reverted %q, version rows %q; want all three", ids(reverted), e.versionRows())
		}
	})
}

func TestLockTimeout(t *testing.T) {
	e := pgEnv(t)
	t.Parallel()
	dir := writeDir(t, history()...)
	holder := e.driver()
	unlock, err := holder.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	m := newMigrator(t, dir, e.driver())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := m.Upgrade(ctx, Head()); !errors.Is(err, ErrLocked) || !IsLocked(err) {
		t.Fatalf("Upgrade while another runner holds the lock = %v, want ErrLocked", err)
	}
	if e.tableExists("users") {
		t.Error("Upgrade ran without the lock")
	}
	// Another schema's runner does not wait for this one.
	other := pgEnv(t)
	m2 := newMigrator(t, dir, other.driver())
	if _, err := m2.Upgrade(context.Background(), Up(1)); err != nil {
		t.Fatalf("Upgrade on another schema: %v", err)
	}
}

func TestSQLiteForeignKeyCheck(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	files := history()[:2]
	orphan := &File{Revision: "cccccccccccc", Parents: []string{"bbbbbbbbbbbb"}, Message: "orphan",
		Up: stmts("INSERT INTO posts (id, user_id) VALUES (1, 42)"), Down: stmts("DELETE FROM posts")}
	dir := writeDir(t, append(files, orphan)...)
	m := newMigrator(t, dir, e.driver())
	_, err := m.Upgrade(ctx, Head())
	if !errors.Is(err, ErrForeignKeyCheck) || !strings.Contains(err.Error(), `"posts" has no matching row in "users"`) || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("Upgrade = %v, want ErrForeignKeyCheck naming posts and users", err)
	}
	if got := e.query("SELECT count(*) FROM posts"); got != "0" {
		t.Errorf("posts has %s rows after the rollback", got)
	}
	if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
		t.Errorf("version rows = %q", got)
	}
	// foreign_keys is back on for the connection afterwards: the driver's
	// connection went back to the pool with its setting restored.
	d := e.driver().(*sqliteDriver)
	c, release, err := d.conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if on, err := foreignKeys(ctx, c); err != nil || !on {
		t.Errorf("foreign_keys after a run = %v, %v", on, err)
	}
}

func TestConcurrentUpgrade(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		// Five revisions that fail if run twice (CREATE TABLE) and log each
		// run in a table.
		var files []*File
		parent := []string(nil)
		for i := 1; i <= 5; i++ {
			f := &File{Revision: fmt.Sprintf("%012d", i), Parents: parent, Message: fmt.Sprintf("rev %d", i)}
			if i == 1 {
				f.Up = stmts("CREATE TABLE runlog (rev text NOT NULL)")
			}
			f.Up = append(f.Up, stmts(fmt.Sprintf("CREATE TABLE t%d (id integer)", i), fmt.Sprintf("INSERT INTO runlog (rev) VALUES ('%d')", i))...)
			files = append(files, f)
			parent = []string{f.Revision}
		}
		dir := writeDir(t, files...)
		const runners = 8
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			applied int
			errs    []error
		)
		drivers := make([]Driver, runners)
		for i := range drivers {
			drivers[i] = e.driver()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		for i := range runners {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := newMigrator(t, dir, drivers[i])
				done, err := m.Upgrade(ctx, Head())
				mu.Lock()
				defer mu.Unlock()
				applied += len(done)
				if err != nil {
					errs = append(errs, err)
				}
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("%d runners failed, first: %v", len(errs), errs[0])
		}
		if applied != 5 {
			t.Errorf("runners reported %d applications, want 5", applied)
		}
		if got := e.query("SELECT count(*) FROM runlog"); got != "5" {
			t.Errorf("runlog has %s rows, want 5 (each revision once)", got)
		}
		if got := e.query("SELECT count(DISTINCT rev) FROM runlog"); got != "5" {
			t.Errorf("runlog has %s distinct revisions, want 5", got)
		}
		if got := e.query("SELECT count(*) FROM " + VersionTable); got != "5" {
			t.Errorf("version table has %s rows, want 5", got)
		}
	})
}

// scriptDir is a small directory for the --sql golden files.
func scriptDir(t *testing.T) *Dir {
	return writeDir(t,
		&File{Revision: "aaaaaaaaaaaa", Message: "users", Deploy: DeployAdditive,
			Up:   []Stmt{{SQL: "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n)", Comments: []string{"the accounts"}}},
			Down: stmts("DROP TABLE users")},
		&File{Revision: "bbbbbbbbbbbb", Parents: []string{"aaaaaaaaaaaa"}, Message: "email index", Deploy: DeployAdditive,
			Up: stmts("CREATE UNIQUE INDEX users_email ON users (email)"), Down: stmts("DROP INDEX users_email")},
		&File{Revision: "cccccccccccc", Parents: []string{"bbbbbbbbbbbb"}, Message: "settle", NoTransaction: true,
			Up: stmts("SELECT 1"), Down: stmts("SELECT 2")},
	)
}

func golden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestUpgradeSQL(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		dir := scriptDir(t)
		m := newMigrator(t, dir, e.driver())
		// The output depends on the schema name only through the schema
		// and its lock key.
		norm := func(s string) string {
			if e.dialect == "postgres" {
				s = strings.ReplaceAll(s, fmt.Sprint(lockKey(VersionTable, e.schema)), "<lock key>")
				s = strings.ReplaceAll(s, `"`+e.schema+`"`, `"<schema>"`)
			}
			return s
		}
		var up bytes.Buffer
		if err := m.UpgradeSQL(ctx, Head(), &up); err != nil {
			t.Fatal(err)
		}
		golden(t, "upgrade_sql."+e.dialect+".golden", norm(up.String()))
		if e.tableExists(VersionTable) || e.tableExists("users") {
			t.Fatal("UpgradeSQL changed the database")
		}
		// Nothing left to print once applied; DowngradeSQL prints the way
		// back.
		if _, err := m.Upgrade(ctx, Up(1)); err != nil {
			t.Fatal(err)
		}
		var rest bytes.Buffer
		if err := m.UpgradeSQL(ctx, Head(), &rest); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(rest.String(), "CREATE TABLE users") || !strings.Contains(rest.String(), "users_email") {
			t.Errorf("UpgradeSQL after +1 prints:\n%s", rest.String())
		}
		var down bytes.Buffer
		if err := m.DowngradeSQL(ctx, Base(), &down); err != nil {
			t.Fatal(err)
		}
		golden(t, "downgrade_sql."+e.dialect+".golden", norm(down.String()))
		if !e.tableExists("users") {
			t.Fatal("DowngradeSQL changed the database")
		}
	})
}

// TestUpgradeSQLRunsByHand runs the printed script itself: the output is
// meant to be run by hand, so it must work.
func TestUpgradeSQLRunsByHand(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	dir := writeDir(t, history()...)
	m := newMigrator(t, dir, e.driver())
	var script bytes.Buffer
	if err := m.UpgradeSQL(ctx, Head(), &script); err != nil {
		t.Fatal(err)
	}
	db := openSQLite(t, e.path)
	for _, s := range must(Parse("script.sql", []byte("-- gen:revision x\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\n"+script.String()))).Up {
		if _, err := db.ExecContext(ctx, s.SQL); err != nil {
			t.Fatalf("running the script: %s: %v", s.SQL, err)
		}
	}
	st := must(m.Status(ctx))
	if len(st.Pending) != 0 || !cmp.Equal(st.Current, []string{"dddddddddddd"}) || len(st.Edited) != 0 {
		t.Fatalf("after running the script by hand: pending %q, current %v, edited %v", ids(st.Pending), st.Current, st.Edited)
	}
	// The runner sees it as up to date.
	if done, err := m.Upgrade(ctx, Head()); err != nil || len(done) != 0 {
		t.Fatalf("Upgrade after the script = %v, %v", ids(done), err)
	}
}

// Targets that cannot be met are refused, saying what is possible, and
// change nothing.
func TestTargetsThatCannotBeMet(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		dir := writeDir(t, history()...)
		m := newMigrator(t, dir, e.driver())
		if done := must(m.Upgrade(ctx, Up(1))); ids(done) != "a" {
			t.Fatalf("upgrade +1 applied %q", ids(done))
		}
		refused := func(what string, err error, want string) {
			t.Helper()
			if !errors.Is(err, ErrBadTarget) || !strings.Contains(err.Error(), want) {
				t.Errorf("%s = %v, want ErrBadTarget saying %q", what, err, want)
			}
			if got := e.versionRows(); got != "aaaaaaaaaaaa" {
				t.Errorf("after %s the version rows are %q, want only a", what, got)
			}
			if !e.tableExists("users") {
				t.Errorf("after %s users is gone", what)
			}
		}
		_, err := m.Downgrade(ctx, Down(5))
		refused("downgrade -5 with one revision applied", err, "only 1 revision(s) are applied; `gen downgrade base`")
		_, err = m.Upgrade(ctx, Up(4))
		refused("upgrade +4 with three pending", err, "only 3 revision(s) are pending")
		must(m.Upgrade(ctx, To("cccc")))
		_, err = m.Upgrade(ctx, To("bbbb"))
		if !errors.Is(err, ErrBadTarget) || !strings.Contains(err.Error(), "cccccccccccc") || !strings.Contains(err.Error(), "gen downgrade bbbbbbbbbbbb") {
			t.Errorf("upgrade to a revision below the current one = %v, want ErrBadTarget naming c and the downgrade", err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc" {
			t.Errorf("version rows = %q", got)
		}
		// The current revision itself is no error: nothing to do.
		if done, err := m.Upgrade(ctx, To("cccc")); err != nil || len(done) != 0 {
			t.Errorf("upgrade to the current revision = %v, %v; want nothing done", ids(done), err)
		}
		_, err = m.Upgrade(ctx, To("eeee"))
		if !errors.Is(err, ErrUnknownRevision) || !strings.Contains(err.Error(), "gen history") {
			t.Errorf("upgrade to an unknown revision = %v, want ErrUnknownRevision", err)
		}
	})
}

// An applied file edited and re-hashed, or removed, stops Upgrade before
// it applies anything, naming the file.
func TestUpgradeRefusesChangedAppliedFiles(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		files := history()
		dir := writeDir(t, files...)
		m := newMigrator(t, dir, e.driver())
		must(m.Upgrade(ctx, Up(2)))
		b := filepath.Join(dir.Path(), files[1].Name)
		orig := must(os.ReadFile(b))
		edited := strings.Replace(string(orig), "CREATE TABLE posts (id integer PRIMARY KEY", "CREATE TABLE posts (id bigint PRIMARY KEY", 1)
		if edited == string(orig) {
			t.Fatal("the edit did not apply")
		}
		if err := os.WriteFile(b, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := dir.WriteSum(); err != nil {
			t.Fatal(err)
		}
		_, err := m.Upgrade(ctx, Head())
		if !errors.Is(err, ErrAppliedEdited) || !strings.Contains(err.Error(), b) || !strings.Contains(err.Error(), "restore the file") {
			t.Fatalf("Upgrade after an applied file was edited and re-hashed = %v, want ErrAppliedEdited naming %s", err, b)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
			t.Fatalf("the refused upgrade applied something: %s", got)
		}
		// Restored, it runs; then an applied file removed stops it again.
		if err := os.WriteFile(b, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		must(0, dir.WriteSum())
		if done := must(m.Upgrade(ctx, Up(1))); ids(done) != "c" {
			t.Fatalf("after the restore, upgrade +1 applied %q", ids(done))
		}
		// c's file is removed and the pending d re-parented onto b, so that
		// the directory is a valid graph that gen hash accepts.
		if err := os.Remove(filepath.Join(dir.Path(), files[2].Name)); err != nil {
			t.Fatal(err)
		}
		files[3].Parents = []string{files[1].Revision}
		if err := os.WriteFile(filepath.Join(dir.Path(), files[3].Name), Encode(files[3]), 0o644); err != nil {
			t.Fatal(err)
		}
		must(0, dir.WriteSum())
		_, err = m.Upgrade(ctx, Head())
		if !errors.Is(err, ErrMissingFile) || errors.Is(err, ErrAppliedEdited) || !strings.Contains(err.Error(), "cccccccccccc recorded in gen_migrations with no file") {
			t.Fatalf("Upgrade with an applied revision's file removed = %v, want ErrMissingFile naming c", err)
		}

		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc" {
			t.Fatalf("the refused upgrade changed the version rows: %s", got)
		}
	})
}

// TestRevertOne: Revert takes back one revision by name where -1 would be
// ambiguous (two branches applied side by side), and refuses one an
// applied revision follows or one not applied, reverting nothing.
func TestRevertOne(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		files := history()[:2]
		other := &File{Revision: "cccccccccccc", Parents: []string{"aaaaaaaaaaaa"}, Message: "branch",
			Up: stmts("CREATE TABLE branch (id integer)"), Down: stmts("DROP TABLE branch")}
		dir := writeDir(t, append(files, other)...)
		m := newMigrator(t, dir, e.driver())
		for _, rev := range []string{"bbbbbbbbbbbb", "cccccccccccc"} {
			if _, err := m.Upgrade(ctx, To(rev)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := m.Downgrade(ctx, Down(1)); !errors.Is(err, ErrBadTarget) {
			t.Fatalf("Downgrade(-1) with two branches applied = %v, want ambiguous", err)
		}
		if _, err := m.Revert(ctx, "aaaaaaaaaaaa"); err == nil || !strings.Contains(err.Error(), "follows aaaaaaaaaaaa and is applied") {
			t.Fatalf("Revert(a) under applied b and c = %v", err)
		}
		done, err := m.Revert(ctx, "cccccccccccc")
		if err != nil || ids(done) != "c" {
			t.Fatalf("Revert(c) = %q, %v", ids(done), err)
		}
		if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb" {
			t.Errorf("version rows after Revert(c): %s", got)
		}
		if e.tableExists("branch") {
			t.Error("Revert(c) left its table")
		}
		if _, err := m.Revert(ctx, "cccccccccccc"); !errors.Is(err, ErrNotApplied) {
			t.Errorf("Revert(c) again = %v, want ErrNotApplied", err)
		}
	})
}
