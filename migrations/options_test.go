package migrations

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// mapFS returns an fstest.MapFS holding files (encoded, named one minute
// apart) and their gen.sum, under prefix ("" for the root).
func mapFS(t *testing.T, prefix string, files ...*File) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	var sum sumFile
	base := time.Date(2026, 11, 22, 6, 30, 0, 0, time.UTC)
	for i, f := range files {
		f.Created = base.Add(time.Duration(i) * time.Minute)
		name := f.Created.Format(stampLayout) + "_" + slug(f.Message) + ".sql"
		data := Encode(f)
		fsys[prefix+name] = &fstest.MapFile{Data: data}
		sum.entries = append(sum.entries, sumEntry{name: name, hash: Sum(data)})
	}
	fsys[prefix+SumFile] = &fstest.MapFile{Data: sum.encode()}
	return fsys
}

// foreignDriver is a Driver of another package's making: it takes no
// version table name.
type foreignDriver struct{ Driver }

// New refuses what would fail later, and options that conflict, naming
// the option; the same value twice is fine.
func TestNewRefusesBadOptions(t *testing.T) {
	dir, err := OpenFS(mapFS(t, "", history()...))
	if err != nil {
		t.Fatal(err)
	}
	drv := NewSQLite(openSQLite(t, t.TempDir()+"/x.db"))
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	clock := func() time.Time { return time.Time{} }
	for _, c := range []struct {
		name   string
		dir    *Dir
		driver Driver
		opts   []Option
		want   string // "" : accepted
	}{
		{"nil dir", nil, drv, nil, "dir is nil"},
		{"nil driver", dir, nil, nil, "driver is nil"},
		{"no options", dir, drv, nil, ""},
		{"every option", dir, drv, []Option{WithLogger(logger), WithVersionTable("app_migrations"), WithLockTimeout(time.Second),
			WithStatementTimeout(time.Minute), WithClock(clock), WithNotify(func(string) {})}, ""},
		{"log", dir, drv, []Option{WithLog(&buf)}, ""},
		{"same lock timeout twice", dir, drv, []Option{WithLockTimeout(time.Second), WithLockTimeout(time.Second)}, ""},
		{"zero timeouts", dir, drv, []Option{WithLockTimeout(0), WithStatementTimeout(0)}, ""},
		{"two lock timeouts", dir, drv, []Option{WithLockTimeout(time.Second), WithLockTimeout(2 * time.Second)}, "WithLockTimeout given twice (1s, then 2s): keep one"},
		{"two statement timeouts", dir, drv, []Option{WithStatementTimeout(time.Second), WithStatementTimeout(time.Minute)}, "WithStatementTimeout given twice"},
		{"negative lock timeout", dir, drv, []Option{WithLockTimeout(-time.Second)}, "WithLockTimeout(-1s): give 0 (no bound) or a positive duration"},
		{"negative statement timeout", dir, drv, []Option{WithStatementTimeout(-time.Millisecond)}, "WithStatementTimeout(-1ms)"},
		{"log and logger", dir, drv, []Option{WithLog(&buf), WithLogger(logger)}, "WithLog and WithLogger both given"},
		{"two logs", dir, drv, []Option{WithLog(&buf), WithLog(io.Discard)}, "WithLog given twice"},
		{"two clocks", dir, drv, []Option{WithClock(clock), WithClock(time.Now)}, "WithClock given twice"},
		{"nil logger", dir, drv, []Option{WithLogger(nil)}, "WithLogger(nil)"},
		{"nil log", dir, drv, []Option{WithLog(nil)}, "WithLog(nil)"},
		{"nil clock", dir, drv, []Option{WithClock(nil)}, "WithClock(nil)"},
		{"nil notify", dir, drv, []Option{WithNotify(nil)}, "WithNotify(nil)"},
		{"two version tables", dir, drv, []Option{WithVersionTable("a_migrations"), WithVersionTable("b_migrations")}, `WithVersionTable given twice ("a_migrations", then "b_migrations")`},
		{"upper-case version table", dir, drv, []Option{WithVersionTable("Migrations")}, `WithVersionTable("Migrations"): a version table name is lower-case letters, digits and '_'`},
		{"quoted version table", dir, drv, []Option{WithVersionTable(`x"; DROP TABLE users; --`)}, "a version table name is lower-case"},
		{"digit first", dir, drv, []Option{WithVersionTable("1migrations")}, "not starting with a digit"},
		{"empty version table", dir, drv, []Option{WithVersionTable("")}, "a version table name is"},
		{"long version table", dir, drv, []Option{WithVersionTable(strings.Repeat("m", 55))}, "55 bytes is too long; at most 54"},
		{"progress table", dir, drv, []Option{WithVersionTable(ProgressTable)}, `that is the progress table of version table "gen_migrations"`},
		{"foreign driver", dir, foreignDriver{drv}, []Option{WithVersionTable("app_migrations")}, "does not take a version table name"},
		{"foreign driver, default table", dir, foreignDriver{drv}, []Option{WithVersionTable(VersionTable)}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := New(c.dir, c.driver, c.opts...)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("New = %v, want a Migrator", err)
			case c.want == "" && m == nil:
				t.Fatal("New returned no Migrator and no error")
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("New = %v, want an error saying %q", err, c.want)
			case c.want != "" && m != nil:
				t.Fatal("New returned a Migrator with its error")
			}
		})
	}
}

