package introspect

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/genmigrate/gen/attr"
)

// pgDependentsQuery reads the views, materialized views and rules that read
// columns of the inspected tables, directly or through one another, in any
// schema but the system's: PostgreSQL refuses ALTER COLUMN … TYPE under
// them, so the plan drops and recreates them around such a change
// (attr.Dependents). Each comes with the statements that recreate it as
// the catalog has it: its definition (pg_get_viewdef, pg_get_ruledef), and
// what dropping it takes with it — a materialized view's indexes, a view's
// triggers, the comments on it and its columns, its grants.
//
// reads is every column a rewrite rule of a user relation reads (pg_depend
// 'n' from pg_rewrite to pg_class, but for a view's own reference to itself:
// a rule on a table reads the table's columns through NEW and OLD); dep
// is the closure from the inspected tables.
var pgDependentsQuery = pgQuery{"views and rules", "WITH RECURSIVE " + strings.TrimPrefix(pgTables, "WITH ") + `, reads AS MATERIALIZED (
	SELECT DISTINCT r.oid AS rule, r.ev_class AS rel, d.refobjid AS ref, d.refobjsubid::int2 AS attnum
	FROM pg_catalog.pg_depend d
	JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
	JOIN pg_catalog.pg_class rc ON rc.oid = r.ev_class
	JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
	WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
	AND d.deptype = 'n' AND NOT (d.refobjid = r.ev_class AND d.refobjsubid = 0)
	AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
), dep(rule, rel) AS (
	SELECT x.rule, x.rel FROM reads x WHERE x.ref IN (SELECT oid FROM tbl)
	UNION
	SELECT x.rule, x.rel FROM dep JOIN reads x ON x.ref = dep.rel
)
SELECT dep.rule, dep.rel, c.relkind::text, pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), pg_catalog.quote_ident(r.rulename), r.rulename::text, r.rulename = '_RETURN' AND c.relkind IN ('v', 'm'),
	n.nspname = COALESCE(NULLIF($1::text, ''), current_schema()),
	CASE WHEN r.rulename = '_RETURN' THEN pg_catalog.pg_get_viewdef(c.oid) ELSE pg_catalog.pg_get_ruledef(r.oid) END,
	COALESCE(c.reloptions, '{}'), c.relispopulated,
	CASE WHEN r.rulename = '_RETURN' THEN pg_catalog.obj_description(c.oid, 'pg_class') ELSE pg_catalog.obj_description(r.oid, 'pg_rewrite') END,
	` + pgViewExtras(func(x string) string { return "CASE WHEN r.rulename = '_RETURN' THEN " + x + " ELSE '{}' END" }) + `,
	ARRAY(SELECT x.ref::int8 FROM reads x WHERE x.rule = dep.rule ORDER BY x.ref, x.attnum),
	ARRAY(SELECT x.attnum FROM reads x WHERE x.rule = dep.rule ORDER BY x.ref, x.attnum)
FROM dep
JOIN pg_catalog.pg_rewrite r ON r.oid = dep.rule
JOIN pg_catalog.pg_class c ON c.oid = dep.rel
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
ORDER BY n.nspname, c.relname, r.rulename`, (*pgInspection).dependentRows}

// pgDependent is one row of pgDependentsQuery, as read.
type pgDependent struct {
	d    *attr.Dependent
	rule uint32
	rel  uint32
	view bool // the relation's own _RETURN rule: a view or materialized view
	refs []int64
	atts []int16
}

