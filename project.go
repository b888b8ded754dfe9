package gen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"ariga.io/atlas/sql/schema"
	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the embedded default database, pure Go

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/dburl"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
)

// VersionTable is the table gen records applied revisions in. The
// inspectors leave it out, so it is never part of a diff.
const VersionTable = "gen_migrations"

// A Project is gen pointed at one set of models, one migrations directory
// and one database. Every command of the CLI is one method call.
type Project struct {
	cfg Config
	url *dburl.URL
	// Log receives progress lines (revisions applied or reverted). May be nil.
	Log io.Writer
	// Now is the clock for new revisions; nil means time.Now.
	Now func() time.Time
	// Runner bounds the waits of Upgrade, Downgrade and Stamp. New fills
	// it from gen.yaml's lock_timeout and statement_timeout when gen.yaml
	// sets them; the CLI's --lock-timeout and --statement-timeout replace
	// those.
	Runner migrations.RunOptions
}

// New returns a Project for cfg, after cfg.Defaults. It checks the
// database URL but does not connect.
func New(cfg Config) (*Project, error) {
	// Only timeouts gen.yaml sets bound the runner; the defaults are what
	// gen writes into new files.
	var run migrations.RunOptions
	run.LockTimeout, _ = time.ParseDuration(cfg.LockTimeout)
	run.StatementTimeout, _ = time.ParseDuration(cfg.StatementTimeout)
	if err := cfg.Defaults(); err != nil {
		return nil, err
	}
	u, err := dburl.Parse(cfg.DB)
	if err != nil {
		return nil, &ConfigError{File: "database URL", Err: err}
	}
	return &Project{cfg: cfg, url: u, Runner: run}, nil
}

// Config returns the project's configuration, defaults filled in.
func (p *Project) Config() Config { return p.cfg }

// Dialect returns "postgres", "sqlite" or "mysql".
func (p *Project) Dialect() string { return p.url.Dialect }

// DatabaseURL returns the database URL with its password redacted.
func (p *Project) DatabaseURL() string { return p.url.String() }

// now is the creation time of a new revision, to the second: the file
// name and the header show no more.
func (p *Project) now() time.Time {
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	return now().UTC().Truncate(time.Second)
}

// A ConnectError means the database could not be reached. Its message
// never holds the password.
type ConnectError struct {
	URL string // redacted
	Err error
}

func (e *ConnectError) Error() string {
	return fmt.Sprintf("connecting to %s: %s\ncheck that the server is running and that the URL (--db, DATABASE_URL or db: in gen.yaml) is right",
		e.URL, dburl.Redact(e.Err.Error()))
}
func (e *ConnectError) Unwrap() error { return e.Err }

// db is an open connection to the project's database.
type db struct {
	url    *dburl.URL
	pg     *pgx.Conn
	sql    *sql.DB
	memory bool // an SQLite file that does not exist yet, read as empty
}

// access says whether a command may change the database.
type access int

const (
	readOnly access = iota
	readWrite
)

// connect opens the database. A read-only command on an SQLite file that
// does not exist reads an empty database instead of creating the file.
func (p *Project) connect(ctx context.Context, mode access) (*db, error) {
	d := &db{url: p.url}
	switch p.url.Dialect {
	case dburl.Postgres:
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, p.url.DSN)
		if err != nil {
			return nil, &ConnectError{URL: p.url.String(), Err: err}
		}
		d.pg = c
	case dburl.SQLite:
		dsn := p.url.DSN
		if p.url.Path != "" {
			path := p.url.Path
			if !filepath.IsAbs(path) {
				path = filepath.Join(p.cfg.WorkDir, path)
			}
			_, err := os.Stat(path)
			switch {
			case errors.Is(err, fs.ErrNotExist) && mode == readOnly:
				dsn, d.memory = ":memory:", true
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return nil, &ConnectError{URL: p.url.String(), Err: err}
			default:
				// Every connection waits for another's lock (another gen,
				// the application) rather than failing with SQLITE_BUSY.
				dsn = "file:" + path + "?_pragma=busy_timeout(10000)"
			}
		}
		s, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, &ConnectError{URL: p.url.String(), Err: err}
		}
		// One connection: an in-memory database exists per connection, and
		// SQLite serializes writers anyway.
		s.SetMaxOpenConns(1)
		if err := s.PingContext(ctx); err != nil {
			s.Close()
			if isSQLiteBusy(err) {
				return nil, fmt.Errorf("opening %s: database is locked; another gen or the application holds it: %w", p.url, err)
			}
			return nil, &ConnectError{URL: p.url.String(), Err: err}
		}
		d.sql = s
	default:
		return nil, &ConfigError{File: "database URL", Err: fmt.Errorf("%s databases are not supported yet; use PostgreSQL or SQLite", p.url.Dialect)}
	}
	return d, nil
}

func (d *db) Close() {
	if d.pg != nil {
		d.pg.Close(context.Background())
	}
	if d.sql != nil {
		d.sql.Close()
	}
}

