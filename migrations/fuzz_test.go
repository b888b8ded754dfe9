package migrations

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// migrationSeeds are migration files good and bad: the shapes Encode
// writes, goose-style blocks, and the mistakes testdata/bad holds.
var migrationSeeds = []string{
	"-- gen:revision aaaaaaaaaaaa\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n\n-- +gen Up\nCREATE TABLE t (id int);\n\n-- +gen Down\nDROP TABLE t;\n",
	"-- gen:revision bbbbbbbbbbbb\n-- gen:parents aaaaaaaaaaaa\n-- gen:message m\n-- gen:created 2026-01-01T00:00:00Z\n-- gen:deploy additive\n-- gen:no-transaction\n-- gen:flag warning GEN203 users.tz: adds | live: 3 rows | fix: none\n-- gen:ack GEN101 users.email ok\n\n-- +gen Up\n-- a comment\nCREATE INDEX CONCURRENTLY i ON t (id);\n\n-- +gen Down\nDROP INDEX i;\n",
	"-- gen:revision cccccccccccc\n-- gen:parents a b\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\n-- +gen StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n-- +gen StatementEnd\n-- +gen Down\nDROP FUNCTION f;\n",
	"-- +gen Up\nSELECT 1;\n",
	"-- gen:revision x\n-- gen:parents\n-- gen:created nope\n-- +gen Up\n",
	"-- gen:revision x\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\nSELECT 'unterminated;\n-- +gen Down\n",
	"-- gen:revision x\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\n/* open\n",
	"-- gen:revision x\r\n-- gen:parents\r\n-- gen:created 2026-01-01T00:00:00Z\r\n-- +gen Up\r\nSELECT 1;\r\n",
	"-- gen:revision x\n-- gen:revision y\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Up\n-- +gen Up\n",
	"-- gen:bogus\n-- +gen Sideways\n",
	"",
}

// FuzzParse: Parse never panics; an error is a *ParseError naming the
// file and a line of it with a message; a file it accepts is one that
// Encode writes back to a file that parses to the same revision.
func FuzzParse(f *testing.F) {
	for _, s := range migrationSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		file, err := Parse("m.sql", []byte(s))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %T %v, want a *ParseError", s, err, err)
			}
			lines := strings.Count(s, "\n") + 1
			if pe.File != "m.sql" || pe.Line < 1 || pe.Line > lines || pe.Msg == "" {
				t.Fatalf("Parse(%q): error %q names no line of the %d-line file", s, err, lines)
			}
			return
		}
		back, err := Parse("m.sql", Encode(file))
		if err != nil {
			t.Fatalf("Parse(%q) succeeded but its Encode does not parse: %v\n%s", s, err, Encode(file))
		}
		if d := cmp.Diff(file, back, ignoreParsed); d != "" {
			t.Fatalf("Parse(%q) and Parse(Encode) differ (-first +second):\n%s", s, d)
		}
	})
}

// FuzzSum: gen.sum as a person may leave it (hand-edited, truncated, with
// a merge conflict) never panics VerifySum; the answer is nil or a
// *SumError naming gen.sum, and nil only when every file is listed with
// its hash.
func FuzzSum(f *testing.F) {
	dir := f.TempDir()
	const m = "-- gen:revision aaaaaaaaaaaa\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n\n-- +gen Up\nSELECT 1;\n"
	name := "20260101000000_init.sql"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(m), 0o644); err != nil {
		f.Fatal(err)
	}
	d, err := OpenDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	if err := d.WriteSum(); err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, SumFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good))
	f.Add(strings.ReplaceAll(string(good), "\n", "\r\n"))
	f.Add(string(good[:len(good)/2]))
	f.Add("<<<<<<< HEAD\n" + string(good) + "=======\n>>>>>>> b\n")
	f.Add("h1:x\n")
	f.Add("")
	f.Add(strings.Replace(string(good), name, "other.sql", 1))
	f.Fuzz(func(t *testing.T, s string) {
		if err := os.WriteFile(filepath.Join(dir, SumFile), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := OpenDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		err = d.VerifySum()
		if err == nil {
			body := strings.ReplaceAll(s, "\r", "")
			if !strings.Contains(body, name+" "+Sum([]byte(m))) {
				t.Fatalf("VerifySum accepted %q, which does not list %s with its hash", s, name)
			}
			return
		}
		var se *SumError
		if !errors.As(err, &se) || se.Path != filepath.Join(dir, SumFile) {
			t.Fatalf("VerifySum on %q = %T %v, want a *SumError naming gen.sum", s, err, err)
		}
	})
}
