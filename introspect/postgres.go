package introspect

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"github.com/jackc/pgx/v5"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/sqllex"
	"github.com/genmigrate/gen/internal/typecache"
)

// Postgres reads the tables of opts.Schema. The number of catalog queries is
// constant: it does not grow with the number of tables. The queries go to
// the server as one batch, in one round trip; Postgres runs no statement
// that changes the session (no SET, no BEGIN), so it can be called on a
// connection that is inside a transaction (a REPEATABLE READ one makes all
// the queries read one snapshot).
//
// When the schema does not exist, the error wraps ErrSchemaNotFound.
func Postgres(ctx context.Context, conn *pgx.Conn, opts Options) (*schema.Schema, error) {
	b := &pgx.Batch{}
	version := pgServerVersion(conn)
	for _, q := range pgQueries {
		b.Queue(pgQueryFor(q.sql, version), opts.Schema)
	}
	br := conn.SendBatch(ctx, b)
	s, err := pgRead(br, opts)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("introspect: postgres: reading the catalog: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// pgTables selects the tables an inspection covers: ordinary and
// partitioned tables of the schema, without partitions (they belong to
// their parent) and without tables an extension owns (PostGIS's
// spatial_ref_sys is not the user's to drop). Every query starts with it.
const pgTables = `WITH tbl AS MATERIALIZED (
	SELECT c.oid, c.relname, c.relnamespace
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
	AND c.relkind IN ('r', 'p')
	AND NOT c.relispartition
	AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_depend d
		WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
	)
)
`

// pgServerVersion is the server's version as server_version_num counts
// it (150004 for 15.4), read from the server_version the server reports
// at connection (no query); 0 when it cannot be read.
func pgServerVersion(conn *pgx.Conn) int {
	return parseServerVersion(conn.PgConn().ParameterStatus("server_version"))
}

// parseServerVersion reads "15.4 (Debian 15.4-1)", "13.12" or "9.6.24" as
// server_version_num would: 150004, 130012, 90624.
func parseServerVersion(v string) int {
	v, _, _ = strings.Cut(strings.TrimSpace(v), " ")
	var nums []int
	for _, f := range strings.Split(v, ".") {
		n := 0
		for _, r := range f {
			if r < '0' || r > '9' {
				break
			}
			n = n*10 + int(r-'0')
		}
		nums = append(nums, n)
	}
	switch {
	case len(nums) == 0:
		return 0
	case nums[0] >= 10:
		if len(nums) > 1 {
			return nums[0]*10000 + nums[1]
		}
		return nums[0] * 10000
	case len(nums) >= 3:
		return nums[0]*10000 + nums[1]*100 + nums[2]
	case len(nums) == 2:
		return nums[0]*10000 + nums[1]*100
	}
	return nums[0] * 10000
}

// pgQueryFor adapts a catalog query to the server's version: before
// PostgreSQL 15 pg_index has no indnullsnotdistinct (every index treats
// NULLs as distinct), so the query reads false instead. An unknown
// version (0) is taken as the oldest supported.
func pgQueryFor(sql string, version int) string {
	if version < 150000 {
		sql = strings.ReplaceAll(sql, "i.indnullsnotdistinct", "false")
	}
	return sql
}

type pgQuery struct {
	what string
	sql  string
	scan func(in *pgInspection, rows pgx.Rows) error
}

// pgQueries are the catalog queries, in the order pgRead reads them. Each
// covers every table of the schema at once. Columns are named by attnum in
// the later queries and resolved from the columns query, which spares the
// server a pg_attribute lookup per index and constraint key.
var pgQueries = []pgQuery{
	{"the schema", `SELECT n.nspname, pg_catalog.current_schemas(true)::text[]
FROM pg_catalog.pg_namespace n
WHERE n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())`, (*pgInspection).schema},

	{"tables", pgTables + `SELECT tbl.oid, tbl.relname, d.description
FROM tbl
LEFT JOIN pg_catalog.pg_description d
	ON d.objoid = tbl.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
ORDER BY tbl.relname`, (*pgInspection).tableRows},

	// Enum types of the schema, and those of other schemas that its
	// columns (or their array elements) use.
	{"enum types", pgTables + `, used AS (
	SELECT t.oid, t.typelem
	FROM tbl
	JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl.oid AND a.attnum > 0 AND NOT a.attisdropped
	JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
)
SELECT t.oid, t.typname, n.nspname,
	COALESCE(array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FILTER (WHERE e.enumlabel IS NOT NULL), '{}')
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND (
	(n.nspname = COALESCE(NULLIF($1::text, ''), current_schema()) AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_depend d
		WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
	))
	OR t.oid IN (SELECT oid FROM used)
	OR t.oid IN (SELECT typelem FROM used)
)
GROUP BY t.oid, t.typname, n.nspname
ORDER BY t.typname, n.nspname`, (*pgInspection).enumRows},

	// Columns. seq is the sequence a column's default depends on when the
	// column owns it (pg_depend 'a' from the sequence to the column): that
	// column is a serial. It is a scalar subquery, run only for nextval()
	// defaults, so that its plan is a few index probes whatever the
	// catalog statistics say (a join let the planner start from every
	// default of the database when pg_depend's statistics were stale).
	{"columns", pgTables + `SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
	pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text, a.attgenerated::text,
	d.description,
	CASE WHEN t.typtype = 'e' THEN t.oid END,
	CASE WHEN et.typtype = 'e' THEN et.oid END,
	CASE WHEN t.typtype = 'd' THEN t.oid END,
	CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
	t.typnotnull, CASE WHEN t.typtype = 'd' THEN pg_catalog.pg_get_expr(t.typdefaultbin, 0) END,
	CASE WHEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%' THEN (
		SELECT s.relname
		FROM pg_catalog.pg_depend dd
		JOIN pg_catalog.pg_class s ON s.oid = dd.refobjid AND s.relkind = 'S'
		JOIN pg_catalog.pg_depend own
			ON own.classid = 'pg_catalog.pg_class'::regclass AND own.objid = s.oid
			AND own.refclassid = 'pg_catalog.pg_class'::regclass AND own.refobjid = ad.adrelid
			AND own.refobjsubid = ad.adnum AND own.deptype = 'a'
		WHERE dd.classid = 'pg_catalog.pg_attrdef'::regclass AND dd.objid = ad.oid
		AND dd.refclassid = 'pg_catalog.pg_class'::regclass
		LIMIT 1
	) END
FROM tbl
JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl.oid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d
	ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`, (*pgInspection).columnRows},

	// Indexes, with the primary key or unique constraint each one backs.
	// Per key column: its attnum (0 for an expression), the text
	// pg_get_indexdef prints for an expression, its indoption (bit 0
	// is DESC), and its collation when it is not the column's own; then
	// the index's storage parameters; then the attnums of its INCLUDE
	// columns, per key column its operator class when it is not the
	// default one for the column's type (qualified when the search_path
	// does not see it, as pg_get_indexdef prints it), NULLS NOT DISTINCT
	// (PostgreSQL 15+; pgQueryFor reads false before), and whether the
	// constraint is DEFERRABLE and INITIALLY DEFERRED. Exclusion
	// constraints are not read.
	{"indexes", pgTables + `SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary, am.amname,
	pg_catalog.pg_get_expr(i.indpred, i.indrelid),
	con.contype::text, con.conname,
	(i.indkey::int2[])[0:i.indnkeyatts - 1],
	ARRAY(
		SELECT CASE WHEN i.indkey[k] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k + 1, true) ELSE '' END
		FROM generate_series(0, i.indnkeyatts - 1) k ORDER BY k
	),
	(i.indoption::int2[])[0:i.indnkeyatts - 1],
	ARRAY(
		SELECT CASE WHEN i.indkey[k] <> 0 AND i.indcollation[k] <> 0 AND i.indcollation[k] <> a.attcollation
			THEN co.collname::text ELSE '' END
		FROM generate_series(0, i.indnkeyatts - 1) k
		LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]
		LEFT JOIN pg_catalog.pg_collation co ON co.oid = i.indcollation[k]
		ORDER BY k
	),
	ic.reloptions, i.indisvalid,
	(i.indkey::int2[])[i.indnkeyatts:i.indnatts - 1],
	ARRAY(
		SELECT CASE WHEN opc.opcdefault THEN ''
			WHEN pg_catalog.pg_opclass_is_visible(opc.oid) THEN pg_catalog.quote_ident(opc.opcname)
			ELSE pg_catalog.quote_ident(ocn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END
		FROM generate_series(0, i.indnkeyatts - 1) k
		JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k]
		JOIN pg_catalog.pg_namespace ocn ON ocn.oid = opc.opcnamespace
		ORDER BY k
	),
	i.indnullsnotdistinct, COALESCE(con.condeferrable, false), COALESCE(con.condeferred, false)
FROM tbl
JOIN pg_catalog.pg_index i ON i.indrelid = tbl.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')
WHERE NOT i.indisexclusion
ORDER BY i.indrelid, ic.relname`, (*pgInspection).indexRows},

	// Foreign keys and CHECK constraints, with DEFERRABLE and INITIALLY
	// DEFERRED. The names of referenced columns are read here only for
	// tables the columns query does not cover.
	{"constraints", pgTables + `SELECT con.conrelid, con.conname, con.contype::text,
	CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) ELSE '' END,
	con.conkey, con.confrelid, rc.relname, rn.nspname, con.confkey,
	CASE WHEN con.contype = 'f' AND con.confrelid NOT IN (SELECT oid FROM tbl) THEN ARRAY(
		SELECT a.attname::text
		FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
		ORDER BY k.n
	) END,
	con.confupdtype::text, con.confdeltype::text, con.condeferrable, con.condeferred
FROM tbl
JOIN pg_catalog.pg_constraint con ON con.conrelid = tbl.oid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('f', 'c')
ORDER BY con.conrelid, con.conname`, (*pgInspection).constraintRows},

	pgDependentsQuery,
}

// pgInspection is the schema being built from the query results.
type pgInspection struct {
	s      *schema.Schema
	opts   Options
	tables map[uint32]*schema.Table
	enums  map[uint32]*schema.EnumType
	// domains are the domain types columns use, by oid.
	domains map[uint32]*postgres.DomainType
	// attnames names the columns of every table the queries cover,
	// excluded ones included, by table oid and attnum.
	attnames map[uint32]map[int16]string

	stubs stubs
}

// pgRead reads the results of pgQueries from br, in order.
func pgRead(br pgx.BatchResults, opts Options) (*schema.Schema, error) {
	in := &pgInspection{
		opts:     opts,
		tables:   make(map[uint32]*schema.Table),
		enums:    make(map[uint32]*schema.EnumType),
		domains:  make(map[uint32]*postgres.DomainType),
		attnames: make(map[uint32]map[int16]string),
	}
	for i, q := range pgQueries {
		rows, err := br.Query()
		if err == nil {
			err = q.scan(in, rows)
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
		}
		if err != nil {
			return nil, fmt.Errorf("introspect: postgres: reading %s: %w", q.what, err)
		}
		if i == 0 && in.s == nil {
			return nil, in.noSchema()
		}
	}
	return in.s, nil
}

func (in *pgInspection) noSchema() error {
	if in.opts.Schema == "" {
		return fmt.Errorf("%w: no schema on the connection's search_path exists: create one, or name an existing schema in the search_path parameter of the database URL", ErrSchemaNotFound)
	}
	return fmt.Errorf("%w: schema %q does not exist: create it (CREATE SCHEMA %s) or name an existing schema in the search_path parameter of the database URL",
		ErrSchemaNotFound, in.opts.Schema, pgx.Identifier{in.opts.Schema}.Sanitize())
}

func (in *pgInspection) schema(rows pgx.Rows) error {
	for rows.Next() {
		var (
			name string
			path []string
		)
		if err := rows.Scan(&name, &path); err != nil {
			return err
		}
		in.s = &schema.Schema{Name: name, Attrs: []schema.Attr{&attr.SearchPath{Schemas: path}}}
	}
	return nil
}

func (in *pgInspection) tableRows(rows pgx.Rows) error {
	for rows.Next() {
		var (
			oid     uint32
			name    string
			comment *string
		)
		if err := rows.Scan(&oid, &name, &comment); err != nil {
			return err
		}
		if in.opts.excluded(name, false) {
			continue
		}
		t := &schema.Table{Name: name, Schema: in.s}
		if comment != nil {
			t.Attrs = append(t.Attrs, &schema.Comment{Text: *comment})
		}
		in.s.Tables = append(in.s.Tables, t)
		in.tables[oid] = t
	}
	return nil
}

func (in *pgInspection) enumRows(rows pgx.Rows) error {
	others := make(map[string]*schema.Schema)
	for rows.Next() {
		var (
			oid      uint32
			name, ns string
			values   []string
		)
		if err := rows.Scan(&oid, &name, &ns, &values); err != nil {
			return err
		}
		e := &schema.EnumType{T: name, Values: values, Schema: in.s}
		if ns == in.s.Name {
			in.s.Objects = append(in.s.Objects, e)
		} else {
			// An enum of another schema that a column uses: linked from
			// the column, not listed among this schema's objects.
			if others[ns] == nil {
				others[ns] = &schema.Schema{Name: ns}
			}
			e.Schema = others[ns]
		}
		in.enums[oid] = e
	}
	return nil
}

func (in *pgInspection) columnRows(rows pgx.Rows) error {
	for rows.Next() {
		var (
			relid                uint32
			attnum               int16
			name, ftype          string
			notNull              bool
			def, comment, seq    *string
			identity, generated  string
			enumOID, enumElemOID *uint32
			domOID               *uint32
			domBase, domDefault  *string
			domNotNull           bool
		)
		if err := rows.Scan(&relid, &attnum, &name, &ftype, &notNull, &def, &identity, &generated, &comment, &enumOID, &enumElemOID,
			&domOID, &domBase, &domNotNull, &domDefault, &seq); err != nil {
			return err
		}
		if in.attnames[relid] == nil {
			in.attnames[relid] = make(map[int16]string)
		}
		in.attnames[relid][attnum] = name
		t, ok := in.tables[relid]
		if !ok {
			continue
		}
		c := &schema.Column{Name: name, Type: &schema.ColumnType{Null: !notNull}}
		switch e := in.enumOf(enumOID, enumElemOID); {
		case e != nil && enumOID != nil:
			c.Type.Type, c.Type.Raw = e, e.T
		case e != nil:
			c.Type.Type = &postgres.ArrayType{T: e.T + "[]", Type: e}
			c.Type.Raw = e.T + "[]"
		case domOID != nil && domBase != nil:
			c.Type.Type, c.Type.Raw = in.domain(*domOID, ftype, *domBase, domNotNull, domDefault), ftype
		default:
			c.Type.Type, c.Type.Raw = pgType(ftype)
		}
		switch {
		case (generated == "s" || generated == "v") && def != nil:
			g := &schema.GeneratedExpr{Expr: *def, Type: "STORED"}
			if generated == "v" { // PostgreSQL 18
				g.Type = "VIRTUAL"
			}
			c.Attrs = append(c.Attrs, g)
		case identity == "a" || identity == "d":
			g := "BY DEFAULT"
			if identity == "a" {
				g = "ALWAYS"
			}
			c.Attrs = append(c.Attrs, &postgres.Identity{Generation: g})
		case def != nil && seq != nil && reNextval.MatchString(*def) && serialOf(c.Type) != "":
			st := &postgres.SerialType{T: serialOf(c.Type), SequenceName: *seq}
			c.Type.Type, c.Type.Raw = st, st.T
		case def != nil:
			c.Default = pgDefault(*def)
		}
		if comment != nil {
			c.Attrs = append(c.Attrs, &schema.Comment{Text: *comment})
		}
		t.Columns = append(t.Columns, c)
	}
	return nil
}

// domain returns the domain type of that oid, made on its first use: name
// as format_type prints it, its base type, its own NOT NULL and default.
// Domains are not listed in Schema.Objects: gen does not manage them.
func (in *pgInspection) domain(oid uint32, name, base string, notNull bool, def *string) *postgres.DomainType {
	if d, ok := in.domains[oid]; ok {
		return d
	}
	d := &postgres.DomainType{T: name, Null: !notNull}
	d.Type, _ = pgType(base)
	if def != nil {
		d.Default = pgDefault(*def)
	}
	in.domains[oid] = d
	return d
}

func (in *pgInspection) enumOf(oid, elem *uint32) *schema.EnumType {
	switch {
	case oid != nil:
		return in.enums[*oid]
	case elem != nil:
		return in.enums[*elem]
	}
	return nil
}

// pgType parses format_type's spelling into the atlas type and the
// canonical spelling (ARCHITECTURE.md: postgres.FormatType of the parsed
// type). A spelling atlas cannot parse is kept as a user-defined type of
// that name rather than failing the inspection.
func pgType(ftype string) (schema.Type, string) {
	t, err := typecache.ParsePG(ftype)
	if err != nil {
		return &postgres.UserDefinedType{T: ftype}, ftype
	}
	raw, err := postgres.FormatType(t)
	if err != nil {
		return t, ftype
	}
	return t, raw
}

// reNextval matches a default that is exactly nextval('<sequence>'::regclass).
var reNextval = regexp.MustCompile(`^nextval\('(?:[^']|'')+'::regclass\)$`)

// serialOf returns the serial type that stands for an integer column type,
// or "" when the column is not of an integer type.
func serialOf(ct *schema.ColumnType) string {
	it, ok := ct.Type.(*schema.IntegerType)
	if !ok {
		return ""
	}
	switch it.T {
	case "smallint":
		return "smallserial"
	case "integer":
		return "serial"
	case "bigint":
		return "bigserial"
	}
	return ""
}

var (
	// reNumber matches a number as PostgreSQL prints one.
	reNumber = regexp.MustCompile(`^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)
	// reCastType matches what may follow "::" after a literal: a type name,
	// possibly qualified, quoted, with modifiers and array brackets.
	reCastType = regexp.MustCompile(`^(?:[A-Za-z_][\w$]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][\w$]*|"(?:[^"]|"")+"))?(?: [A-Za-z_]+)*(?:\(\d+(?:,\s*\d+)?\))?(?: [A-Za-z_]+)*(?:\[\d*\])*$`)
)

// pgDefault turns the text pg_get_expr prints for a default into a
// *schema.Literal (numbers, strings, booleans, without the cast PostgreSQL
// adds: 'a'::character varying → 'a', '-1'::integer → -1) or a
// *schema.RawExpr (anything else, verbatim). An explicit NULL default is no
// default: nil.
func pgDefault(def string) schema.Expr {
	d := strings.TrimSpace(def)
	switch lower := strings.ToLower(d); {
	case lower == "null" || strings.HasPrefix(lower, "null::") && reCastType.MatchString(d[len("null::"):]):
		return nil
	case lower == "true" || lower == "false":
		return &schema.Literal{V: d}
	case reNumber.MatchString(d):
		return &schema.Literal{V: d}
	}
	quoted, rest, ok := pgStringPrefix(d)
	if !ok {
		return &schema.RawExpr{X: d}
	}
	if rest == "" {
		return &schema.Literal{V: quoted}
	}
	typ, ok := strings.CutPrefix(rest, "::")
	if !ok || !reCastType.MatchString(typ) {
		return &schema.RawExpr{X: d}
	}
	if content := quoted[1 : len(quoted)-1]; numericType(typ) && reNumber.MatchString(content) {
		return &schema.Literal{V: content}
	}
	return &schema.Literal{V: quoted}
}

// pgStringPrefix splits s into the standard string literal it starts with
// ('…', a quote inside written twice) and the rest.
func pgStringPrefix(s string) (quoted, rest string, ok bool) {
	if !strings.HasPrefix(s, "'") {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			i++
			continue
		}
		return s[:i+1], s[i+1:], true
	}
	return "", "", false
}