func (in *pgInspection) dependentRows(rows pgx.Rows) error {
	var all []*pgDependent
	for rows.Next() {
		var (
			rule, rel         uint32
			v                 pgViewRow // the relation's columns, a rule's too
			ns, relname       string
			rulename, rawRule string
			here, isView      bool
			refs              []int64
			atts              []int16
		)
		if err := rows.Scan(&rule, &rel, &v.kind, &ns, &relname, &rulename, &rawRule, &isView, &here, &v.def, &v.options, &v.populated, &v.comment,
			&v.colComments, &v.indexes, &v.triggers, &v.grants, &refs, &atts); err != nil {
			return err
		}
		// The names come quoted by the server (quote_ident), as its
		// definitions quote them.
		name := relname
		if !here {
			name = ns + "." + relname
		}
		pd := &pgDependent{rule: rule, rel: rel, refs: refs, atts: atts}
		switch {
		case isView:
			pd.view = true
			v.name = name
			unq := ""
			if here {
				unq = ns
			}
			pd.d = v.dependent(unq, relname)
		default:
			def := trimDef(v.def)
			if here {
				def = unqualifyRule(def, ns, relname)
			}
			d := &attr.Dependent{Kind: "rule", Name: rulename + " ON " + name,
				Exists: "EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite WHERE rulename = " + pgQuote(rawRule) + " AND ev_class = pg_catalog.to_regclass(" + pgQuote(name) + "))",
				Drop:   "DROP RULE IF EXISTS " + rulename + " ON " + name, Create: []string{def}}
			if v.comment != nil {
				d.Create = append(d.Create, fmt.Sprintf("COMMENT ON RULE %s ON %s IS %s", rulename, name, pgQuote(*v.comment)))
			}
			pd.d = d
		}
		all = append(all, pd)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	in.linkDependents(all)
	return nil
}

// pgViewExtras are the columns of a view c (an alias of pg_class) that say
// what dropping it takes along: comments on its columns ("column\ntext"),
// its indexes, its triggers, its grants ("privilege\ngrantee"); each
// wrapped by wrap. pgViewRow.dependent reads them.
func pgViewExtras(wrap func(string) string) string {
	cols := []string{`ARRAY(
		SELECT pg_catalog.quote_ident(a.attname) || E'\n' || ds.description
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
		WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum
	)`, `ARRAY(
		SELECT pg_catalog.pg_get_indexdef(i.indexrelid)
		FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
		WHERE i.indrelid = c.oid ORDER BY ic.relname
	)`, `ARRAY(
		SELECT pg_catalog.pg_get_triggerdef(tg.oid) FROM pg_catalog.pg_trigger tg
		WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal ORDER BY tg.tgname
	)`, `ARRAY(
		SELECT x.privilege_type || E'\n' || CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END
			|| CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
		FROM pg_catalog.aclexplode(c.relacl) x WHERE x.grantee <> c.relowner ORDER BY 1
	)`}
	for i, c := range cols {
		cols[i] = wrap(c)
	}
	return strings.Join(cols, ",\n\t")
}

// trimDef is a catalog definition without its surrounding space and final
// semicolon (pg_get_viewdef and pg_get_ruledef end with one).
func trimDef(def string) string { return strings.TrimSuffix(strings.TrimSpace(def), ";") }

// unqualifyOn takes schema ns off relation rel in a definition of
// pg_get_indexdef or pg_get_triggerdef ("… ON ns.rel …"), which qualify it
// whatever the search_path: gen writes its statements unqualified, so that
// a file applies to a database whose schema is called otherwise.
func unqualifyOn(def, ns, rel string) string {
	return strings.Replace(def, " ON "+ns+"."+rel+" ", " ON "+rel+" ", 1)
}

// dependent builds the Dependent of the view (kind "v") or materialized
// view ("m") v, named v.name; its indexes and triggers lose the schema
// ns in front of relname unless ns is "".
func (v pgViewRow) dependent(ns, relname string) *attr.Dependent {
	kind, name, options, comment := v.kind, v.name, v.options, v.comment
	def := trimDef(v.def)
	indexes, triggers := slices.Clone(v.indexes), slices.Clone(v.triggers)
	if ns != "" {
		for _, defs := range [][]string{indexes, triggers} {
			for i, q := range defs {
				defs[i] = unqualifyOn(q, ns, relname)
			}
		}
	}
	d := &attr.Dependent{Kind: "view", Name: name}
	what := "VIEW"
	if kind == "m" {
		d.Kind, what = "materialized view", "MATERIALIZED VIEW"
	}
	d.Drop = "DROP " + what + " IF EXISTS " + name
	d.Exists = "pg_catalog.to_regclass(" + pgQuote(name) + ") IS NOT NULL"
	create := "CREATE " + what + " " + name
	if len(options) > 0 {
		create += " WITH (" + strings.Join(options, ", ") + ")"
	}
	create += " AS\n" + def
	if kind == "m" {
		if v.populated {
			create += "\nWITH DATA"
		} else {
			create += "\nWITH NO DATA"
		}
	}
	d.Create = append(d.Create, create)
	d.Create = append(d.Create, indexes...)
	d.Create = append(d.Create, triggers...)
	if comment != nil {
		d.Create = append(d.Create, fmt.Sprintf("COMMENT ON %s %s IS %s", what, name, pgQuote(*comment)))
	}
	for _, cc := range v.colComments {
		col, text, _ := strings.Cut(cc, "\n")
		d.Create = append(d.Create, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", name, col, pgQuote(text)))
	}
	for _, g := range v.grants {
		priv, to, _ := strings.Cut(g, "\n")
		d.Create = append(d.Create, fmt.Sprintf("GRANT %s ON %s TO %s", priv, name, to))
	}
	return d
}

// linkDependents resolves what each dependent reads into column names and
// the dependents it comes after, orders them so that each follows what it
// reads, and attaches them to the schema. Dependents that reach no
// inspected table (only excluded ones) are left out: gen changes nothing
// under them.
func (in *pgInspection) linkDependents(all []*pgDependent) {
	if len(all) == 0 {
		return
	}
	viewOf := make(map[uint32]*pgDependent) // relation oid → its view's dependent
	for _, pd := range all {
		if pd.view {
			viewOf[pd.rel] = pd
		}
	}
	for _, pd := range all {
		after := make(map[string]bool)
		if !pd.view {
			// A rule on a view is dropped with it and recreated after it.
			if v := viewOf[pd.rel]; v != nil {
				after[v.d.Name] = true
			}
		}
		for k, ref := range pd.refs {
			oid := uint32(ref)
			if v := viewOf[oid]; v != nil {
				after[v.d.Name] = true
				continue
			}
			t, ok := in.tables[oid]
			if !ok {
				continue
			}
			col := ""
			if pd.atts[k] > 0 {
				col = in.attnames[oid][pd.atts[k]]
			}
			pd.d.Reads = append(pd.d.Reads, attr.ColumnRef{Table: t.Name, Column: col})
		}
		pd.d.After = slices.Sorted(maps.Keys(after))
	}
	// Keep those that reach an inspected table, then order them: each
	// after what it comes after (a depth-first walk, in name order).
	byName := make(map[string]*attr.Dependent, len(all))
	for _, pd := range all {
		byName[pd.d.Name] = pd.d
	}
	reaches := make(map[string]bool)
	var reach func(d *attr.Dependent, seen map[string]bool) bool
	reach = func(d *attr.Dependent, seen map[string]bool) bool {
		if r, ok := reaches[d.Name]; ok {
			return r
		}
		if seen[d.Name] {
			return false
		}
		seen[d.Name] = true
		r := len(d.Reads) > 0
		for _, a := range d.After {
			if b := byName[a]; b != nil && reach(b, seen) {
				r = true
			}
		}
		reaches[d.Name] = r
		return r
	}
	var list []*attr.Dependent
	placed := make(map[string]bool)
	var place func(d *attr.Dependent)
	place = func(d *attr.Dependent) {
		if placed[d.Name] {
			return
		}
		placed[d.Name] = true
		for _, a := range d.After {
			if b := byName[a]; b != nil {
				place(b)
			}
		}
		list = append(list, d)
	}
	for _, pd := range all {
		if reach(pd.d, make(map[string]bool)) {
			place(pd.d)
		}
	}
	list = slices.DeleteFunc(list, func(d *attr.Dependent) bool { return !reaches[d.Name] })
	if len(list) > 0 {
		in.s.Attrs = append(in.s.Attrs, &attr.Dependents{List: list})
	}
}

// pgQuote quotes s as a PostgreSQL string literal.
func pgQuote(s string) string {
	if strings.Contains(s, `\`) {
		return "E'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
