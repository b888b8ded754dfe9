package introspect

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"

	"github.com/genmigrate/gen/attr"
)

// SQLite reads the tables of the main database, in a constant number of
// queries (five, whatever the number of tables). Virtual tables, their
// shadow tables and SQLite's own sqlite_* tables are left out.
//
// Each query reads its own snapshot; pass a *sql.Tx to read all five from
// one, should another connection change the schema meanwhile.
func SQLite(ctx context.Context, db Querier, opts Options) (*schema.Schema, error) {
	in := &sqliteInspection{
		s:       &schema.Schema{Name: "main"},
		opts:    opts,
		tables:  make(map[string]*schema.Table),
		parsed:  make(map[*schema.Table]*createTable),
		indexes: make(map[*schema.Table]map[string]*sqliteIndex),
	}
	for _, q := range sqliteQueries {
		if err := in.query(ctx, db, q); err != nil {
			return nil, err
		}
	}
	in.finish()
	return in.s, nil
}

// sqliteTables selects the ordinary tables of the main database
// (pragma_table_list types them: table, view, virtual, shadow), without
// SQLite's own. Every query starts with it.
const sqliteTables = `WITH tbl AS (
	SELECT l.name, m.sql
	FROM pragma_table_list AS l
	JOIN sqlite_schema AS m ON m.name = l.name AND m.type = 'table'
	WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\_%' ESCAPE '\'
)
`

type sqliteQuery struct {
	what string
	sql  string
	scan func(in *sqliteInspection, rows *sql.Rows) error
}

// sqliteQueries are the catalog queries, in the order SQLite runs them.
var sqliteQueries = []sqliteQuery{
	{"tables", sqliteTables + `SELECT name, COALESCE(sql, '') FROM tbl ORDER BY name`, (*sqliteInspection).tableRows},
	{"columns", sqliteTables + `SELECT tbl.name, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
FROM tbl JOIN pragma_table_xinfo(tbl.name) AS c
ORDER BY tbl.name, c.cid`, (*sqliteInspection).columnRows},
	// Indexes, one row per key part; the rowid and other auxiliary columns
	// of index_xinfo (key = 0) are not key parts.
	{"indexes", sqliteTables + `SELECT tbl.name, il.name, il."unique", il.origin, il.partial, COALESCE(m.sql, ''),
	ix.seqno, ix.cid, ix.name, ix."desc", COALESCE(ix.coll, '')
FROM tbl
JOIN pragma_index_list(tbl.name) AS il
JOIN pragma_index_xinfo(il.name) AS ix
LEFT JOIN sqlite_schema AS m ON m.type = 'index' AND m.name = il.name
WHERE ix.key = 1
ORDER BY tbl.name, il.name, ix.seqno`, (*sqliteInspection).indexRows},
	{"foreign keys", sqliteTables + `SELECT tbl.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
FROM tbl JOIN pragma_foreign_key_list(tbl.name) AS f
ORDER BY tbl.name, f.id, f.seq`, (*sqliteInspection).foreignKeyRows},
	// Triggers, unmanaged (attr.Trigger): read so that a rebuild, whose
	// DROP TABLE drops them, can create them again.
	{"triggers", sqliteTables + `SELECT tbl.name, m.name, COALESCE(m.sql, '')
FROM tbl JOIN sqlite_schema AS m ON m.type = 'trigger' AND m.tbl_name = tbl.name COLLATE NOCASE
ORDER BY tbl.name, m.name`, (*sqliteInspection).triggerRows},
}

// sqliteInspection is the schema being built from the query results.
type sqliteInspection struct {
	s      *schema.Schema
	opts   Options
	tables map[string]*schema.Table // by lower-cased name
	parsed map[*schema.Table]*createTable
	// indexes are the indexes of each table, by name, as read.
	indexes map[*schema.Table]map[string]*sqliteIndex
	// fks are the foreign keys of each table, in pragma id order.
	fks   map[*schema.Table][]*sqliteFK
	stubs stubs
}

type sqliteIndex struct {
	idx    *schema.Index
	origin string // c (CREATE INDEX), u (UNIQUE), pk (PRIMARY KEY)
	def    *createIndex
}

type sqliteFK struct {
	id                 int
	refTable           string
	from, to           []string
	onUpdate, onDelete string
}

