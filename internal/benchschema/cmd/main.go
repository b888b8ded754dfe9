// Command cmd builds the no-op diff benchmark (package benchschema) for
// timing gen as a whole process:
//
//	go run ./internal/benchschema/cmd -n 1000 -schema gen_noop -app /tmp/noop
//
// It drops and recreates the schema with the n tables, writes a module
// with their GORM models in -app (go.mod, models/models.go, an empty
// migrations directory), and writes -app/catalog.sql: the catalog queries
// `gen diff --no-live-checks` sends to the server on that schema, captured
// from gen's own code as it runs them and with their parameters written in
// as literals, for psql to run as the yardstick. It prints the commands to
// run. -drop drops the schema and does nothing else.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/genmigrate/gen/internal/benchschema"
	"github.com/genmigrate/gen/internal/dburl"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
)

func main() {
	def := os.Getenv("GEN_TEST_POSTGRES_URL")
	if def == "" {
		def = "postgres://postgres@127.0.0.1:5432/test"
	}
	db := flag.String("db", def, "the PostgreSQL database (a URL without search_path)")
	schema := flag.String("schema", "gen_noop", "the schema to (re)create")
	n := flag.Int("n", 1000, "the number of tables")
	app := flag.String("app", "", "the directory to write the models module and catalog.sql in (required unless -drop)")
	drop := flag.Bool("drop", false, "only drop the schema")
	flag.Parse()
	if err := run(context.Background(), *db, *schema, *n, *app, *drop); err != nil {
		fmt.Fprintln(os.Stderr, "benchschema:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db, schema string, n int, app string, drop bool) error {
	if !drop && app == "" {
		return fmt.Errorf("-app is required: the directory to write the models in")
	}
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	ident := pgx.Identifier{schema}.Sanitize()
	if err := dropSchema(ctx, conn, schema); err != nil {
		return err
	}
	if drop {
		fmt.Printf("dropped schema %s; VACUUM FULL the catalogs before measuring anything else\n", schema)
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		return err
	}
	// One implicit transaction per chunk: all 10,000 tables at once take
	// more locks than max_locks_per_transaction allows.
	const chunk = 100
	start := time.Now()
	for i := 0; i < n; i += chunk {
		sql := benchschema.DDLRange(schema, i, min(i+chunk, n))
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("creating tables %d–%d: %w", i, min(i+chunk, n)-1, err)
		}
	}
	if _, err := conn.Exec(ctx, benchschema.AnalyzeCatalog); err != nil {
		return err
	}
	fmt.Printf("created %d tables in schema %s in %s\n", n, schema, time.Since(start).Round(time.Millisecond))
	if err := benchschema.WriteModule(app, n); err != nil {
		return err
	}
	gdb, err := withSearchPath(db, schema)
	if err != nil {
		return err
	}
	sql, err := catalogSQL(ctx, gdb, filepath.Join(app, "migrations"))
	if err != nil {
		return err
	}
	catalog := filepath.Join(app, "catalog.sql")
	if err := os.WriteFile(catalog, []byte(sql), 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote the models module in %s and the catalog queries in %s\n\n", app, catalog)
	fmt.Printf("  gen -C %s --db '%s' diff --no-live-checks\n", app, gdb)
	fmt.Printf("  psql -qAt -o /dev/null '%s' -f %s\n", db, catalog)
	return nil
}

// dropSchema drops schema if it exists. DROP SCHEMA … CASCADE of 10,000
// tables takes more locks than max_locks_per_transaction allows, so when
// it fails the tables go first, 100 at a time.
func dropSchema(ctx context.Context, conn *pgx.Conn, schema string) error {
	drop := "DROP SCHEMA IF EXISTS " + pgx.Identifier{schema}.Sanitize() + " CASCADE"
	if _, err := conn.Exec(ctx, "SET client_min_messages = warning"); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, drop); err == nil {
		return nil
	}
	rows, err := conn.Query(ctx, `SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`, schema)
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for len(tables) > 0 {
		k := min(len(tables), 100)
		names := make([]string, k)
		for i, t := range tables[:k] {
			names[i] = pgx.Identifier{schema, t}.Sanitize()
		}
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+strings.Join(names, ", ")+" CASCADE"); err != nil {
			return err
		}
		tables = tables[k:]
	}
	_, err = conn.Exec(ctx, drop)
	return err
}

// withSearchPath returns db with search_path set to schema.
func withSearchPath(db, schema string) (string, error) {
	u, err := url.Parse(db)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// catalogSQL runs the database side of a no-op `gen diff --no-live-checks`
// (the migrations status, then the introspection), the way Project.Draft
// runs it, on a connection that records every statement, and returns the
// statements as a psql script, their parameters written in as literals.
func catalogSQL(ctx context.Context, db, migrationsDir string) (string, error) {
	u, err := dburl.Parse(db)
	if err != nil {
		return "", err
	}
	cfg, err := pgx.ParseConfig(u.DSN)
	if err != nil {
		return "", err
	}
	rec := &recorder{}
	cfg.Tracer = rec
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	dir, err := migrations.OpenDirOrEmpty(migrationsDir)
	if err != nil {
		return "", err
	}
	m, err := migrations.New(dir, migrations.NewPostgres(conn, u.Schema))
	if err != nil {
		return "", err
	}
	if _, err := m.Status(ctx); err != nil {
		return "", err
	}
	if _, err := introspect.Postgres(ctx, conn, introspect.Options{Schema: u.Schema, Exclude: []string{migrations.VersionTable}}); err != nil {
		return "", err
	}
	if rec.err != nil {
		return "", rec.err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- The catalog queries of `gen diff --no-live-checks` on schema %s, as gen sent them\n-- (written by internal/benchschema/cmd; parameters filled in).\n", u.Schema)
	for _, s := range rec.stmts {
		b.WriteString(s)
		b.WriteString(";\n")
	}
	return b.String(), nil
}

// recorder is a pgx tracer that keeps every statement sent, alone or in a
// batch, with its arguments substituted.
type recorder struct {
	stmts []string
	err   error
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.add(d.SQL, d.Args)
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *recorder) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (r *recorder) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	r.add(d.SQL, d.Args)
}

func (r *recorder) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

var param = regexp.MustCompile(`\$([0-9]+)`)

func (r *recorder) add(sql string, args []any) {
	sql = param.ReplaceAllStringFunc(sql, func(p string) string {
		i, _ := strconv.Atoi(p[1:])
		if i < 1 || i > len(args) {
			r.err = fmt.Errorf("statement has %s but %d arguments: %s", p, len(args), sql)
			return p
		}
		lit, err := literal(args[i-1])
		if err != nil {
			r.err = err
		}
		return lit
	})
	r.stmts = append(r.stmts, strings.TrimRight(sql, "; \n\t"))
}

// literal writes a statement argument as an SQL literal.
func literal(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'", nil
	case int, int32, int64:
		return fmt.Sprint(v), nil
	case bool:
		return strconv.FormatBool(v), nil
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i], _ = literal(s)
		}
		return "ARRAY[" + strings.Join(parts, ", ") + "]::text[]", nil
	}
	return "", fmt.Errorf("no literal for an argument of type %T", v)
}
