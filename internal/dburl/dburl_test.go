package dburl

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in                   string
		dialect, schema, dsn string
	}{
		{"postgres://u:secret@localhost:5432/test", Postgres, "public", "postgres://u:secret@localhost:5432/test"},
		{"postgresql://localhost/test?search_path=app,public", Postgres, "app", "postgresql://localhost/test?search_path=app,public"},
		{"sqlite:gen.db", SQLite, "main", "file:gen.db"},
		{"sqlite:///tmp/x.db", SQLite, "main", "file:/tmp/x.db"},
		{"sqlite::memory:", SQLite, "main", ":memory:"},
		{"mysql://root:pw@127.0.0.1/test", MySQL, "test", "root:pw@tcp(127.0.0.1:3306)/test?parseTime=true"},
	} {
		u, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if u.Dialect != tt.dialect || u.Schema != tt.schema || u.DSN != tt.dsn {
			t.Errorf("Parse(%q) = %+v, want dialect %s schema %s dsn %s", tt.in, u, tt.dialect, tt.schema, tt.dsn)
		}
		if strings.Contains(u.String(), "secret") || strings.Contains(u.String(), ":pw@") {
			t.Errorf("String() leaks the password: %s", u)
		}
	}
}

func TestParseErrorsNeverLeakPassword(t *testing.T) {
	for _, in := range []string{
		"postgres://u:hunter2@host:port-not-a-number/db",
		"oracle://u:hunter2@host/db",
		"mysql://u:hunter2@host",
		// An unencoded @ in the password: pgx would take "er2@host" for
		// the host and print it.
		"postgres://u:hunt@er2@host/db",
	} {
		_, err := Parse(in)
		if err == nil {
			t.Fatalf("Parse(%q) succeeded, want error", in)
		}
		if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "er2") {
			t.Errorf("Parse(%q) error leaks the password: %v", in, err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h/db":                 "postgres://u:xxxxx@h/db",
		"failed: host=h user=u password=pw db": "failed: host=h user=u password=xxxxx db",
		"postgres://h/db":                      "postgres://h/db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// A password is redacted whole whatever characters it holds unencoded,
// and the host stays readable.
func TestRedactAnyPassword(t *testing.T) {
	for _, pw := range []string{"p@ss", "p@ss@word", "pa/ss", "pa?ss", "pa#ss", "p:a:ss", "@", "a@b/c?d#e"} {
		for _, in := range []string{
			"postgres://app:" + pw + "@db.example.com:5432/prod",
			`connecting to "postgres://app:` + pw + `@db.example.com/prod": refused`,
			"mysql://app:" + pw + "@db.example.com/prod and then postgres://u:" + pw + "@other/db",
		} {
			got := Redact(in)
			secret := strings.Trim(pw, "@:")
			if secret != "" && strings.Contains(got, secret) {
				t.Errorf("Redact(%q) = %q: leaks the password", in, got)
			}
			if !strings.Contains(got, "app:xxxxx@db.example.com") {
				t.Errorf("Redact(%q) = %q: want user and host kept, password as xxxxx", in, got)
			}
		}
	}
}
