package migrations

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ackedFile is a migration file with two flags and no ack; the tests add
// ack lines to its header.
const ackedFile = `-- gen:revision aaaaaaaaaaaa
-- gen:parents
-- gen:message drop email
-- gen:created 2026-11-22T06:30:00Z
-- gen:deploy destructive
-- gen:flag error GEN102 users.email: drops the column with its values | live: 3 values | fix: copy them first
-- gen:flag warning GEN304 users.users_email: drops an index

-- +gen Up
-- the column goes
ALTER TABLE users DROP COLUMN email;

-- +gen Down
ALTER TABLE users ADD COLUMN email text;
`

// withAck returns file with line inserted into its header, after the flags.
func withAck(file, line string) string {
	return strings.Replace(file, "\n\n-- +gen Up", "\n"+line+"\n\n-- +gen Up", 1)
}

func TestSumLeavesOutAckLines(t *testing.T) {
	base := Sum([]byte(ackedFile))
	same := map[string]string{
		"an ack":                withAck(ackedFile, "-- gen:ack GEN102 users.email reviewed: nobody reads it"),
		"two acks":              withAck(ackedFile, "-- gen:ack GEN102 users.email ok\n-- gen:ack GEN304 users.users_email ok"),
		"no space after --":     withAck(ackedFile, "--gen:ack GEN102 users.email ok"),
		"spaces after --":       withAck(ackedFile, "--   gen:ack GEN102 users.email ok"),
		"indented, trailing":    withAck(ackedFile, "  -- gen:ack GEN102 users.email ok  "),
		"CRLF ack line":         withAck(ackedFile, "-- gen:ack GEN102 users.email ok\r"),
		"ack without a reason":  withAck(ackedFile, "-- gen:ack GEN102 users.email"),
		"ack between the flags": strings.Replace(ackedFile, "\n-- gen:flag warning", "\n-- gen:ack GEN102 users.email ok\n-- gen:flag warning", 1),
		"ack first":             "-- gen:ack GEN102 users.email ok\n" + ackedFile,
	}
	for name, text := range same {
		if _, err := Parse("x.sql", []byte(text)); err != nil {
			t.Fatalf("%s: the file does not parse: %v", name, err)
		}
		if got := Sum([]byte(text)); got != base {
			t.Errorf("%s: Sum = %s, want %s (the sum without ack lines)", name, got, base)
		}
	}
	differ := map[string]string{
		"an edited statement":        strings.Replace(ackedFile, "DROP COLUMN email", "DROP COLUMN name", 1),
		"a removed flag line":        strings.Replace(ackedFile, "-- gen:flag warning GEN304 users.users_email: drops an index\n", "", 1),
		"a changed flag message":     strings.Replace(ackedFile, "drops an index", "drops the index", 1),
		"a changed flag severity":    strings.Replace(ackedFile, "flag error GEN102", "flag warning GEN102", 1),
		"a changed message header":   strings.Replace(ackedFile, "drop email", "drop e-mail", 1),
		"an edited comment":          strings.Replace(ackedFile, "the column goes", "the column stays", 1),
		"a blank line added":         withAck(ackedFile, ""),
		"an ack-like line in Up":     strings.Replace(ackedFile, "-- the column goes\n", "-- gen:ack GEN102 users.email ok\n", 1),
		"an ack-like line in a body": strings.Replace(ackedFile, "ALTER TABLE users DROP COLUMN email;\n", "-- +gen StatementBegin\nALTER TABLE users DROP COLUMN email\n-- gen:ack GEN102 users.email ok\n;\n-- +gen StatementEnd\n", 1),
		"a line ending changed":      strings.Replace(ackedFile, "-- gen:deploy destructive\n", "-- gen:deploy destructive\r\n", 1),
		"no final line break":        strings.TrimSuffix(ackedFile, "\n"),
	}
	for name, text := range differ {
		if got := Sum([]byte(text)); got == base {
			t.Errorf("%s: Sum is unchanged; every byte but the ack lines counts", name)
		}
	}
	// Encode writes acks as ack lines: a file with and without them has
	// one sum.
	f, err := Parse("x.sql", []byte(ackedFile))
	if err != nil {
		t.Fatal(err)
	}
	plain := Sum(Encode(f))
	f.Acks = []Ack{{Code: "GEN102", Object: "users.email", Reason: "reviewed"}}
	if got := Sum(Encode(f)); got != plain {
		t.Errorf("Sum(Encode(f with an ack)) = %s, want %s", got, plain)
	}
}

