package gen

import (
	"context"
	"time"

	"ariga.io/atlas/sql/schema"
	"github.com/jackc/pgx/v5"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
)

// postgresDialect is PostgreSQL through pgx's native connection.
type postgresDialect struct{}

func (postgresDialect) name() string                        { return "postgres" }
func (postgresDialect) rebuilds() func(*diff.Change) string { return nil }
func (postgresDialect) rebuildDropsKept() bool              { return false }
func (postgresDialect) caselessNames() bool                 { return false }
func (postgresDialect) sessionTimeouts() bool               { return true }
func (postgresDialect) readsObjects() bool                  { return true }

func (postgresDialect) open(ctx context.Context, p *Project, _ access) (conn, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, p.url.DSN)
	if err != nil {
		return nil, &ConnectError{URL: p.url.String(), Err: err}
	}
	return pgConn{c}, nil
}

type pgConn struct{ c *pgx.Conn }

func (c pgConn) inspect(ctx context.Context, opts introspect.Options) (*schema.Schema, error) {
	return introspect.Postgres(ctx, c.c, opts)
}

func (c pgConn) prober(schemaName string, opts diff.ProbeOptions) diff.Prober {
	return introspect.NewPostgresProber(c.c, schemaName, opts)
}

func (c pgConn) driver(schemaName string) migrations.Driver {
	return migrations.NewPostgres(c.c, schemaName)
}

func (c pgConn) objects(ctx context.Context, schemaName string, indexes func(table, index string) bool) ([]introspect.CatalogObject, error) {
	return introspect.PostgresObjects(ctx, c.c, schemaName, indexes)
}

func (c pgConn) execSeed(ctx context.Context, text string) error {
	tx, err := c.c.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// Without arguments pgx uses the simple protocol, which takes
	// several statements at once.
	if _, err := tx.Exec(ctx, text); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func (c pgConn) close() { c.c.Close(context.Background()) }
