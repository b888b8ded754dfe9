package gen

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
)

// This file is what gen manages of a database (DESIGN.md, "Ownership"):
// gen.yaml exclude: and other migration tools' version tables keep whole
// tables out of the live schema; keep: takes single objects out of the
// comparison of a managed table.

// An Exclusion is a table of the database that gen leaves out, and why.
type Exclusion struct {
	Table string
	// Entry is the gen.yaml exclude: entry that matched; empty for another
	// tool's version table.
	Entry string
	// Tool names the migration tool whose version table it is ("goose").
	Tool string
}

// String says which table and why: "goose_db_version: goose's version
// table", "legacy_orders: gen.yaml exclude: legacy_*".
func (e Exclusion) String() string {
	if e.Tool != "" {
		return fmt.Sprintf("%s: %s's version table", e.Table, e.Tool)
	}
	return fmt.Sprintf("%s: gen.yaml exclude: %s", e.Table, e.Entry)
}

// A toolTable is the version table another migration tool creates, as its
// source creates it. A table of that name is that tool's when it has at
// least these columns (matched by name, without case): a user's table
// that merely shares the name stays managed.
type toolTable struct {
	tool, name string
	columns    []string
	// only: the table has exactly these columns and they are its primary
	// key, of a string type (gormigrate's name, "migrations", is common).
	only bool
}

// toolTables are the version tables gen leaves out by default, read from
// each tool's source (snapshots of 2025):
//   - pressly/goose internal/dialects/postgres.go, sqlite3.go (CreateTable);
//     table name DefaultTablename in provider_options.go.
//   - golang-migrate/migrate database/postgres/postgres.go
//     (ensureVersionTable: version bigint primary key, dirty boolean),
//     database/sqlite3/sqlite3.go (version uint64, dirty bool);
//     DefaultMigrationsTable.
//   - uptrace/bun migrate/migration.go (type Migration: Comment is
//     bun:"-"), migrate/migrator.go (type migrationLock, defaultTable,
//     defaultLocksTable).
//   - go-gormigrate/gormigrate gormigrate.go (model(): one string field ID,
//     primaryKey, size 255; DefaultOptions TableName "migrations",
//     IDColumnName "id").
//   - sqlalchemy/alembic alembic/ddl/impl.py (version_table_impl:
//     version_num String(32) NOT NULL, primary key), alembic/runtime/
//     migration.py (version_table "alembic_version").
//   - ariga/atlas cmd/atlas/internal/migrate/ent/migrate/schema.go
//     (AtlasSchemaRevisionsColumns; the column is error_stmt, singular).
//   - flyway/flyway flyway-database-postgresql/.../PostgreSQLDatabase.java
//     (getRawCreateScript); default table flyway_schema_history
//     (Configuration.getTable).
var toolTables = []toolTable{
	{tool: "goose", name: "goose_db_version", columns: []string{"id", "version_id", "is_applied", "tstamp"}},
	{tool: "golang-migrate", name: "schema_migrations", columns: []string{"version", "dirty"}},
	{tool: "Bun", name: "bun_migrations", columns: []string{"id", "name", "group_id", "migrated_at"}},
	{tool: "Bun", name: "bun_migration_locks", columns: []string{"id", "table_name"}},
	{tool: "gormigrate", name: "migrations", columns: []string{"id"}, only: true},
	{tool: "Alembic", name: "alembic_version", columns: []string{"version_num"}},
	{tool: "Atlas", name: "atlas_schema_revisions", columns: []string{"version", "description", "type", "applied", "total",
		"executed_at", "execution_time", "error", "error_stmt", "hash", "partial_hashes", "operator_version"}},
	{tool: "Flyway", name: "flyway_schema_history", columns: []string{"installed_rank", "version", "description", "type",
		"script", "checksum", "installed_by", "installed_on", "execution_time", "success"}},
}

// toolOf returns the tool whose version table t is, or "". caseless
// compares the table name as SQLite does; column names are always
// compared without case.
func toolOf(t *schema.Table, caseless bool) string {
	for _, tt := range toolTables {
		if !introspect.MatchTable(tt.name, t.Name, caseless) || !tt.shaped(t) {
			continue
		}
		return tt.tool
	}
	return ""
}

