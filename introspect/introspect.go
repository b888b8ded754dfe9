package introspect

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"ariga.io/atlas/sql/schema"
)

// Options scopes an inspection.
type Options struct {
	// Schema is the PostgreSQL schema to inspect (e.g. "public"). Empty
	// means the connection's current_schema(). Ignored on SQLite, whose
	// schema is always "main".
	Schema string
	// Exclude lists table names to leave out (gen's version table,
	// "gen_migrations"). SQLite's own sqlite_* tables are always left out.
	Exclude []string
}

// excluded reports whether opts leaves the table out. fold compares names
// case-insensitively, as SQLite does.
func (o Options) excluded(name string, fold func(a, b string) bool) bool {
	return slices.ContainsFunc(o.Exclude, func(e string) bool { return fold(e, name) })
}

// Querier is what SQLite needs: *sql.DB, *sql.Conn and *sql.Tx satisfy it.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

var (
	_ Querier = (*sql.DB)(nil)
	_ Querier = (*sql.Conn)(nil)
	_ Querier = (*sql.Tx)(nil)
)

// ErrSchemaNotFound is returned by Postgres when the schema to inspect does
// not exist.
var ErrSchemaNotFound = errors.New("introspect: schema not found")

// linkIndex adds idx to the Indexes of the columns it covers.
func linkIndex(idx *schema.Index) {
	for _, p := range idx.Parts {
		if p.C != nil && !slices.Contains(p.C.Indexes, idx) {
			p.C.Indexes = append(p.C.Indexes, idx)
		}
	}
}

// linkForeignKey adds fk to the ForeignKeys of its columns.
func linkForeignKey(fk *schema.ForeignKey) {
	for _, c := range fk.Columns {
		c.ForeignKeys = append(c.ForeignKeys, fk)
	}
}

// stubs holds the tables that foreign keys reference outside the inspected
// result: a table of another schema, or one left out by Exclude. Each is a
// *schema.Table with its name, its schema and the referenced columns only.
type stubs struct {
	schemas map[string]*schema.Schema
	tables  map[[2]string]*schema.Table
}

// table returns the stub of table name in schema ns. own is the inspected
// schema: a stub in it points to it without being listed in its Tables.
func (st *stubs) table(own *schema.Schema, ns, name string) *schema.Table {
	if st.tables == nil {
		st.tables = make(map[[2]string]*schema.Table)
		st.schemas = make(map[string]*schema.Schema)
	}
	k := [2]string{ns, name}
	if t, ok := st.tables[k]; ok {
		return t
	}
	s := own
	if ns != own.Name {
		if s = st.schemas[ns]; s == nil {
			s = &schema.Schema{Name: ns}
			st.schemas[ns] = s
		}
	}
	t := &schema.Table{Name: name, Schema: s}
	st.tables[k] = t
	return t
}

// column returns the column of a stub table, adding it on first use.
func stubColumn(t *schema.Table, name string) *schema.Column {
	if c, ok := t.Column(name); ok {
		return c
	}
	c := &schema.Column{Name: name}
	t.Columns = append(t.Columns, c)
	return c
}