// A directory read through an fs.FS (here an fstest.MapFS, below its root
// by fs.Sub) runs as one on disk, and refuses to be written.
func TestOpenFS(t *testing.T) {
	ctx := context.Background()
	fsys := mapFS(t, "db/migrations/", history()...)
	sub, err := fs.Sub(fsys, "db/migrations")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := OpenFS(sub)
	if err != nil {
		t.Fatal(err)
	}
	if err := dir.VerifySum(); err != nil {
		t.Fatalf("VerifySum = %v", err)
	}
	e := sqliteEnv(t)
	m := newMigrator(t, dir, e.driver())
	if done, err := m.Upgrade(ctx, Head()); err != nil || ids(done) != "a,b,c,d" {
		t.Fatalf("Upgrade = %q, %v; want a,b,c,d", ids(done), err)
	}
	if got := e.versionRows(); got != "aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc,dddddddddddd" {
		t.Errorf("version rows %q", got)
	}
	for what, err := range map[string]error{
		"Write":    func() error { _, err := dir.Write(&File{Revision: "eeeeeeeeeeee", Created: time.Now()}); return err }(),
		"WriteAll": func() error { _, err := dir.WriteAll(nil); return err }(),
		"WriteSum": dir.WriteSum(),
	} {
		if err == nil || !strings.Contains(err.Error(), "opened with OpenFS and is read-only") {
			t.Errorf("%s on an OpenFS Dir = %v, want read-only", what, err)
		}
	}

	// The root of the embedded tree is not the directory: no files, so
	// nothing to run, and the error says to use fs.Sub.
	if _, err := OpenFS(fsys); err != nil {
		t.Errorf("OpenFS of a root with a subdirectory = %v", err)
	}
	if _, err := OpenFS(fstest.MapFS{"a.sql": &fstest.MapFile{Data: []byte("x")}}); err != nil {
		t.Errorf("OpenFS of a flat FS = %v", err)
	}
	if _, err := OpenFS(nil); err == nil {
		t.Error("OpenFS(nil) succeeded")
	}
	file, err := fs.Sub(fstest.MapFS{"x": &fstest.MapFile{Data: []byte("a file")}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFS(file); !errors.Is(err, ErrNoDir) || !strings.Contains(err.Error(), "fs.Sub") {
		t.Errorf("OpenFS of a file = %v, want ErrNoDir naming fs.Sub", err)
	}
}

// gen.sum read through an fs.FS catches what it catches on disk: a
// missing gen.sum and an edited file, naming the file; the Migrator then
// refuses to run and changes nothing.
func TestOpenFSVerifySum(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		spoil func(fstest.MapFS)
		want  string
	}{
		{"missing gen.sum", func(m fstest.MapFS) { delete(m, SumFile) }, "gen.sum is missing"},
		{"edited file", func(m fstest.MapFS) {
			for n, f := range m {
				if strings.HasSuffix(n, "_posts.sql") {
					f.Data = bytes.Replace(f.Data, []byte("CREATE TABLE posts"), []byte("CREATE TABLE posts2"), 1)
				}
			}
		}, "20261122063100_posts.sql"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := mapFS(t, "", history()...)
			c.spoil(fsys)
			dir, err := OpenFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var se *SumError
			if err := dir.VerifySum(); !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("VerifySum = %v, want a *SumError saying %q", err, c.want)
			}
			e := sqliteEnv(t)
			if _, err := newMigrator(t, dir, e.driver()).Upgrade(ctx, Head()); !errors.Is(err, ErrChecksum) {
				t.Errorf("Upgrade = %v, want ErrChecksum", err)
			}
			if e.tableExists(VersionTable) || e.tableExists("users") {
				t.Error("a refused Upgrade created tables")
			}
		})
	}
}

