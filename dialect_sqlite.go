package gen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/render"
)

// sqliteDialect is SQLite through modernc.org/sqlite (no cgo). The
// package does not import the driver: cmd/gen does, and so must a program
// that opens an sqlite: URL through package gen (errNoSQLiteDriver).
type sqliteDialect struct{}

// sqliteDriver is the database/sql driver name of modernc.org/sqlite.
var sqliteDriver = "sqlite"

// errNoSQLiteDriver is what opening an sqlite: URL says when no
// database/sql driver named "sqlite" is linked into the program.
var errNoSQLiteDriver = errors.New(`no database/sql driver "sqlite" is linked into this program; add import _ "modernc.org/sqlite" to its main package (cmd/gen has it)`)

func (sqliteDialect) name() string                        { return "sqlite" }
func (sqliteDialect) rebuilds() func(*diff.Change) string { return render.SQLiteRebuild }
func (sqliteDialect) rebuildDropsKept() bool              { return true }
func (sqliteDialect) caselessNames() bool                 { return true }
func (sqliteDialect) sessionTimeouts() bool               { return false }
func (sqliteDialect) readsObjects() bool                  { return false }

// open opens the file. A read-only command on a file that does not exist
// reads an empty in-memory database instead of creating the file.
func (sqliteDialect) open(ctx context.Context, p *Project, mode access) (conn, error) {
	dsn := p.url.DSN
	if p.url.Path != "" {
		path := p.url.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.cfg.WorkDir, path)
		}
		_, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && mode == readOnly:
			dsn = ":memory:"
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return nil, &ConnectError{URL: p.url.String(), Err: err}
		default:
			// Every connection waits for another's lock (another gen,
			// the application) rather than failing with SQLITE_BUSY.
			dsn = "file:" + path + "?_pragma=busy_timeout(10000)"
		}
	}
	if !slices.Contains(sql.Drivers(), sqliteDriver) {
		return nil, fmt.Errorf("opening %s: %w", p.url, errNoSQLiteDriver)
	}
	s, err := sql.Open(sqliteDriver, dsn)
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
	return sqliteConn{s}, nil
}

type sqliteConn struct{ db *sql.DB }

func (c sqliteConn) inspect(ctx context.Context, opts introspect.Options) (*schema.Schema, error) {
	return introspect.SQLite(ctx, c.db, opts)
}

func (c sqliteConn) prober(_ string, opts diff.ProbeOptions) diff.Prober {
	return introspect.NewSQLiteProber(c.db, opts)
}

func (c sqliteConn) driver(string) migrations.Driver { return migrations.NewSQLite(c.db) }

func (sqliteConn) objects(context.Context, string, func(table, index string) bool) ([]introspect.CatalogObject, error) {
	return nil, nil
}

func (c sqliteConn) execSeed(ctx context.Context, text string) error {
	return execSQLite(ctx, c.db, text)
}

func (c sqliteConn) close() { c.db.Close() }

// isSQLiteBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isSQLiteBusy(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		c := coded.Code() & 0xff
		return c == 5 || c == 6
	}
	return false
}