func (in *sqliteInspection) query(ctx context.Context, db Querier, q sqliteQuery) error {
	rows, err := db.QueryContext(ctx, q.sql)
	if err == nil {
		err = q.scan(in, rows)
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = rows.Err()
		}
	}
	if err != nil {
		return fmt.Errorf("introspect: sqlite: reading %s: %w", q.what, err)
	}
	return nil
}

// table returns the inspected table of that name; SQLite compares names
// case-insensitively.
func (in *sqliteInspection) table(name string) (*schema.Table, bool) {
	t, ok := in.tables[strings.ToLower(name)]
	return t, ok
}

func (in *sqliteInspection) tableRows(rows *sql.Rows) error {
	for rows.Next() {
		var name, src string
		if err := rows.Scan(&name, &src); err != nil {
			return err
		}
		if in.opts.excluded(name, true) {
			continue
		}
		t := &schema.Table{Name: name, Schema: in.s}
		in.s.Tables = append(in.s.Tables, t)
		in.tables[strings.ToLower(name)] = t
		in.parsed[t] = parseCreateTable(src)
	}
	return nil
}

func (in *sqliteInspection) columnRows(rows *sql.Rows) error {
	pks := make(map[*schema.Table][]*schema.Column)
	for rows.Next() {
		var (
			table, name, typ string
			notNull          bool
			def              sql.NullString
			pk, hidden       int
		)
		if err := rows.Scan(&table, &name, &typ, &notNull, &def, &pk, &hidden); err != nil {
			return err
		}
		t, ok := in.table(table)
		if !ok {
			continue
		}
		raw := strings.ToLower(strings.Join(strings.Fields(typ), " "))
		ct, err := sqlite.ParseType(raw)
		if err != nil {
			ct = &sqlite.UserDefinedType{T: raw}
		}
		c := &schema.Column{Name: name, Type: &schema.ColumnType{Type: ct, Raw: raw, Null: !notNull}}
		parsed := in.parsed[t]
		switch hidden {
		case 2, 3:
			g := &schema.GeneratedExpr{Type: "VIRTUAL"}
			if hidden == 3 {
				g.Type = "STORED"
			}
			if d := parsed.column(name); d != nil {
				g.Expr = d.generated
			}
			c.Attrs = append(c.Attrs, g)
		default:
			if def.Valid {
				c.Default = sqliteDefault(def.String)
			}
		}
		if pk > 0 {
			if strings.EqualFold(parsed.autoincrement, name) {
				c.Attrs = append(c.Attrs, &sqlite.AutoIncrement{})
			}
			for len(pks[t]) < pk {
				pks[t] = append(pks[t], nil)
			}
			pks[t][pk-1] = c
		}
		t.Columns = append(t.Columns, c)
	}
	for t, cols := range pks {
		pk := &schema.Index{Unique: true, Table: t}
		for i, c := range cols {
			if c == nil {
				return fmt.Errorf("table %q: primary key column %d not found", t.Name, i+1)
			}
			pk.Parts = append(pk.Parts, &schema.IndexPart{SeqNo: i, C: c})
		}
		t.PrimaryKey = pk
	}
	return nil
}

var (
	// reSQLiteNumber matches a numeric literal, signed, decimal or hex.
	reSQLiteNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?0[xX][0-9a-fA-F]+$`)
	// reSQLiteString matches one quoted string literal.
	reSQLiteString = regexp.MustCompile(`^'([^']|'')*'$`)
)

// sqliteDefault turns a dflt_value, SQL text as written after DEFAULT, into
// a *schema.Literal (numbers, quoted strings, booleans, as written) or a
// *schema.RawExpr (anything else, verbatim: CURRENT_TIMESTAMP,
// datetime('now')). An explicit NULL default is no default: nil.
func sqliteDefault(def string) schema.Expr {
	d := strings.TrimSpace(def)
	switch {
	case strings.EqualFold(d, "null"):
		return nil
	case reSQLiteNumber.MatchString(d), reSQLiteString.MatchString(d), strings.EqualFold(d, "true"), strings.EqualFold(d, "false"):
		return &schema.Literal{V: d}
	}
	return &schema.RawExpr{X: d}
}

