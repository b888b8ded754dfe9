package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/genmigrate/gen/introspect"
)

// DefaultConfigFile is the configuration file gen reads from the working
// directory when --config is not given.
const DefaultConfigFile = "gen.yaml"

// DefaultDB is the database gen uses when none is configured: an SQLite
// file in the working directory, so that a newcomer needs no server.
const DefaultDB = "sqlite:gen.db"

// Defaults of the timeouts written at the top of PostgreSQL migration
// files.
const (
	DefaultLockTimeout      = "5s"
	DefaultStatementTimeout = "30m"
)

// Config is gen's configuration: gen.yaml, overridden by the environment
// (DATABASE_URL) and by command-line flags.
type Config struct {
	// DB is the database URL (postgres://… or sqlite:path).
	DB string `yaml:"db"`
	// Models are the Go package patterns holding the models.
	Models []string `yaml:"models"`
	// Dir is the migrations directory.
	Dir string `yaml:"dir"`
	// Nullability is "orm" (the ORM's rules: NOT NULL only when tagged) or
	// "go-types" (non-pointer, non-sql.Null* fields are NOT NULL).
	Nullability string `yaml:"nullability"`
	// Tables, when set, lists the structs that are tables ("User" or
	// "example.com/app/models.User"); required for db:-tagged packages.
	Tables []string `yaml:"tables"`
	// Naming adjusts table names as GORM's NamingStrategy does.
	Naming struct {
		TablePrefix         string `yaml:"table_prefix"`
		SingularTable       bool   `yaml:"singular_table"`
		NoLowerCase         bool   `yaml:"no_lower_case"`
		IdentifierMaxLength int    `yaml:"identifier_max_length"`
	} `yaml:"naming"`

	// LockTimeout and StatementTimeout are written at the top of every
	// PostgreSQL migration file (SET lock_timeout / statement_timeout), so
	// that a statement queued behind a long lock gives up instead of
	// blocking every query behind it (defaults DefaultLockTimeout,
	// DefaultStatementTimeout; "0" turns one off). When gen.yaml sets them
	// they also bound the runner (Project.Runner): the wait for the
	// migration lock and each statement.
	LockTimeout      string `yaml:"lock_timeout"`
	StatementTimeout string `yaml:"statement_timeout"`
	// LiveChecks bound the read-only queries behind the flags' figures.
	LiveChecks struct {
		// ExactBelow is the row count under which rows are counted
		// exactly; above it the catalog's estimates are used.
		ExactBelow int64 `yaml:"exact_below"`
		// StatementTimeout bounds each live-check query.
		StatementTimeout string `yaml:"statement_timeout"`
	} `yaml:"live_checks"`

	// Exclude keeps tables out of gen's hands: table names and path.Match
	// patterns ("legacy_*"). gen never creates, changes or drops them, and
	// leaves them out of the live schema it compares and checks. A table
	// the models declare may not be excluded (see excludeConflicts).
	Exclude []string `yaml:"exclude"`
	// Keep names objects on tables the models manage that gen leaves
	// alone, as "table.object": an index, a unique constraint, a foreign
	// key or a CHECK. Each must exist in the database (see applyKeep).
	Keep []string `yaml:"keep"`

	// file and the lines of the exclude: and keep: entries, when the
	// configuration came from ReadConfig, so that errors point at them.
	file         string
	excludeLines []int
	keepLines    []int

	// WorkDir is the directory gen runs in: models and the migrations
	// directory are resolved against it. Not read from gen.yaml.
	WorkDir string `yaml:"-"`
	// DefaultedDB is set when DB was not configured anywhere and gen
	// fell back to DefaultDB.
	DefaultedDB bool `yaml:"-"`
}

