// Package dburl parses gen's database URLs and redacts their passwords.
//
// Accepted forms:
//
//	postgres://user:pass@host:5432/db?search_path=app   (also postgresql://)
//	sqlite:path/to/file.db   sqlite:///abs/path.db   sqlite::memory:
//	mysql://user:pass@host:3306/db
package dburl

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Dialect names.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
	MySQL    = "mysql"
)

// A URL is a parsed database URL.
type URL struct {
	// Dialect is Postgres, SQLite or MySQL.
	Dialect string
	// DSN is what the driver takes: the URL itself for pgx, the file path
	// (with _pragma options) for SQLite, a go-sql-driver DSN for MySQL.
	DSN string
	// Schema is the schema gen manages: the first element of PostgreSQL's
	// search_path parameter (default "public"), "main" on SQLite, the
	// database name on MySQL.
	Schema string
	// Path is the database file on SQLite ("" for :memory:).
	Path string
	raw  string
}

// ErrEmpty is returned by Parse for an empty URL.
var ErrEmpty = errors.New("dburl: empty database URL")

// urlProblem says what url.Parse found wrong, without quoting the URL
// (its text may hold part of the password).
func urlProblem(err error) string {
	var ee url.EscapeError
	switch msg := err.Error(); {
	case errors.As(err, &ee):
		return "a % is not followed by two hexadecimal digits"
	case strings.Contains(msg, "invalid port"):
		return "its port is not a number"
	case strings.Contains(msg, "missing ']'"):
		return "its [IPv6] host has no closing ]"
	case strings.Contains(msg, "invalid character") && strings.Contains(msg, "host name"):
		return "its host name holds a character a host name cannot"
	}
	return "it is not a well-formed URL"
}

// Parse parses a database URL. Its errors never contain the password.
func Parse(s string) (*URL, error) {
	switch {
	case s == "":
		return nil, ErrEmpty
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("dburl: invalid PostgreSQL URL %s: %s; write postgres://user:password@host:5432/database, with the password's special characters percent-encoded (@ as %%40, %% as %%25, / as %%2F)", Redact(s), urlProblem(err))
		}
		// Go's parser takes the last @ for the end of the password, pgx
		// the first: with two, pgx would connect to a host made of the
		// password's tail and print it.
		if authority, _, _ := strings.Cut(strings.SplitN(s, "://", 2)[1], "/"); strings.Count(authority, "@") > 1 {
			return nil, fmt.Errorf("dburl: invalid PostgreSQL URL %s: the part before the host holds more than one @; percent-encode an @ of the user name or password as %%40", Redact(s))
		}
		schema := "public"
		if sp := u.Query().Get("search_path"); sp != "" {
			schema = strings.Trim(strings.TrimSpace(strings.Split(sp, ",")[0]), `"`)
		}
		return &URL{Dialect: Postgres, DSN: s, Schema: schema, raw: s}, nil
	case strings.HasPrefix(s, "sqlite:"):
		p := strings.TrimPrefix(s, "sqlite:")
		p = strings.TrimPrefix(p, "//")
		if p == "" {
			return nil, fmt.Errorf("dburl: %q names no database file; use sqlite:path/to/file.db, or sqlite::memory: for a database in memory", s)
		}
		u := &URL{Dialect: SQLite, Schema: "main", raw: s}
		if p == ":memory:" {
			u.DSN = ":memory:"
		} else {
			u.Path = p
			u.DSN = "file:" + p
		}
		return u, nil
	case strings.HasPrefix(s, "mysql://"):
		u, err := url.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("dburl: invalid MySQL URL %s", Redact(s))
		}
		db := strings.TrimPrefix(u.Path, "/")
		if db == "" {
			return nil, fmt.Errorf("dburl: MySQL URL %s names no database; add /dbname", Redact(s))
		}
		host := u.Host
		if u.Port() == "" {
			host += ":3306"
		}
		userinfo := ""
		if u.User != nil {
			userinfo = u.User.Username()
			if p, ok := u.User.Password(); ok {
				userinfo += ":" + p
			}
			userinfo += "@"
		}
		q := u.Query()
		q.Set("parseTime", "true")
		return &URL{Dialect: MySQL, DSN: fmt.Sprintf("%stcp(%s)/%s?%s", userinfo, host, db, q.Encode()), Schema: db, raw: s}, nil
	}
	return nil, fmt.Errorf("dburl: unsupported database URL %s: use postgres://… or sqlite:path/to/file.db", Redact(s))
}

// String returns the URL with its password redacted.
func (u *URL) String() string { return Redact(u.raw) }

// userinfoRE matches the user and password of a URL. The password runs to
// the last "@" before the URL ends (white space or a quote), so that a
// password holding an unencoded "@", "/", "?", "#" or ":" is redacted
// whole; when the query holds an "@" too, more than the password is
// redacted, never less.
var userinfoRE = regexp.MustCompile(`(://[^:/@?#\s"'` + "`" + `]*):[^\s"'` + "`" + `]*@`)

var passwordParamRE = regexp.MustCompile(`(?i)(password=)[^&\s]*`)

// Redact replaces the password of any URL-looking or key=value password in
// s with "xxxxx". It works on unparseable input too, so that an error about
// a malformed URL never leaks the password.
func Redact(s string) string {
	s = userinfoRE.ReplaceAllString(s, "${1}:xxxxx@")
	return passwordParamRE.ReplaceAllString(s, "${1}xxxxx")
}