// WithLogger reports each revision as a structured record with its
// revision, message and duration; WithClock is the applied_at recorded.
func TestWithLoggerAndClock(t *testing.T) {
	ctx := context.Background()
	dir, err := OpenFS(mapFS(t, "", history()...))
	if err != nil {
		t.Fatal(err)
	}
	e := sqliteEnv(t)
	var buf bytes.Buffer
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	m := newMigrator(t, dir, e.driver(), WithLogger(slog.New(slog.NewJSONHandler(&buf, nil))), WithClock(func() time.Time { return at }))
	if _, err := m.Upgrade(ctx, Up(2)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Downgrade(ctx, Down(1)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var r struct {
			Msg, Revision, Message string
			Duration               *int64
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if r.Duration == nil {
			t.Errorf("record %q has no duration", line)
		}
		got = append(got, r.Msg+" "+r.Revision+" "+r.Message)
	}
	want := []string{"applied revision aaaaaaaaaaaa users", "applied revision bbbbbbbbbbbb posts", "reverted revision bbbbbbbbbbbb posts"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Applied) != 1 || !st.Applied[0].AppliedAt.Equal(at) {
		t.Errorf("applied = %+v, want a at %s", st.Applied, at)
	}
}

// WithVersionTable: the revisions are recorded in the named table, not in
// gen_migrations, and Status reads it; on PostgreSQL the lock is the
// table's own, so a runner of another version table does not wait for
// it, while one of the same table does.
func TestWithVersionTable(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		dir := writeDir(t, history()...)
		m := newMigrator(t, dir, e.driver(), WithVersionTable("app_migrations"))
		if done, err := m.Upgrade(ctx, Up(2)); err != nil || ids(done) != "a,b" {
			t.Fatalf("Upgrade = %q, %v", ids(done), err)
		}
		if e.tableExists(VersionTable) {
			t.Errorf("%s was created beside app_migrations", VersionTable)
		}
		if got := e.query("SELECT count(*) FROM app_migrations"); got != "2" {
			t.Errorf("app_migrations has %s rows, want 2", got)
		}
		st, err := m.Status(ctx)
		if err != nil || len(st.Applied) != 2 || ids(st.Pending) != "c,d" {
			t.Fatalf("Status = %+v, %v; want a and b applied", st, err)
		}
		// A Migrator on the default table sees nothing applied.
		if st, err := newMigrator(t, dir, e.driver()).Status(ctx); err != nil || len(st.Applied) != 0 {
			t.Errorf("Status on gen_migrations = %+v, %v; want nothing applied", st, err)
		}
		var script bytes.Buffer
		if err := m.UpgradeSQL(ctx, Head(), &script); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(script.String(), `INSERT INTO `) || strings.Contains(script.String(), VersionTable) || !strings.Contains(script.String(), "app_migrations") {
			t.Errorf("the script does not use app_migrations alone:\n%s", script.String())
		}
		if done, err := m.Downgrade(ctx, Base()); err != nil || ids(done) != "b,a" {
			t.Fatalf("Downgrade = %q, %v", ids(done), err)
		}
		if got := e.query("SELECT count(*) FROM app_migrations"); got != "0" {
			t.Errorf("app_migrations has %s rows after downgrade base", got)
		}
		if e.dialect != "postgres" {
			return
		}
		// Hold app_migrations' lock: gen_migrations' runner goes ahead,
		// another app_migrations runner waits and gives up.
		held := e.driver()
		held.(*postgresDriver).setVersionTable("app_migrations")
		unlock, err := held.Lock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		if _, err := newMigrator(t, dir, e.driver(), WithLockTimeout(5*time.Second)).Upgrade(ctx, Up(1)); err != nil {
			t.Errorf("a gen_migrations runner waited for app_migrations' lock: %v", err)
		}
		if _, err := newMigrator(t, dir, e.driver(), WithVersionTable("app_migrations"), WithLockTimeout(300*time.Millisecond)).Upgrade(ctx, Up(1)); !errors.Is(err, ErrLocked) {
			t.Errorf("a second app_migrations runner = %v, want ErrLocked", err)
		}
	})
}

