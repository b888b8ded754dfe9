package migrations

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// -- gen:dialect is written by Encode and read back by Parse; a file
// without it has no dialect.
func TestDialectHeader(t *testing.T) {
	f := &File{Revision: "aaaaaaaaaaaa", Dialect: DialectSQLite, Up: stmts("SELECT 1")}
	data := Encode(f)
	if !bytes.Contains(data, []byte("\n-- gen:dialect sqlite\n")) {
		t.Fatalf("Encode wrote no dialect line:\n%s", data)
	}
	back, err := Parse("x.sql", data)
	if err != nil || back.Dialect != DialectSQLite {
		t.Fatalf("Parse = %+v, %v; want dialect sqlite", back, err)
	}
	f.Dialect = ""
	if data := Encode(f); bytes.Contains(data, []byte("gen:dialect")) {
		t.Errorf("a file without a dialect has a dialect line:\n%s", data)
	}
}

// Every method that would run, record or script a file of another dialect
// refuses it, naming the file, both dialects and what to do, and changes
// nothing; a file without a dialect runs anywhere.
func TestDialectMismatch(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		other := DialectPostgres
		if e.dialect == "postgres" {
			other = DialectSQLite
		}
		files := history()
		files[1].Dialect = e.dialect // b: this database's, a: none
		files[2].Dialect = other     // c: the other one's
		dir := writeDir(t, files...)
		m := newMigrator(t, dir, e.driver())
		if done, err := m.Upgrade(ctx, Up(2)); err != nil || ids(done) != "a,b" {
			t.Fatalf("Upgrade +2 = %q, %v; want a (no dialect) and b (this one's) applied", ids(done), err)
		}
		rows := "aaaaaaaaaaaa,bbbbbbbbbbbb"
		check := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, ErrDialect) {
				t.Fatalf("%s = %v, want ErrDialect", what, err)
			}
			for _, want := range []string{"_timezone.sql:5", "revision cccccccccccc is a " + other + " migration", "this database is " + e.dialect, "nothing was changed"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s = %v, want it to say %q", what, err, want)
				}
			}
			if got := e.versionRows(); got != rows {
				t.Errorf("after %s the version rows are %q, want %q", what, got, rows)
			}
		}
		_, err := m.Upgrade(ctx, Head())
		check("Upgrade", err)
		check("UpgradeSQL", m.UpgradeSQL(ctx, Head(), &bytes.Buffer{}))
		check("Stamp", m.Stamp(ctx, Head()))
		// Recorded as applied by other means, c is refused going down.
		c := files[2]
		if err := e.driver().SetApplied(ctx, []Applied{{Revision: c.Revision, Checksum: c.Sum}}, nil); err != nil {
			t.Fatal(err)
		}
		rows += ",cccccccccccc"
		_, err = m.Downgrade(ctx, Down(1))
		check("Downgrade", err)
		check("DowngradeSQL", m.DowngradeSQL(ctx, Down(1), &bytes.Buffer{}))
		_, err = m.Revert(ctx, "cccc")
		check("Revert", err)
	})
}