// ReadConfig reads a gen.yaml file. A missing file is not an error when
// optional is true (the default file need not exist); unknown keys are an
// error naming the file and line, so that a typo is not silently ignored.
func ReadConfig(path string, optional bool) (*Config, error) {
	cfg := &Config{}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && optional:
		return cfg, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, &ConfigError{File: path, Err: errors.New("no such file; give --config the path of gen.yaml, or leave it out to read gen.yaml in the working directory (`gen init` writes one)")}
	case err != nil:
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			return nil, &ConfigError{File: path, Err: errors.New("is a directory; give --config the path of the gen.yaml file")}
		}
		return nil, &ConfigError{File: path, Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, &ConfigError{File: path, Err: configDecodeError(data, err)}
	}
	if cfg.Naming.IdentifierMaxLength < 0 {
		return nil, &ConfigError{File: path, Err: fmt.Errorf("naming: identifier_max_length: %d is negative; leave it out for the driver's default", cfg.Naming.IdentifierMaxLength)}
	}
	for key, v := range map[string]string{"lock_timeout": cfg.LockTimeout, "statement_timeout": cfg.StatementTimeout, "live_checks: statement_timeout": cfg.LiveChecks.StatementTimeout} {
		if v == "" || v == "0" {
			continue
		}
		if _, err := time.ParseDuration(v); err != nil {
			return nil, &ConfigError{File: path, Err: fmt.Errorf("%s: %q is not a duration such as 5s or 2m", key, v)}
		}
	}
	if cfg.LiveChecks.ExactBelow < 0 {
		return nil, &ConfigError{File: path, Err: fmt.Errorf("live_checks: exact_below: %d is negative", cfg.LiveChecks.ExactBelow)}
	}
	switch cfg.Nullability {
	case "", "orm", "go-types":
	default:
		return nil, &ConfigError{File: path, Err: fmt.Errorf("nullability: %q is not orm or go-types", cfg.Nullability)}
	}
	cfg.file = path
	cfg.excludeLines = entryLines(data, "exclude")
	cfg.keepLines = entryLines(data, "keep")
	for i, e := range cfg.Exclude {
		if err := introspect.ValidTablePattern(e); err != nil {
			return nil, cfg.entryError("exclude", i, fmt.Errorf("%w: write a table name or a pattern such as legacy_*", err))
		}
	}
	for i, k := range cfg.Keep {
		if _, _, err := splitKeep(k); err != nil {
			return nil, cfg.entryError("keep", i, err)
		}
	}
	return cfg, nil
}

// splitKeep splits a keep: entry "table.object" at its first dot.
func splitKeep(entry string) (table, object string, err error) {
	table, object, ok := strings.Cut(entry, ".")
	if !ok || table == "" || object == "" {
		return "", "", fmt.Errorf("%q is not table.object (an index, unique constraint, foreign key or CHECK of a table, such as users.idx_users_email)", entry)
	}
	return table, object, nil
}

// entryLines returns the line of each item of the top-level sequence key
// of a YAML document, in order; nil when there is none.
func entryLines(data []byte, key string) []int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0].Content
	for i := 0; i+1 < len(m); i += 2 {
		if m[i].Value != key || m[i+1].Kind != yaml.SequenceNode {
			continue
		}
		var lines []int
		for _, item := range m[i+1].Content {
			lines = append(lines, item.Line)
		}
		return lines
	}
	return nil
}

// entryError is a *ConfigError about item i of the exclude: or keep: list,
// at its line of gen.yaml when the configuration was read from a file.
func (c Config) entryError(key string, i int, err error) *ConfigError {
	file := c.file
	if file == "" {
		file = DefaultConfigFile
	}
	lines := c.excludeLines
	if key == "keep" {
		lines = c.keepLines
	}
	if i < len(lines) {
		return &ConfigError{File: file, Err: fmt.Errorf("line %d: %s: %w", lines[i], key, err)}
	}
	return &ConfigError{File: file, Err: fmt.Errorf("%s: %w", key, err)}
}