// On PostgreSQL a no-transaction revision's progress is recorded in the
// version table's own progress table.
func TestWithVersionTableProgress(t *testing.T) {
	e := pgEnv(t)
	t.Parallel()
	ctx := context.Background()
	dir := writeDir(t, &File{Revision: "aaaaaaaaaaaa", Message: "online", NoTransaction: true,
		Up:   stmts("CREATE TABLE once (id integer)", "SELECT 1/0"),
		Down: stmts("DROP TABLE once")})
	_, err := newMigrator(t, dir, e.driver(), WithVersionTable("app_migrations")).Upgrade(ctx, Head())
	if err == nil || !strings.Contains(err.Error(), "app_migrations_progress") {
		t.Fatalf("Upgrade = %v, want the division to fail naming app_migrations_progress", err)
	}
	if !e.tableExists("app_migrations_progress") || e.tableExists(ProgressTable) {
		t.Errorf("progress tables: app_migrations_progress %v, %s %v; want only the first", e.tableExists("app_migrations_progress"), ProgressTable, e.tableExists(ProgressTable))
	}
	if got := e.query("SELECT done FROM app_migrations_progress WHERE revision = 'aaaaaaaaaaaa'"); got != "1" {
		t.Errorf("progress row done = %s, want 1", got)
	}
}

// A revision still running after a second says so when it starts
// ("applying ……"), before its "applied" line; a fast one has its
// "applied" line only. The same goes for reverting.
func TestSlowRevisionLines(t *testing.T) {
	e := pgEnv(t)
	t.Parallel()
	ctx := context.Background()
	dir := writeDir(t,
		&File{Revision: "aaaaaaaaaaaa", Message: "fast", Up: stmts("CREATE TABLE fast (id integer)"), Down: stmts("DROP TABLE fast")},
		&File{Revision: "bbbbbbbbbbbb", Parents: []string{"aaaaaaaaaaaa"}, Message: "slow", Up: stmts("SELECT pg_sleep(1.2)"), Down: stmts("SELECT pg_sleep(1.2)")})
	var log bytes.Buffer
	var buf bytes.Buffer
	m := newMigrator(t, dir, e.driver(), WithLog(&log))
	if _, err := m.Upgrade(ctx, Head()); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Downgrade(ctx, Base()); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		// Durations vary: keep the words.
		if i := strings.LastIndex(l, " ("); i > 0 {
			l = l[:i]
		}
		lines = append(lines, l)
	}
	want := []string{
		"applied aaaaaaaaaaaa fast",
		"applying bbbbbbbbbbbb slow…",
		"applied bbbbbbbbbbbb slow",
		"reverting bbbbbbbbbbbb slow…",
		"reverted bbbbbbbbbbbb slow",
		"reverted aaaaaaaaaaaa fast",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", log.String(), strings.Join(want, "\n"))
	}

	// With a logger: an "applying revision" record for the slow one only.
	m = newMigrator(t, dir, e.driver(), WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	if _, err := m.Upgrade(ctx, Head()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), `msg="applying revision"`); got != 1 || !strings.Contains(buf.String(), `msg="applying revision" revision=bbbbbbbbbbbb message=slow`) {
		t.Errorf("records:\n%s\nwant one applying record, for b", buf.String())
	}
}