func (tt toolTable) shaped(t *schema.Table) bool {
	has := func(name string) (*schema.Column, bool) {
		i := slices.IndexFunc(t.Columns, func(c *schema.Column) bool { return strings.EqualFold(c.Name, name) })
		if i < 0 {
			return nil, false
		}
		return t.Columns[i], true
	}
	for _, c := range tt.columns {
		if _, ok := has(c); !ok {
			return false
		}
	}
	if !tt.only {
		return true
	}
	if len(t.Columns) != len(tt.columns) || t.PrimaryKey == nil || len(t.PrimaryKey.Parts) != len(tt.columns) {
		return false
	}
	for _, p := range t.PrimaryKey.Parts {
		if p.C == nil || p.C.Type == nil {
			return false
		}
		if _, ok := p.C.Type.Type.(*schema.StringType); !ok {
			return false
		}
	}
	return true
}

// caseless says whether the dialect compares table names without case.
func (p *Project) caseless() bool { return p.dialect.caselessNames() }

// inspect reads the live schema gen manages: without gen's version table,
// without the tables gen.yaml excludes, and without other tools' version
// tables unless declared (the desired schema, nil when there are no
// models at hand) names them. It returns the tables it left out.
func (p *Project) inspect(ctx context.Context, d *db, declared *schema.Schema) (*schema.Schema, []Exclusion, error) {
	s, out, err := p.readCatalog(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	s, out = p.scope(s, out, declared)
	return s, out, nil
}

// readCatalog reads the live schema without gen's version and progress tables and the
// gen.yaml exclusions: the part of inspect that needs no models, so that
// it can run while they load.
func (p *Project) readCatalog(ctx context.Context, d *db) (*schema.Schema, []Exclusion, error) {
	var out []Exclusion
	exclude := append([]string{VersionTable, migrations.ProgressTable}, p.cfg.Exclude...)
	s, err := d.inspect(ctx, exclude, func(table, entry string) {
		if entry != VersionTable && entry != migrations.ProgressTable {
			out = append(out, Exclusion{Table: table, Entry: entry})
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return s, out, nil
}

// scope leaves out of s the other tools' version tables the models do
// not declare (see inspect).
func (p *Project) scope(s *schema.Schema, out []Exclusion, declared *schema.Schema) (*schema.Schema, []Exclusion) {
	kept := s.Tables[:0]
	var declares tableSet
	if declared != nil {
		declares = p.tableSet(declared)
	}
	for _, t := range s.Tables {
		if declared != nil && declares.has(t.Name) {
			kept = append(kept, t)
			continue
		}
		if tool := toolOf(t, p.caseless()); tool != "" {
			out = append(out, Exclusion{Table: t.Name, Tool: tool})
			continue
		}
		kept = append(kept, t)
	}
	clear(s.Tables[len(kept):])
	s.Tables = kept
	return s, out
}

// table returns the table of s with that name, as the dialect compares
// names; nil when there is none.
func (p *Project) table(s *schema.Schema, name string) *schema.Table {
	for _, t := range s.Tables {
		if name == t.Name || p.caseless() && strings.EqualFold(name, t.Name) {
			return t
		}
	}
	return nil
}

// excludeConflicts refuses models that declare a table gen.yaml excludes.
// The two say opposite things: the models ask gen to create and change the
// table, exclude: asks it never to touch it. Letting either win silently
// hides a mistake (a glob broader than meant, or a model left behind), and
// the wrong winner either drops a table gen was told to leave alone from
// the plan or loses a model, so it is an error naming both, with the fix.
// Other tools' version tables are different: they are excluded only by
// default, so a model declaring one wins (see inspect).
func (p *Project) excludeConflicts(desired *schema.Schema) error {
	var msgs []string
	first := -1
	for i, e := range p.cfg.Exclude {
		for _, t := range desired.Tables {
			if !introspect.MatchTable(e, t.Name, p.caseless()) {
				continue
			}
			if first < 0 {
				first = i
			}
			msgs = append(msgs, fmt.Sprintf("%q matches table %s, which the models declare (%s)", e, t.Name, declaredAt(t)))
		}
	}
	if first < 0 {
		return nil
	}
	return p.cfg.entryError("exclude", first, fmt.Errorf("%s: remove the entry (or narrow the pattern) for gen to manage the table, or remove the model for gen to leave it alone",
		strings.Join(msgs, "; ")))
}

// declaredAt names the model of t for messages: "User at models/user.go:3:6".
func declaredAt(t *schema.Table) string {
	var where string
	if pos, ok := t.Pos(); ok {
		where = fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Start.Line, pos.Start.Column)
	}
	if g, ok := attr.Get[*attr.GoName](t.Attrs); ok {
		if where == "" {
			return g.Type
		}
		return g.Type + " at " + where
	}
	if where == "" {
		return "a model"
	}
	return where
}