func (in *sqliteInspection) indexRows(rows *sql.Rows) error {
	for rows.Next() {
		var (
			table, name, origin, src string
			unique, partial, desc    bool
			seqno, cid               int
			colName                  sql.NullString
			coll                     string
		)
		if err := rows.Scan(&table, &name, &unique, &origin, &partial, &src, &seqno, &cid, &colName, &desc, &coll); err != nil {
			return err
		}
		t, ok := in.table(table)
		if !ok {
			continue
		}
		if in.indexes[t] == nil {
			in.indexes[t] = make(map[string]*sqliteIndex)
		}
		si := in.indexes[t][name]
		if si == nil {
			si = &sqliteIndex{idx: &schema.Index{Name: name, Unique: unique, Table: t}, origin: origin, def: &createIndex{}}
			if src != "" {
				si.def = parseCreateIndex(src)
			}
			if partial && si.def.predicate != "" {
				si.idx.Attrs = append(si.idx.Attrs, &attr.IndexPredicate{P: si.def.predicate})
			}
			in.indexes[t][name] = si
		}
		p := &schema.IndexPart{SeqNo: seqno, Desc: desc}
		switch {
		case colName.Valid:
			c, ok := columnFold(t, colName.String)
			if !ok {
				return fmt.Errorf("index %q of table %q: column %q not found", name, t.Name, colName.String)
			}
			p.C = c
			// BINARY is SQLite's default; a column declared with another
			// collation passes it to its indexes, which gen's models do
			// not declare, so such a column shows as an index collation.
			if coll != "" && !strings.EqualFold(coll, "BINARY") {
				p.Attrs = append(p.Attrs, &attr.IndexCollation{Name: coll})
			}
		case cid == -1:
			p.X = &schema.RawExpr{X: "rowid"}
		case seqno < len(si.def.parts):
			p.X = &schema.RawExpr{X: si.def.parts[seqno]}
		default:
			return fmt.Errorf("index %q of table %q: cannot read the expression of key part %d from its CREATE INDEX text", name, t.Name, seqno)
		}
		si.idx.Parts = append(si.idx.Parts, p)
	}
	return nil
}

func (in *sqliteInspection) foreignKeyRows(rows *sql.Rows) error {
	in.fks = make(map[*schema.Table][]*sqliteFK)
	for rows.Next() {
		var (
			table, ref, from   string
			to                 sql.NullString
			id                 int
			onUpdate, onDelete string
		)
		if err := rows.Scan(&table, &id, &ref, &from, &to, &onUpdate, &onDelete); err != nil {
			return err
		}
		t, ok := in.table(table)
		if !ok {
			continue
		}
		fks := in.fks[t]
		if len(fks) == 0 || fks[len(fks)-1].id != id {
			fks = append(fks, &sqliteFK{id: id, refTable: ref, onUpdate: onUpdate, onDelete: onDelete})
			in.fks[t] = fks
		}
		fk := fks[len(fks)-1]
		fk.from = append(fk.from, from)
		fk.to = append(fk.to, to.String) // "" when the reference names no columns: the primary key
	}
	return nil
}

// triggerRows puts each table's triggers, in name order, in its Attrs.
func (in *sqliteInspection) triggerRows(rows *sql.Rows) error {
	for rows.Next() {
		var table, name, src string
		if err := rows.Scan(&table, &name, &src); err != nil {
			return err
		}
		if t, ok := in.table(table); ok {
			t.Attrs = append(t.Attrs, &attr.Trigger{Name: name, SQL: src})
		}
	}
	return nil
}

