package introspect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
)

// Options scopes an inspection.
type Options struct {
	// Schema is the PostgreSQL schema to inspect (e.g. "public"). Empty
	// means the connection's current_schema(). Ignored on SQLite, whose
	// schema is always "main".
	Schema string
	// Exclude lists the tables to leave out: names (gen's version table,
	// "gen_migrations") and path.Match patterns ("legacy_*"), matched as
	// MatchTable does. SQLite's own sqlite_* tables are always left out.
	Exclude []string
	// Excluded, when set, is called for each table Exclude leaves out,
	// with the entry that matched it (not for SQLite's own tables).
	Excluded func(table, entry string)
}

// excluded reports whether opts leaves the table out, and tells
// o.Excluded. caseless compares names as SQLite does.
func (o Options) excluded(name string, caseless bool) bool {
	for _, e := range o.Exclude {
		if MatchTable(e, name, caseless) {
			if o.Excluded != nil {
				o.Excluded(name, e)
			}
			return true
		}
	}
	return false
}

// MatchTable reports whether the table name matches entry: the same name,
// or, when entry holds a metacharacter of path.Match (* ? [ or a
// backslash), a name the pattern matches. A malformed pattern matches
// nothing; config readers check patterns with ValidTablePattern. caseless
// compares without case, as SQLite compares table names; PostgreSQL's are
// exact.
func MatchTable(entry, name string, caseless bool) bool {
	if !strings.ContainsAny(entry, `*?[\`) {
		if caseless {
			return strings.EqualFold(entry, name)
		}
		return entry == name
	}
	if caseless {
		entry, name = strings.ToLower(entry), strings.ToLower(name)
	}
	ok, err := path.Match(entry, name)
	return ok && err == nil
}

// ValidTablePattern returns an error when entry is not a pattern MatchTable
// can use.
func ValidTablePattern(entry string) error {
	if entry == "" {
		return errors.New("an empty table name")
	}
	if _, err := path.Match(entry, ""); err != nil {
		return fmt.Errorf("%q is not a valid pattern (path.Match: * ? [a-z] and \\ to escape)", entry)
	}
	return nil
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