// Defaults fills what is still unset: DB from DefaultDB (setting
// DefaultedDB), Models ./models, Dir migrations, Nullability orm, WorkDir
// the current directory.
func (c *Config) Defaults() error {
	if c.DB == "" {
		c.DB = DefaultDB
		c.DefaultedDB = true
	}
	if len(c.Models) == 0 {
		c.Models = []string{"./models"}
	}
	if c.Dir == "" {
		c.Dir = "migrations"
	}
	if c.Nullability == "" {
		c.Nullability = "orm"
	}
	if c.LockTimeout == "" {
		c.LockTimeout = DefaultLockTimeout
	}
	if c.StatementTimeout == "" {
		c.StatementTimeout = DefaultStatementTimeout
	}
	if c.WorkDir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		c.WorkDir = wd
	}
	return nil
}

// MigrationsDir returns the migrations directory resolved against WorkDir.
func (c Config) MigrationsDir() string {
	if filepath.IsAbs(c.Dir) {
		return c.Dir
	}
	return filepath.Join(c.WorkDir, c.Dir)
}

var (
	unknownFieldRE = regexp.MustCompile(`(?s)^line (\d+): field (.*?) not found in type .+$`)
	wrongTypeRE    = regexp.MustCompile("(?s)^line (\\d+): cannot unmarshal (!\\S*)(?: `(.*)`)? into (.+)$")
	syntaxRE       = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
	lineRE         = regexp.MustCompile(`^line (\d+): `)
)

// configDecodeError rewrites YAML decoding errors in gen.yaml's terms:
// the key and what its value should be rather than Go's type names.
func configDecodeError(data []byte, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if m := syntaxRE.FindStringSubmatch(err.Error()); m != nil {
			at := ""
			if m[1] != "" {
				at = "line " + m[1] + ": "
			}
			advice := "write one key: value a line, as `gen init` writes gen.yaml"
			if bytes.ContainsRune(data, '\t') {
				advice = "indent with spaces: YAML does not allow tabs"
			}
			if strings.Contains(m[2], "already defined") {
				advice = "keep one of them"
			}
			return fmt.Errorf("%sis not valid YAML (%s); %s", at, m[2], advice)
		}
		return err
	}
	msgs := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		if m := unknownFieldRE.FindStringSubmatch(e); m != nil {
			e = fmt.Sprintf("line %s: unknown key %q; the keys are db, models, dir, nullability, tables, naming (table_prefix, singular_table, no_lower_case, identifier_max_length), exclude, keep, lock_timeout, statement_timeout and live_checks (exact_below, statement_timeout)", m[1], m[2])
		} else if m := wrongTypeRE.FindStringSubmatch(e); m != nil {
			e = wrongTypeMessage(data, m[1], m[2], m[3], m[4])
		} else if strings.Contains(e, "unmarshal") || strings.Contains(e, " in type ") || strings.Contains(e, "gen.") || strings.Contains(e, "!!") {
			// A shape the patterns above do not know: never yaml.v3's
			// own words where they name Go types.
			at := ""
			if m := lineRE.FindStringSubmatch(e); m != nil {
				at = "line " + m[1] + ": "
			}
			e = at + "gen.yaml cannot hold this; write one key: value a line, as `gen init` writes gen.yaml"
		}
		msgs[i] = e
	}
	return errors.New(strings.Join(msgs, "; "))
}

// wrongTypeMessage says which key of gen.yaml holds a value of the wrong
// kind (YAML's tag yamlKind, the value text) and what it should hold, for
// the Go type goType the value was decoded into.
func wrongTypeMessage(data []byte, line, yamlKind, value, goType string) string {
	var want string
	switch {
	case goType == "string":
		want = "a single value, not a list or keys"
	case goType == "[]string":
		want = "a list: [a, b], or one \"- item\" a line below the key"
	case goType == "int" || goType == "int64":
		want = "a whole number"
	case goType == "bool":
		want = "true or false"
	case strings.HasPrefix(goType, "struct"):
		want = "keys indented below it, as `gen init` writes them"
	default: // the document itself
		return fmt.Sprintf("line %s: gen.yaml holds keys with values (db: …, models: …), not %s", line, yamlName(yamlKind))
	}
	what := yamlName(yamlKind)
	if value != "" {
		what = fmt.Sprintf("%q", value)
	}
	key := keyAtLine(data, line)
	if key == "" {
		return fmt.Sprintf("line %s: %s should be %s", line, what, want)
	}
	return fmt.Sprintf("line %s: %s: %s should be %s", line, key, what, want)
}