// inspect reads the live schema without the tables exclude lists (see
// introspect.MatchTable), telling excluded about each one it leaves out.
func (d *db) inspect(ctx context.Context, exclude []string, excluded func(table, entry string)) (*schema.Schema, error) {
	opts := introspect.Options{Schema: d.url.Schema, Exclude: exclude, Excluded: excluded}
	var (
		s   *schema.Schema
		err error
	)
	switch {
	case d.pg != nil:
		s, err = introspect.Postgres(ctx, d.pg, opts)
	default:
		s, err = introspect.SQLite(ctx, d.sql, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("inspecting %s: %w", d.url, err)
	}
	return s, nil
}

// prober returns the live-check prober for the connection: read-only
// queries behind the flags' figures.
func (d *db) prober(opts diff.ProbeOptions) diff.Prober {
	if d.pg != nil {
		return introspect.NewPostgresProber(d.pg, d.url.Schema, opts)
	}
	return introspect.NewSQLiteProber(d.sql, opts)
}

// driver returns the migrations driver for the connection.
func (d *db) driver() migrations.Driver {
	if d.pg != nil {
		return migrations.NewPostgres(d.pg, d.url.Schema)
	}
	return migrations.NewSQLite(d.sql)
}

// A ModelError means the models could not be loaded; Errors lists every
// problem with its position.
type ModelError struct {
	Errors []*model.Error
	Err    error
}

func (e *ModelError) Error() string { return e.Err.Error() }
func (e *ModelError) Unwrap() error { return e.Err }

// Models loads the desired schema from the models. Warnings (unknown tag
// keys and the like) come back with it.
func (p *Project) Models(ctx context.Context) (*schema.Schema, []*model.Error, error) {
	res, err := model.Load(ctx, model.Config{
		Dir:         p.cfg.WorkDir,
		Patterns:    p.cfg.Models,
		Dialect:     p.url.Dialect,
		Nullability: p.cfg.Nullability,
		Tables:      p.cfg.Tables,
		Naming:      model.Naming(p.cfg.Naming),
		Schema:      p.url.Schema,
	})
	if err != nil {
		var list model.ErrorList
		if errors.As(err, &list) {
			return nil, nil, &ModelError{Errors: list, Err: err}
		}
		return nil, nil, &ModelError{Err: err}
	}
	res.Schema.Name = p.url.Schema
	for _, t := range res.Schema.Tables {
		t.Schema = res.Schema
	}
	if err := p.excludeConflicts(res.Schema); err != nil {
		return nil, nil, err
	}
	return res.Schema, res.Warnings, nil
}

// Inspect reads the live schema gen manages: every table but gen's
// version table, those gen.yaml excludes and other migration tools'
// version tables.
func (p *Project) Inspect(ctx context.Context) (*schema.Schema, error) {
	s, _, err := p.InspectExcluded(ctx)
	return s, err
}

// InspectExcluded is Inspect that also returns the tables it left out
// (gen's own version table aside), and why.
func (p *Project) InspectExcluded(ctx context.Context) (*schema.Schema, []Exclusion, error) {
	d, err := p.connect(ctx, readOnly)
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	return p.inspect(ctx, d, nil)
}

// openDir opens the migrations directory.
func (p *Project) openDir() (*migrations.Dir, error) {
	return migrations.OpenDir(p.cfg.MigrationsDir())
}

// openDirOrEmpty opens the migrations directory for a command that writes
// nothing: one that does not exist reads as empty.
func (p *Project) openDirOrEmpty() (*migrations.Dir, error) {
	return migrations.OpenDirOrEmpty(p.cfg.MigrationsDir())
}

// migrator runs dir on d with the project's log, clock and run options.
func (p *Project) migrator(d *db, dir *migrations.Dir) (*migrations.Migrator, error) {
	var opts []migrations.Option
	// Only a positive bound is one (the runner has always ignored others).
	if p.Runner.LockTimeout > 0 {
		opts = append(opts, migrations.WithLockTimeout(p.Runner.LockTimeout))
	}
	if p.Runner.StatementTimeout > 0 {
		opts = append(opts, migrations.WithStatementTimeout(p.Runner.StatementTimeout))
	}
	if p.Log != nil {
		opts = append(opts, migrations.WithLog(p.Log))
	}
	if p.Now != nil {
		opts = append(opts, migrations.WithClock(p.Now))
	}
	if p.Runner.Notify != nil {
		opts = append(opts, migrations.WithNotify(p.Runner.Notify))
	}
	return migrations.New(dir, d.driver(), opts...)
}

// Init creates the migrations directory and, unless it exists, a commented
// gen.yaml at configPath. It returns the paths it created.
func Init(workDir, dir, configPath string) ([]string, error) {
	var created []string
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(workDir, dir)
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		created = append(created, dir)
	}
	if _, err := migrations.CreateDir(dir); err != nil {
		return nil, err
	}
	if !filepath.IsAbs(configPath) {
		configPath = filepath.Join(workDir, configPath)
	}
	f, err := os.OpenFile(configPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	switch {
	case errors.Is(err, fs.ErrExist):
		return created, nil
	case err != nil:
		return nil, err
	}
	if _, err := f.WriteString(ConfigTemplate); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return append(created, configPath), nil
}

// loadModels starts loading the models (go list and the type checker,
// the slowest step of a draft) and returns the function that waits for
// them: a draft or a check reads the database meanwhile.
func (p *Project) loadModels(ctx context.Context) func() (*schema.Schema, []*model.Error, error) {
	type result struct {
		s   *schema.Schema
		w   []*model.Error
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, w, err := p.Models(ctx)
		ch <- result{s, w, err}
	}()
	var r *result
	return func() (*schema.Schema, []*model.Error, error) {
		if r == nil {
			v := <-ch
			r = &v
		}
		return r.s, r.w, r.err
	}
}

// isSQLiteBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isSQLiteBusy(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		c := coded.Code() & 0xff
		return c == 5 || c == 6
	}
	return false
}

// fileDialect is the -- gen:dialect of the project's new migration files
// ("" for a dialect the runner does not know).
func (p *Project) fileDialect() string {
	switch d := p.Dialect(); d {
	case migrations.DialectPostgres, migrations.DialectSQLite:
		return d
	}
	return ""
}

// status reads the state of d against dir.
func (p *Project) status(ctx context.Context, d *db, dir *migrations.Dir) (*migrations.Status, error) {
	m, err := p.migrator(d, dir)
	if err != nil {
		return nil, err
	}
	return m.Status(ctx)
}