// addAck adds an ack line to the header of the migration file at path.
func addAck(t *testing.T, path, line string) {
	t.Helper()
	data := must(os.ReadFile(path))
	text := withAck(string(data), line)
	if text == string(data) {
		t.Fatalf("%s has no blank line before -- +gen Up to put an ack above", path)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAckAfterApplyIsNotAnEdit(t *testing.T) {
	both(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		files := history()
		files[2].Flags = []Flag{{Severity: Error, Code: CodeDropColumn, Object: "users.tz", Message: "made up for the test"}}
		dir := writeDir(t, files...)
		m := newMigrator(t, dir, e.driver())
		if _, err := m.Upgrade(ctx, Head()); err != nil {
			t.Fatal(err)
		}
		c := filepath.Join(dir.Path(), files[2].Name)

		// A reviewer acks the flag of an applied file, without gen hash.
		addAck(t, c, "-- gen:ack GEN102 users.tz reviewed: nothing reads it")
		got, err := Parse(c, must(os.ReadFile(c)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Acks) != 1 || len(got.Unacked()) != 0 {
			t.Fatalf("after the ack: Acks = %v, Unacked = %v; want the flag acknowledged", got.Acks, got.Unacked())
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Edited) != 0 {
			t.Errorf("Status.Edited = %q after adding an ack, want none", ids(st.Edited))
		}
		if err := dir.VerifySum(); err != nil {
			t.Errorf("VerifySum after adding an ack: %v", err)
		}
		if _, err := m.Upgrade(ctx, Head()); err != nil {
			t.Errorf("Upgrade after adding an ack: %v", err)
		}

		// An edited statement is an edit, ack or no ack.
		data := must(os.ReadFile(c))
		edited := strings.Replace(string(data), "ADD COLUMN tz text", "ADD COLUMN tz varchar(64)", 1)
		if edited == string(data) {
			t.Fatalf("%s does not hold the statement to edit:\n%s", c, data)
		}
		if err := os.WriteFile(c, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		st, err = m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ids(st.Edited) != "c" {
			t.Errorf("Status.Edited = %q after editing a statement, want c", ids(st.Edited))
		}
		var se *SumError
		if err := dir.VerifySum(); !errors.As(err, &se) || len(se.Edited) != 1 || se.Edited[0] != files[2].Name {
			t.Errorf("VerifySum after editing a statement = %v, want %s edited", err, files[2].Name)
		}
		if _, err := m.Upgrade(ctx, Head()); !errors.Is(err, ErrChecksum) {
			t.Errorf("Upgrade after editing a statement = %v, want ErrChecksum", err)
		}
	})
}

func TestGenSumIgnoresAcks(t *testing.T) {
	d, err := CreateDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := newFile("aaaaaaaaaaaa", "one")
	f.Flags = []Flag{{Severity: Error, Code: CodeDropTable, Object: "users", Message: "drops the table"}}
	p := mustWrite(t, d, f)
	before := string(must(os.ReadFile(d.sumPath())))

	addAck(t, p, "-- gen:ack GEN101 users reviewed: empty")
	if err := d.VerifySum(); err != nil {
		t.Fatalf("VerifySum after adding an ack: %v", err)
	}
	// gen hash would write the same gen.sum.
	if err := d.WriteSum(); err != nil {
		t.Fatal(err)
	}
	if after := string(must(os.ReadFile(d.sumPath()))); after != before {
		t.Errorf("gen.sum changed by an ack:\n%s\nwant\n%s", after, before)
	}

	// Removing the ack again is no edit either.
	if err := os.WriteFile(p, Encode(f), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.VerifySum(); err != nil {
		t.Fatalf("VerifySum after removing the ack: %v", err)
	}

	// Editing the SQL is.
	addAck(t, p, "-- gen:ack GEN101 users reviewed: empty")
	data := must(os.ReadFile(p))
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "SELECT 1", "SELECT 2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var se *SumError
	if err := d.VerifySum(); !errors.As(err, &se) || len(se.Edited) != 1 {
		t.Fatalf("VerifySum after editing the SQL = %v, want the file edited", err)
	}
}

func TestParseRecordsFlagLines(t *testing.T) {
	f, err := Parse("x.sql", []byte(withAck(ackedFile, "-- gen:ack GEN102 users.email ok")))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Flags) != 2 || f.Flags[0].FileLine != 6 || f.Flags[1].FileLine != 7 {
		t.Fatalf("flags %+v; want FileLine 6 and 7, the lines of their -- gen:flag lines", f.Flags)
	}
	// FileLine is not part of the documented JSON.
	mem := f.Flags[0]
	mem.FileLine = 0
	parsed, inMemory := must(f.Flags[0].MarshalJSON()), must(mem.MarshalJSON())
	if string(parsed) != string(inMemory) {
		t.Errorf("flag JSON %s differs from %s by the file line", parsed, inMemory)
	}
}

func TestUnacked(t *testing.T) {
	backfill := Flag{Severity: Error, Code: CodeBackfill, Object: "users.tz", Message: "write the backfill"}
	drop := Flag{Severity: Error, Code: CodeDropColumn, Object: "users.email", Message: "drops values"}
	warn := Flag{Severity: Warning, Code: CodeIndexDrop, Object: "users.users_email", Message: "drops an index"}
	update := []Stmt{{SQL: "UPDATE users SET tz = 'UTC' WHERE tz IS NULL"}}
	codes := func(fs []Flag) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Code+" "+f.Object)
		}
		return strings.Join(out, ",")
	}
	for _, tt := range []struct {
		name string
		f    File
		want string
	}{
		{"warnings never count", File{Flags: []Flag{warn}}, ""},
		{"an error without an ack", File{Flags: []Flag{drop, warn}, Up: update}, "GEN102 users.email"},
		{"an error with its ack", File{Flags: []Flag{drop}, Acks: []Ack{{Code: "GEN102", Object: "users.email"}}}, ""},
		{"an ack of another object", File{Flags: []Flag{drop}, Acks: []Ack{{Code: "GEN102", Object: "users.name"}}}, "GEN102 users.email"},
		{"an ack of another code", File{Flags: []Flag{drop}, Acks: []Ack{{Code: "GEN101", Object: "users.email"}}}, "GEN102 users.email"},
		{"a backfill with an empty Up", File{Flags: []Flag{backfill}}, "GEN210 users.tz"},
		{"a backfill with only comments in Up is parsed as an empty Up", File{Flags: []Flag{backfill}, Down: update}, "GEN210 users.tz"},
		{"a backfill written", File{Flags: []Flag{backfill}, Up: update}, ""},
		{"a backfill acked", File{Flags: []Flag{backfill}, Acks: []Ack{{Code: CodeBackfill, Object: "users.tz"}}}, ""},
		{"a backfill written does not resolve other flags", File{Flags: []Flag{backfill, drop}, Up: update}, "GEN102 users.email"},
	} {
		if got := codes(tt.f.Unacked()); got != tt.want {
			t.Errorf("%s: Unacked = %q, want %q", tt.name, got, tt.want)
		}
	}

	// Parsed: the placeholder comments of a backfill revision are no
	// statement; the UPDATE written under them is.
	const file = `-- gen:revision aaaaaaaaaaaa
-- gen:parents
-- gen:created 2026-11-22T06:30:00Z
-- gen:flag error GEN210 users.tz: write the backfill | fix: write the UPDATE

-- +gen Up
-- UPDATE users SET tz = … WHERE tz IS NULL;
%s
-- +gen Down
`
	empty := must(Parse("x.sql", []byte(strings.Replace(file, "%s", "", 1))))
	if got := codes(empty.Unacked()); got != "GEN210 users.tz" {
		t.Errorf("placeholder only: Unacked = %q, want the backfill flag", got)
	}
	written := must(Parse("x.sql", []byte(strings.Replace(file, "%s", "UPDATE users SET tz = 'UTC' WHERE tz IS NULL;", 1))))
	if got := codes(written.Unacked()); got != "" {
		t.Errorf("UPDATE written: Unacked = %q, want none", got)
	}
}