func yamlName(tag string) string {
	kind, ok := strings.CutPrefix(tag, "!!")
	if !ok {
		return "a value tagged " + tag
	}
	switch kind {
	case "seq":
		return "a list"
	case "map":
		return "keys"
	case "str":
		return "a text"
	case "int", "float":
		return "a number"
	}
	return "a " + kind
}

// keyAtLine returns the key (dotted for a nested one, e.g.
// naming.identifier_max_length) whose value starts on line of the YAML
// document data, or "".
func keyAtLine(data []byte, line string) string {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return ""
	}
	var find func(n *yaml.Node, prefix string) string
	find = func(n *yaml.Node, prefix string) string {
		if n.Kind != yaml.MappingNode {
			return ""
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			// The deepest key first: a nested mapping starts on the line
			// of its first key.
			if got := find(v, prefix+k.Value+"."); got != "" {
				return got
			}
			if fmt.Sprint(v.Line) == line {
				return prefix + k.Value
			}
		}
		return ""
	}
	return find(doc.Content[0], "")
}

// A ConfigError is a problem with gen.yaml.
type ConfigError struct {
	File string
	Err  error
}

func (e *ConfigError) Error() string { return fmt.Sprintf("%s: %v", e.File, e.Err) }
func (e *ConfigError) Unwrap() error { return e.Err }

// ConfigTemplate is the commented gen.yaml that gen init writes.
const ConfigTemplate = `# gen.yaml: configuration for gen, read from the directory gen runs in.
# Command-line flags override these settings; DATABASE_URL overrides db.

# The database gen compares the models with and applies migrations to.
# With no db here, no --db flag and no DATABASE_URL, gen uses sqlite:gen.db.
#   db: postgres://user@localhost:5432/app?sslmode=disable
#   db: postgres://user@localhost:5432/app?search_path=app   (a schema other than public)
#   db: sqlite:gen.db
# db: sqlite:gen.db

# Go package patterns holding the model structs.
models:
  - ./models

# Where migration files and gen.sum live.
dir: migrations

# Which columns are NOT NULL: "orm" follows GORM and Bun (only when tagged
# or part of the primary key); "go-types" makes every non-pointer,
# non-sql.Null* field NOT NULL.
# nullability: orm

# Only these structs are tables (required for packages using db: tags,
# whose structs are often query results).
# tables: [User, Order]

# GORM's NamingStrategy, when the project sets one.
# naming:
#   table_prefix: app_
#   singular_table: false
#   no_lower_case: false
#   identifier_max_length: 63   # 0: the driver's (63 on PostgreSQL, 64 on SQLite)

# Tables gen leaves alone: it never creates, changes or drops them, and
# gen diff and gen check do not look at them. Names and glob patterns
# (* ? [a-z]). A table the models declare cannot be excluded. The version
# tables of goose, golang-migrate, Bun, gormigrate, Alembic, Atlas and
# Flyway are left out without being listed (when they have that tool's
# columns).
# exclude:
#   - legacy_*
#   - audit_log

# Objects on tables the models manage that gen leaves alone, as
# table.object: an index, a unique constraint, a foreign key or a CHECK
# the models do not declare (one added by hand, say). Each must exist.
# keep:
#   - users.users_lower_email_idx

# Written at the top of every PostgreSQL migration file: a statement that
# waits longer than lock_timeout for a lock gives up rather than queueing
# every other query behind it. "0" turns one off. Set here, they also bound
# gen upgrade/downgrade: the wait for another runner's migration lock, and
# each statement (replacing the files' own SET); --lock-timeout and
# --statement-timeout replace them for one run.
# lock_timeout: 5s
# statement_timeout: 30m

# The read-only queries behind the flags' figures ("3 rows hold NULL").
# Tables with more rows than exact_below are judged from the catalog's
# estimates instead of being counted.
# live_checks:
#   exact_below: 1000000
#   statement_timeout: 5s
`
