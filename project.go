package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"ariga.io/atlas/sql/schema"

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
	cfg     Config
	url     *dburl.URL
	dialect dialect
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
// database URL, and that gen supports its dialect, but does not connect.
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
	d, err := dialectFor(u)
	if err != nil {
		return nil, err
	}
	return &Project{cfg: cfg, url: u, dialect: d, Runner: run}, nil
}

// Config returns the project's configuration, defaults filled in.
func (p *Project) Config() Config { return p.cfg }

// Dialect returns "postgres" or "sqlite".
func (p *Project) Dialect() string { return p.dialect.name() }

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
	url *dburl.URL
	c   conn
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
	c, err := p.dialect.open(ctx, p, mode)
	if err != nil {
		return nil, err
	}
	return &db{url: p.url, c: c}, nil
}

func (d *db) Close() { d.c.close() }

// inspect reads the live schema without the tables exclude lists (see
// introspect.MatchTable), telling excluded about each one it leaves out.
func (d *db) inspect(ctx context.Context, exclude []string, excluded func(table, entry string)) (*schema.Schema, error) {
	s, err := d.c.inspect(ctx, introspect.Options{Schema: d.url.Schema, Exclude: exclude, Excluded: excluded})
	if err != nil {
		return nil, fmt.Errorf("inspecting %s: %w", d.url, err)
	}
	return s, nil
}

// prober returns the live-check prober for the connection: read-only
// queries behind the flags' figures.
func (d *db) prober(opts diff.ProbeOptions) diff.Prober { return d.c.prober(d.url.Schema, opts) }

// driver returns the migrations driver for the connection.
func (d *db) driver() migrations.Driver { return d.c.driver(d.url.Schema) }

// objects reads the catalog objects other than tables (none on a dialect
// that does not read them).
func (d *db) objects(ctx context.Context, indexes func(table, index string) bool) ([]introspect.CatalogObject, error) {
	return d.c.objects(ctx, d.url.Schema, indexes)
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
		Dialect:     p.dialect.name(),
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
// them: a draft or a check connects to the database and reads the
// migration status meanwhile, and small models also while the catalog is
// read (see awaitLargeModels).
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

// fileDialect is the -- gen:dialect of the project's new migration files:
// the dialect's name, which is the runner's (migrations.DialectPostgres,
// migrations.DialectSQLite).
func (p *Project) fileDialect() string { return p.dialect.name() }

// status reads the state of d against dir.
func (p *Project) status(ctx context.Context, d *db, dir *migrations.Dir) (*migrations.Status, error) {
	m, err := p.migrator(d, dir)
	if err != nil {
		return nil, err
	}
	return m.Status(ctx)
}

// largeModelSource is the size of model source from which the catalog is
// read only once the models are loaded. The catalog's tables, read beside
// a model load at its peak, took a no-op diff of 10,000 tables (5.3 MB of
// models) to 250-260 MB of memory against 186-190 MB one after the other
// (docs/PERFORMANCE.md, issue 8); below about 2000 such tables the overlap
// costs a few MB, and it saves the model load's time, which at 1000
// tables is a fifth of a diff. (A variable for the tests.)
var largeModelSource int64 = 1 << 20

// awaitLargeModels waits for models before the catalog is read when the
// model packages' source is large (modelSourceSize), and then collects
// the loader's garbage: the syntax trees, type records and ORM field
// records, several times the schema it returns. It returns the models'
// error, if any.
func (p *Project) awaitLargeModels(models func() (*schema.Schema, []*model.Error, error)) error {
	if p.modelSourceSize(largeModelSource) < largeModelSource {
		return nil
	}
	if _, _, err := models(); err != nil {
		return err
	}
	runtime.GC()
	return nil
}

// modelSourceSize estimates the size in bytes of the Go files (tests
// left out) of the model packages, counting up to limit: a pattern that
// is a directory counts its files, one ending in /... those of the tree
// below it too (but testdata, vendor and hidden directories). An import
// path, or anything else go list would resolve, counts 0: only the
// scheduling of the catalog read depends on the figure.
func (p *Project) modelSourceSize(limit int64) int64 {
	var n int64
	add := func(path string, d fs.DirEntry) {
		if d.Type().IsRegular() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
	}
	for _, pat := range p.cfg.Models {
		dir, tree := strings.CutSuffix(pat, "/...")
		if dir != "." && dir != ".." && !strings.HasPrefix(dir, "./") && !strings.HasPrefix(dir, "../") && !filepath.IsAbs(dir) {
			continue // an import path
		}
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(p.cfg.WorkDir, dir)
		}
		if !tree {
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				add(filepath.Join(dir, e.Name()), e)
			}
		} else {
			_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				switch {
				case err != nil:
					return nil
				case d.IsDir() && path != dir && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")):
					return filepath.SkipDir
				case n >= limit:
					return filepath.SkipAll
				}
				add(path, d)
				return nil
			})
		}
		if n >= limit {
			break
		}
	}
	return n
}