// numericType reports whether a cast target is a number type.
func numericType(typ string) bool {
	t := strings.ToLower(typ)
	t = strings.TrimPrefix(t, "pg_catalog.")
	if i := strings.IndexByte(t, '('); i >= 0 {
		if strings.Contains(t[i:], "[") {
			return false
		}
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "smallint", "integer", "bigint", "int2", "int4", "int8", "int",
		"numeric", "decimal", "real", "double precision", "float4", "float8":
		return true
	}
	return false
}

// pgAction maps pg_constraint.confupdtype/confdeltype to a reference
// option; NO ACTION, the default, is empty.
func pgAction(c string) schema.ReferenceOption {
	switch c {
	case "r":
		return schema.Restrict
	case "c":
		return schema.Cascade
	case "n":
		return schema.SetNull
	case "d":
		return schema.SetDefault
	}
	return ""
}

func (in *pgInspection) indexRows(rows pgx.Rows) error {
	for rows.Next() {
		var (
			relid              uint32
			name, method       string
			unique, primary    bool
			pred, ctype, cname *string
			keys, options      []int16
			exprs, colls       []string
			storage            []string
			valid              bool
			include            []int16
			opclasses          []string
			nullsNotDistinct   bool
			canDefer, deferred bool
		)
		if err := rows.Scan(&relid, &name, &unique, &primary, &method, &pred, &ctype, &cname, &keys, &exprs, &options, &colls, &storage, &valid,
			&include, &opclasses, &nullsNotDistinct, &canDefer, &deferred); err != nil {
			return err
		}
		t, ok := in.tables[relid]
		if !ok {
			continue
		}
		idx := &schema.Index{Name: name, Unique: unique, Table: t}
		if cname != nil {
			idx.Name = *cname
		}
		for k, key := range keys {
			p := &schema.IndexPart{SeqNo: k, Desc: k < len(options) && options[k]&1 != 0}
			if key != 0 {
				c, err := in.column(t, relid, key)
				if err != nil {
					return fmt.Errorf("index %q of table %q: %w", name, t.Name, err)
				}
				p.C = c
				if k < len(colls) && colls[k] != "" {
					p.Attrs = append(p.Attrs, &attr.IndexCollation{Name: colls[k]})
				}
			} else {
				p.X = &schema.RawExpr{X: exprs[k]}
			}
			if k < len(opclasses) && opclasses[k] != "" {
				p.Attrs = append(p.Attrs, &postgres.IndexOpClass{Name: opclasses[k]})
			}
			idx.Parts = append(idx.Parts, p)
		}
		if len(include) > 0 {
			inc := &postgres.IndexInclude{}
			for _, key := range include {
				c, err := in.column(t, relid, key)
				if err != nil {
					return fmt.Errorf("INCLUDE column of index %q of table %q: %w", name, t.Name, err)
				}
				inc.Columns = append(inc.Columns, c)
			}
			idx.Attrs = append(idx.Attrs, inc)
		}
		if nullsNotDistinct {
			idx.Attrs = append(idx.Attrs, &postgres.IndexNullsDistinct{V: false})
		}
		if canDefer {
			idx.Attrs = append(idx.Attrs, &attr.Deferrable{InitiallyDeferred: deferred})
		}
		if pred != nil {
			idx.Attrs = append(idx.Attrs, &attr.IndexPredicate{P: *pred})
		}
		if method != "btree" {
			idx.Attrs = append(idx.Attrs, &attr.IndexMethod{T: strings.ToLower(method)})
		}
		if len(storage) > 0 {
			idx.Attrs = append(idx.Attrs, &attr.IndexStorage{Params: storage})
		}
		if !valid {
			idx.Attrs = append(idx.Attrs, &attr.InvalidIndex{})
		}
		switch {
		case primary:
			t.PrimaryKey = idx
		case ctype != nil && *ctype == "u":
			idx.Attrs = append(idx.Attrs, &attr.UniqueConstraint{})
			t.Indexes = append(t.Indexes, idx)
		default:
			t.Indexes = append(t.Indexes, idx)
		}
		linkIndex(idx)
	}
	return nil
}