// finish assembles what needs all tables read: primary-key sort order,
// unique-constraint names, indexes in name order, foreign keys, checks.
func (in *sqliteInspection) finish() {
	for _, t := range in.s.Tables {
		parsed := in.parsed[t]
		names := make([]string, 0, len(in.indexes[t]))
		for n := range in.indexes[t] {
			names = append(names, n)
		}
		slices.Sort(names)
		used := make([]bool, len(parsed.uniques))
		for _, n := range names {
			si := in.indexes[t][n]
			switch si.origin {
			case "pk":
				// The index SQLite keeps for a non-rowid primary key: only
				// its sort order is news.
				if pk := t.PrimaryKey; pk != nil && len(pk.Parts) == len(si.idx.Parts) {
					for i, p := range si.idx.Parts {
						pk.Parts[i].Desc = p.Desc
					}
				}
				continue
			case "u":
				si.idx.Attrs = append(si.idx.Attrs, &attr.UniqueConstraint{})
				if i := matchUnique(parsed.uniques, used, si.idx); i >= 0 && parsed.uniques[i].name != "" {
					si.idx.Name = parsed.uniques[i].name
				}
			}
			t.Indexes = append(t.Indexes, si.idx)
		}
		// In name order, as PostgreSQL's are, now that unique constraints
		// carry their declared names.
		slices.SortFunc(t.Indexes, func(a, b *schema.Index) int { return strings.Compare(a.Name, b.Name) })
		if t.PrimaryKey != nil {
			linkIndex(t.PrimaryKey)
		}
		for _, idx := range t.Indexes {
			linkIndex(idx)
		}
		for _, c := range parsed.checks {
			t.Attrs = append(t.Attrs, &schema.Check{Name: c.name, Expr: c.expr})
		}
		in.foreignKeys(t)
	}
}

// matchUnique returns the first unused UNIQUE constraint of the CREATE
// TABLE text whose columns are those of idx, marking it used; -1 if none.
func matchUnique(uniques []namedColumns, used []bool, idx *schema.Index) int {
	for i, u := range uniques {
		if used[i] || len(u.columns) != len(idx.Parts) {
			continue
		}
		same := true
		for j, p := range idx.Parts {
			if p.C == nil || !strings.EqualFold(p.C.Name, u.columns[j]) {
				same = false
				break
			}
		}
		if same {
			used[i] = true
			return i
		}
	}
	return -1
}

// foreignKeys builds the foreign keys of t in the order the CREATE TABLE
// text declares them (pragma ids count backwards), named from that text.
func (in *sqliteInspection) foreignKeys(t *schema.Table) {
	parsed := in.parsed[t]
	fks := in.fks[t]
	used := make([]bool, len(parsed.foreignKeys))
	order := make(map[*sqliteFK]int, len(fks))
	names := make(map[*sqliteFK]string, len(fks))
	// The pragma lists the last declared first (id 0): walk it backwards
	// to meet them in declaration order. A foreign key the text does not
	// show sorts after the others.
	for _, f := range slices.Backward(fks) {
		order[f] = len(parsed.foreignKeys) + len(fks) - f.id
		for i, d := range parsed.foreignKeys {
			if !used[i] && strings.EqualFold(d.refTable, f.refTable) && slices.EqualFunc(d.columns, f.from, strings.EqualFold) {
				used[i] = true
				order[f], names[f] = i, d.name
				break
			}
		}
	}
	slices.SortStableFunc(fks, func(a, b *sqliteFK) int { return order[a] - order[b] })
	for _, f := range fks {
		fk := &schema.ForeignKey{
			Symbol:   names[f],
			Table:    t,
			OnUpdate: sqliteAction(f.onUpdate),
			OnDelete: sqliteAction(f.onDelete),
		}
		for _, n := range f.from {
			if c, ok := columnFold(t, n); ok {
				fk.Columns = append(fk.Columns, c)
			}
		}
		ref, inResult := in.table(f.refTable)
		if !inResult {
			ref = in.stubs.table(in.s, in.s.Name, f.refTable)
		}
		fk.RefTable = ref
		for i, n := range f.to {
			if n == "" && ref.PrimaryKey != nil && i < len(ref.PrimaryKey.Parts) {
				n = ref.PrimaryKey.Parts[i].C.Name
			}
			if n == "" {
				continue // a missing table, referenced without columns
			}
			c, ok := columnFold(ref, n)
			if !ok {
				c = stubColumn(ref, n)
			}
			fk.RefColumns = append(fk.RefColumns, c)
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
		linkForeignKey(fk)
	}
}

// columnFold returns the column of t with that name, compared
// case-insensitively as SQLite does.
func columnFold(t *schema.Table, name string) (*schema.Column, bool) {
	if c, ok := t.Column(name); ok {
		return c, true
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return nil, false
}

// sqliteAction maps a pragma_foreign_key_list action to a reference
// option; NO ACTION, the default, is empty.
func sqliteAction(a string) schema.ReferenceOption {
	if a = strings.ToUpper(a); a == "NO ACTION" || a == "" {
		return ""
	}
	return schema.ReferenceOption(a)
}
