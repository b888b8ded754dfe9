package introspect

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// A CatalogObject is an object of a PostgreSQL schema that gen does not
// manage, with the statements that create it and drop it as the catalog
// defines it: what `gen baseline` writes beside gen's own rendering of the
// tables, so that a fresh database upgraded from the baseline gets what
// the live one has.
type CatalogObject struct {
	// Kind is "extension", "domain", "sequence", "function",
	// "procedure", "index", "view", "materialized view", "trigger",
	// "rule" or "exclusion constraint".
	Kind string
	// Name names it for people; Table is the table an index, trigger or
	// rule is on ("" otherwise).
	Name, Table string
	// Create are its statements; Drop undoes them ("" when dropping the
	// table or the object it is on drops it, or for an extension, which
	// other schemas may use).
	Create []string
	Drop   string
}

// BeforeTables reports whether the object must exist before the tables
// are created: column types, defaults and CHECKs may use it.
func (o CatalogObject) BeforeTables() bool {
	switch o.Kind {
	case "extension", "domain", "sequence", "function", "procedure":
		return true
	}
	return false
}

// PostgresObjects reads the objects of schemaName ("" for the
// connection's current_schema()) that gen does not manage, in an order
// that creates them: the extensions of the database (but plpgsql), the
// schema's domains, the sequences no column owns, its functions and
// procedures (not an extension's), then the indexes named by
// indexes(table, index) == true (those gen leaves to the catalog), the
// views and materialized views (each after the views it reads), the
// triggers, rules and exclusion constraints of its tables. Definitions come from the
// catalog (pg_get_functiondef, pg_get_viewdef, pg_get_indexdef,
// pg_get_triggerdef, pg_get_ruledef, pg_get_constraintdef), with names of
// the schema unqualified where the catalog would qualify them, so that
// they apply under another schema's name. Aggregates are not read: it
// returns an error naming them, since a baseline without them would not
// recreate the schema.
func PostgresObjects(ctx context.Context, conn *pgx.Conn, schemaName string, indexes func(table, index string) bool) ([]CatalogObject, error) {
	b := &pgx.Batch{}
	for _, q := range pgObjectQueries {
		b.Queue(q, schemaName)
	}
	br := conn.SendBatch(ctx, b)
	defer br.Close()
	var out []CatalogObject
	var ns string
	read := func(i int, scan func(rows pgx.Rows) error) error {
		rows, err := br.Query()
		if err == nil {
			for rows.Next() && err == nil {
				err = scan(rows)
			}
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
		}
		if err != nil {
			return fmt.Errorf("introspect: postgres: reading %s: %w", pgObjectWhat[i], err)
		}
		return nil
	}
	err := read(0, func(rows pgx.Rows) error { return rows.Scan(&ns) })
	if err == nil && ns == "" {
		err = fmt.Errorf("%w: schema %q does not exist", ErrSchemaNotFound, schemaName)
	}
	if err == nil {
		err = read(1, func(rows pgx.Rows) error {
			var name, extNS string
			var here bool
			if err := rows.Scan(&name, &extNS, &here); err != nil {
				return err
			}
			create := "CREATE EXTENSION IF NOT EXISTS " + name
			if !here {
				create += " WITH SCHEMA " + extNS
			}
			out = append(out, CatalogObject{Kind: "extension", Name: name, Create: []string{create}})
			return nil
		})
	}
	if err == nil {
		err = read(2, func(rows pgx.Rows) error {
			var name, base string
			var def *string
			var notNull bool
			var checks []string
			if err := rows.Scan(&name, &base, &def, &notNull, &checks); err != nil {
				return err
			}
			create := "CREATE DOMAIN " + name + " AS " + base
			if def != nil {
				create += " DEFAULT " + *def
			}
			if notNull {
				create += " NOT NULL"
			}
			for _, c := range checks {
				create += " " + c
			}
			out = append(out, CatalogObject{Kind: "domain", Name: name, Create: []string{create}, Drop: "DROP DOMAIN " + name})
			return nil
		})
	}
	if err == nil {
		err = read(3, func(rows pgx.Rows) error {
			var name, create string
			if err := rows.Scan(&name, &create); err != nil {
				return err
			}
			out = append(out, CatalogObject{Kind: "sequence", Name: name, Create: []string{create}, Drop: "DROP SEQUENCE " + name})
			return nil
		})
	}
	var aggregates []string
	if err == nil {
		err = read(4, func(rows pgx.Rows) error {
			var kind, name, ident string
			var def *string
			var comment *string
			if err := rows.Scan(&kind, &name, &ident, &def, &comment); err != nil {
				return err
			}
			if kind == "a" || def == nil {
				aggregates = append(aggregates, name)
				return nil
			}
			what := "FUNCTION"
			if kind == "p" {
				what = "PROCEDURE"
			}
			// pg_get_functiondef qualifies the name whatever the
			// search_path.
			create := strings.Replace(strings.TrimSpace(*def), " "+what+" "+ns+".", " "+what+" ", 1)
			o := CatalogObject{Kind: strings.ToLower(what), Name: name + "(" + ident + ")", Create: []string{create}}
			o.Drop = "DROP " + what + " " + o.Name
			if comment != nil {
				o.Create = append(o.Create, fmt.Sprintf("COMMENT ON %s %s IS %s", what, o.Name, pgQuote(*comment)))
			}
			out = append(out, o)
			return nil
		})
	}
	if err == nil && len(aggregates) > 0 {
		err = fmt.Errorf("introspect: postgres: schema %s holds aggregates (%s), which gen cannot recreate yet: create them in a revision of your own after the baseline", ns, strings.Join(aggregates, ", "))
	}
	if err == nil {
		err = read(5, func(rows pgx.Rows) error {
			var table, name, qtable, qname, def string
			var comment *string
			if err := rows.Scan(&table, &name, &qtable, &qname, &def, &comment); err != nil {
				return err
			}
			if indexes == nil || !indexes(table, name) {
				return nil
			}
			o := CatalogObject{Kind: "index", Name: qname, Table: qtable, Create: []string{unqualifyOn(def, ns, qtable)}, Drop: "DROP INDEX " + qname}
			if comment != nil {
				o.Create = append(o.Create, fmt.Sprintf("COMMENT ON INDEX %s IS %s", qname, pgQuote(*comment)))
			}
			out = append(out, o)
			return nil
		})
	}
	var views []pgViewRow
	if err == nil {
		err = read(6, func(rows pgx.Rows) error {
			var v pgViewRow
			if err := rows.Scan(&v.oid, &v.kind, &v.name, &v.def, &v.options, &v.populated, &v.comment, &v.colComments, &v.indexes, &v.triggers, &v.grants, &v.reads); err != nil {
				return err
			}
			views = append(views, v)
			return nil
		})
	}
	if err == nil {
		for _, v := range orderViews(views) {
			d := v.dependent(ns, v.name)
			out = append(out, CatalogObject{Kind: d.Kind, Name: d.Name, Create: d.Create, Drop: d.Drop})
		}
		err = read(7, func(rows pgx.Rows) error {
			var kind, table, name, def string
			var comment *string
			if err := rows.Scan(&kind, &table, &name, &def, &comment); err != nil {
				return err
			}
			o := CatalogObject{Kind: kind, Name: name, Table: table}
			switch kind {
			case "exclusion constraint":
				o.Create = []string{"ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + def}
				o.Drop = "ALTER TABLE " + table + " DROP CONSTRAINT " + name
				if comment != nil {
					o.Create = append(o.Create, fmt.Sprintf("COMMENT ON CONSTRAINT %s ON %s IS %s", name, table, pgQuote(*comment)))
				}
			case "trigger":
				o.Create = []string{unqualifyOn(def, ns, table)}
				o.Drop = "DROP TRIGGER " + name + " ON " + table
				if comment != nil {
					o.Create = append(o.Create, fmt.Sprintf("COMMENT ON TRIGGER %s ON %s IS %s", name, table, pgQuote(*comment)))
				}
			default:
				o.Create = []string{unqualifyRule(trimDef(def), ns, table)}
				o.Drop = "DROP RULE " + name + " ON " + table
				if comment != nil {
					o.Create = append(o.Create, fmt.Sprintf("COMMENT ON RULE %s ON %s IS %s", name, table, pgQuote(*comment)))
				}
			}
			out = append(out, o)
			return nil
		})
	}
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("introspect: postgres: reading the schema's objects: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// unqualifyRule takes the schema off the table of a rule's definition
// (pg_get_ruledef writes "ON UPDATE TO schema.table").
func unqualifyRule(def, ns, table string) string {
	return strings.Replace(def, " TO "+ns+"."+table+" ", " TO "+table+" ", 1)
}

// pgViewRow is a view or materialized view as pgObjectQueries and
// pgDependentsQuery read it.
type pgViewRow struct {
	oid                  uint32
	kind, name, def      string
	options              []string
	populated            bool
	comment              *string
	colComments, indexes []string
	triggers, grants     []string
	reads                []int64 // the oids of the views it reads (pgObjectQueries)
}

// orderViews puts each view after the views it reads, in name order
// otherwise.
func orderViews(vs []pgViewRow) []pgViewRow {
	byOID := make(map[uint32]int, len(vs))
	for i, v := range vs {
		byOID[v.oid] = i
	}
	placed := make([]bool, len(vs))
	var out []pgViewRow
	var place func(i int)
	place = func(i int) {
		if placed[i] {
			return
		}
		placed[i] = true
		for _, r := range vs[i].reads {
			if j, ok := byOID[uint32(r)]; ok {
				place(j)
			}
		}
		out = append(out, vs[i])
	}
	for i := range vs {
		place(i)
	}
	return out
}

var pgObjectWhat = []string{"the schema", "the extensions", "the domains", "the sequences", "the functions", "the indexes", "the views", "the triggers, rules and exclusion constraints"}

// pgObjectQueries read what PostgresObjects returns, one batch. Names come
// quoted by the server (quote_ident), unqualified within the schema.
var pgObjectQueries = []string{
	`SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_namespace n WHERE n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())`,

	// Extensions: CREATE EXTENSION IF NOT EXISTS, in the schema they are
	// in (unqualified when it is the inspected one).
	`SELECT pg_catalog.quote_ident(e.extname), pg_catalog.quote_ident(n.nspname), n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' ORDER BY e.extname`,

	`SELECT pg_catalog.quote_ident(t.typname), pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typdefault, t.typnotnull,
	ARRAY(SELECT 'CONSTRAINT ' || pg_catalog.quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
		FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid ORDER BY c.conname)
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY t.typname`,

	// Sequences no column owns (serial and identity ones come with their
	// tables).
	`SELECT pg_catalog.quote_ident(c.relname),
	'CREATE SEQUENCE ' || pg_catalog.quote_ident(c.relname) || ' AS ' || pg_catalog.format_type(s.seqtypid, NULL)
		|| ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax
		|| ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
WHERE c.relkind = 'S' AND n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
ORDER BY c.relname`,

	`SELECT p.prokind::text, pg_catalog.quote_ident(p.proname), pg_catalog.pg_get_function_identity_arguments(p.oid),
	CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_catalog.pg_get_functiondef(p.oid) END,
	pg_catalog.obj_description(p.oid, 'pg_proc')
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY p.proname, p.oid`,

	// Indexes that back no constraint, of the schema's tables.
	`SELECT t.relname, ic.relname, pg_catalog.quote_ident(t.relname), pg_catalog.quote_ident(ic.relname),
	pg_catalog.pg_get_indexdef(i.indexrelid), pg_catalog.obj_description(i.indexrelid, 'pg_class')
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = COALESCE(NULLIF($1::text, ''), current_schema()) AND t.relkind IN ('r', 'p')
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY t.relname, ic.relname`,

	`SELECT c.oid, c.relkind::text, pg_catalog.quote_ident(c.relname), pg_catalog.pg_get_viewdef(c.oid),
	COALESCE(c.reloptions, '{}'), c.relispopulated, pg_catalog.obj_description(c.oid, 'pg_class'),
	` + pgViewExtras(func(x string) string { return x }) + `,
	ARRAY(
		SELECT DISTINCT d.refobjid::int8 FROM pg_catalog.pg_rewrite r
		JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
		WHERE r.ev_class = c.oid AND d.refobjid <> c.oid
	)
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.relname`,

	// Triggers (not the internal ones of foreign keys), rules (not a
	// view's own) and exclusion constraints (which gen does not read as
	// part of a table) of the schema's tables.
	`SELECT 'exclusion constraint', pg_catalog.quote_ident(t.relname), pg_catalog.quote_ident(c.conname), pg_catalog.pg_get_constraintdef(c.oid),
	pg_catalog.obj_description(c.oid, 'pg_constraint')
FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t ON t.oid = c.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE c.contype = 'x' AND n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
UNION ALL
SELECT 'trigger', pg_catalog.quote_ident(t.relname), pg_catalog.quote_ident(tg.tgname), pg_catalog.pg_get_triggerdef(tg.oid),
	pg_catalog.obj_description(tg.oid, 'pg_trigger')
FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class t ON t.oid = tg.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE NOT tg.tgisinternal AND t.relkind IN ('r', 'p') AND n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
UNION ALL
SELECT 'rule', pg_catalog.quote_ident(t.relname), pg_catalog.quote_ident(r.rulename), pg_catalog.pg_get_ruledef(r.oid),
	pg_catalog.obj_description(r.oid, 'pg_rewrite')
FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class t ON t.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE r.rulename <> '_RETURN' AND t.relkind IN ('r', 'p') AND n.nspname = COALESCE(NULLIF($1::text, ''), current_schema())
ORDER BY 1 DESC, 2, 3`,
}