// column returns the column of table t (oid relid) at attnum.
func (in *pgInspection) column(t *schema.Table, relid uint32, attnum int16) (*schema.Column, error) {
	if c, ok := t.Column(in.attnames[relid][attnum]); ok {
		return c, nil
	}
	return nil, fmt.Errorf("column number %d of table %q not found", attnum, t.Name)
}

func (in *pgInspection) constraintRows(rows pgx.Rows) error {
	for rows.Next() {
		var (
			relid              uint32
			name, ctype, def   string
			onUpdate, onDelete string
			ref                pgRef
			canDefer, deferred bool
		)
		if err := rows.Scan(&relid, &name, &ctype, &def, &ref.keys, &ref.oid, &ref.table, &ref.schema, &ref.refKeys, &ref.refNames, &onUpdate, &onDelete,
			&canDefer, &deferred); err != nil {
			return err
		}
		t, ok := in.tables[relid]
		if !ok {
			continue
		}
		switch ctype {
		case "c":
			t.Attrs = append(t.Attrs, &schema.Check{Name: name, Expr: checkExpr(def)})
		case "f":
			fk := &schema.ForeignKey{Symbol: name, Table: t, OnUpdate: pgAction(onUpdate), OnDelete: pgAction(onDelete)}
			if canDefer {
				fk.Attrs = append(fk.Attrs, &attr.Deferrable{InitiallyDeferred: deferred})
			}
			if err := in.references(fk, relid, ref); err != nil {
				return fmt.Errorf("foreign key %q of table %q: %w", name, t.Name, err)
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
			linkForeignKey(fk)
		}
	}
	return nil
}

// pgRef is what the constraints query says about a foreign key's columns.
type pgRef struct {
	keys          []int16 // attnums of the referencing columns
	oid           uint32  // of the referenced table
	table, schema *string // its name and its schema's
	refKeys       []int16 // attnums of the referenced columns
	// refNames are the names of the referenced columns when the columns
	// query did not cover the referenced table.
	refNames []string
}

// references sets the columns, referenced table and referenced columns of
// fk, a foreign key of the table whose oid is relid. A referenced table
// outside the result is a stub.
func (in *pgInspection) references(fk *schema.ForeignKey, relid uint32, ref pgRef) error {
	for _, k := range ref.keys {
		c, err := in.column(fk.Table, relid, k)
		if err != nil {
			return err
		}
		fk.Columns = append(fk.Columns, c)
	}
	if rt, ok := in.tables[ref.oid]; ok {
		fk.RefTable = rt
		for _, k := range ref.refKeys {
			c, err := in.column(rt, ref.oid, k)
			if err != nil {
				return err
			}
			fk.RefColumns = append(fk.RefColumns, c)
		}
		return nil
	}
	if ref.table == nil || ref.schema == nil {
		return fmt.Errorf("referenced table (oid %d) not found", ref.oid)
	}
	fk.RefTable = in.stubs.table(in.s, *ref.schema, *ref.table)
	names := ref.refNames
	if names == nil {
		// A table the columns query covered but Exclude leaves out.
		for _, k := range ref.refKeys {
			names = append(names, in.attnames[ref.oid][k])
		}
	}
	for _, n := range names {
		fk.RefColumns = append(fk.RefColumns, stubColumn(fk.RefTable, n))
	}
	return nil
}

// checkExpr returns the expression of a CHECK constraint as
// pg_get_constraintdef prints it, "CHECK (<expr>) [NOT VALID]": the text
// inside the one pair of parentheses CHECK requires.
func checkExpr(def string) string {
	d := strings.TrimSpace(def)
	body, ok := strings.CutPrefix(d, "CHECK ")
	if !ok {
		return d
	}
	toks := sqllex.Tokens(body, sqllex.Postgres)
	if len(toks) == 0 || !toks[0].Is("(") {
		return d
	}
	end := closing(toks, 0)
	if end < 0 {
		return d
	}
	return strings.TrimSpace(body[toks[0].End:toks[end].Pos])
}
