package gen

import (
	"context"
	"errors"
	"fmt"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/dburl"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
)

// A dialect is what the root package does differently for one kind of
// database: how it connects, which implementation of each package's
// interface it hands the connection to, and the few facts about the
// database that a command decides on. dialectFor is the one place that
// picks it; nothing else in the package branches on the URL's dialect.
type dialect interface {
	// name is the dialect's name as model.Config.Dialect,
	// diff.Options.Dialect and so render take it.
	name() string
	// open connects to the database p's URL names. mode readOnly lets
	// a dialect read a database that does not exist yet as empty rather
	// than create it. An unreachable database is a *ConnectError; no
	// error's text holds the password.
	open(ctx context.Context, p *Project, mode access) (conn, error)
	// rebuilds is diff.Options.Rebuilds: why the renderer rebuilds a
	// table instead of altering it. Nil when ALTER TABLE does it all.
	rebuilds() func(*diff.Change) string
	// rebuildDropsKept says whether a table rebuild drops objects of the
	// table that gen.yaml keep: names (they are then put back on both
	// sides of the plan so the rebuild re-creates them).
	rebuildDropsKept() bool
	// caselessNames says whether the database compares table names
	// without regard to case.
	caselessNames() bool
	// sessionTimeouts says whether the database takes SET lock_timeout
	// and statement_timeout, which gen puts before a migration's
	// statements.
	sessionTimeouts() bool
	// readsObjects says whether the inspector reads the catalog's objects
	// other than tables (views, functions, triggers, extensions), which
	// gen baseline adopts.
	readsObjects() bool
}

// A conn is an open connection of a dialect, and the implementations that
// work on it.
type conn interface {
	// inspect reads the live schema (introspect.Postgres, introspect.SQLite…).
	inspect(ctx context.Context, opts introspect.Options) (*schema.Schema, error)
	// prober is the live-check prober: read-only queries behind the
	// flags' figures.
	prober(schemaName string, opts diff.ProbeOptions) diff.Prober
	// driver is the migrations driver: version table, locking, applying.
	driver(schemaName string) migrations.Driver
	// objects reads the catalog objects other than tables; none on a
	// dialect whose readsObjects is false.
	objects(ctx context.Context, schemaName string, indexes func(table, index string) bool) ([]introspect.CatalogObject, error)
	// execSeed runs the statements of text in one transaction.
	execSeed(ctx context.Context, text string) error
	close()
}

// errMySQL is why a mysql:// URL is refused, for now.
var errMySQL = errors.New("MySQL is not supported yet; use a postgres:// or sqlite: URL")

// dialectFor returns the dialect of a parsed database URL. An unsupported
// dialect is a *ConfigError (exit 2), refused before anything connects.
func dialectFor(u *dburl.URL) (dialect, error) {
	switch u.Dialect {
	case dburl.Postgres:
		return postgresDialect{}, nil
	case dburl.SQLite:
		return sqliteDialect{}, nil
	case dburl.MySQL:
		return nil, &ConfigError{File: "database URL", Err: errMySQL}
	}
	return nil, &ConfigError{File: "database URL", Err: fmt.Errorf("%s databases are not supported; use a postgres:// or sqlite: URL", u.Dialect)}
}
