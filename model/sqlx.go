package model

import (
	"go/types"
	"reflect"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// This file reads structs whose fields carry db tags (sqlx, and the
// libraries that share its tag: pop, gorp, goqu). Such a tag says a
// column's name and nothing else, and such structs are as often query
// results as tables, so gen reads them only when gen.yaml's tables:
// lists them. Column names follow sqlx's default mapper (the tag's name,
// else strings.ToLower of the field name); types follow GORM's mapping of
// the Go types, except the PostgreSQL drivers' own types (dbtypes.go);
// nullability follows the Go types (pointers and sql.Null* are nullable,
// the rest NOT NULL); an id column is the primary key. An untagged field
// whose type gen has no column type for, and that is no driver.Valuer or
// sql.Scanner (a map, a slice, a func), is no column, with a warning.

// checkSQLX reports db-tagged structs loaded without Config.Tables: gen
// cannot tell which of them are tables.
func (l *loader) checkSQLX(models, selected []*model) {
	if len(l.cfg.Tables) > 0 {
		return
	}
	byPkg := map[string][]*model{}
	var order []string
	for _, m := range selected {
		if m.flavor != flavorSQLX {
			continue
		}
		if _, ok := byPkg[m.pkg.PkgPath]; !ok {
			order = append(order, m.pkg.PkgPath)
		}
		byPkg[m.pkg.PkgPath] = append(byPkg[m.pkg.PkgPath], m)
	}
	for _, p := range order {
		ms := byPkg[p]
		names := make([]string, len(ms))
		for i, m := range ms {
			names[i] = m.obj.Name()
		}
		l.diag.causef(ms[0].pos, "", "package %s has structs with db tags (%s), which may be tables or query results, and gen.yaml lists no tables; list the tables there (tables: [%s], or Name=table_name), or mark the others //gen:ignore", p, strings.Join(names, ", "), names[0])
	}
}

// sqlxTable builds the table of a db-tagged model listed in
// Config.Tables.
func (l *loader) sqlxTable(m *model) *schema.Table {
	if len(l.cfg.Tables) == 0 {
		return nil
	}
	name, ok := l.tableName(m)
	if !ok {
		return nil
	}
	name = l.dialect.ident(name)
	t := &schema.Table{
		Name:  name,
		Attrs: []schema.Attr{l.pos(m.pos), &attr.GoName{Type: m.obj.Name()}, &attr.Undeclarable{Indexes: true, ForeignKeys: true, Checks: true, Comments: true}},
	}
	if m.renamedFrom != "" {
		t.Attrs = append(t.Attrs, &attr.RenamedFrom{Name: m.renamedFrom})
	}
	fields := l.sqlxFields(m.obj.Name(), m.st, "", 1, []*types.Struct{m.st})
	tf := resolveKeys(fields, l.diag)
	if len(tf.columns) == 0 {
		l.diag.errorf(m.pos, m.obj.Name(), "struct has no column for table %q; add fields with db tags, or remove it from tables:", name)
		return nil
	}
	l.dialect.checkTable(tf, l.diag)
	l.addColumns(t, tf.columns, tf.pks, m.obj.Name())
	l.addChecks(t, l.enumChecks(name, tf.columns))
	return t
}

// sqlxFields reads the fields of st as sqlx's reflectx mapper does:
// db:"-" is skipped, embedded structs are flattened, nested structs that
// are not values (time.Time, sql.Null*, driver.Valuer) are no columns.
func (l *loader) sqlxFields(owner string, st *types.Struct, path string, depth int, stack []*types.Struct) []*field {
	var out []*field
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		gf := l.fieldOf(st, i)
		dbTag, hasTag := reflect.StructTag(gf.tag).Lookup("db")
		name, _, _ := strings.Cut(dbTag, ",")
		if name == "-" || (!v.Exported() && !v.Anonymous()) {
			continue
		}
		f := &field{
			Name:      gf.name,
			Path:      path + gf.name,
			Owner:     owner,
			Pos:       gf.pos,
			Depth:     depth,
			Permitted: true,
			GoType:    gf.typ,
			goTag:     gf.tag,
			Settings:  tagSettings{m: map[string]string{}},
		}
		gt := l.classify(gf.typ)
		if v.Anonymous() && gt.embed != nil && !gt.valuer && gt.dataType == "" {
			inner, _ := types.Unalias(derefType(gf.typ)).Underlying().(*types.Struct)
			cycle := false
			for _, s := range stack {
				cycle = cycle || s == inner
			}
			if cycle {
				l.diag.errorf(gf.pos, f.object(), "embeds a struct that embeds it again; embed it through a field that is not embedded")
				continue
			}
			l.noHints(f, "an embedded struct is not a column; put the gen tag on its fields")
			out = append(out, l.sqlxFields(embeddedName(f, gf), inner, path+gf.name+".", depth+1, append(stack, inner))...)
			continue
		}
		if !v.Exported() {
			continue
		}
		f.Hint = l.parseHint(f)
		f.DBName = name
		if !hasTag || name == "" {
			f.DBName = strings.ToLower(gf.name)
		}
		f.DataType, f.GoKind, f.Size, f.GoNullable = gt.dataType, gt.dataType, gt.size, gt.nullable
		f.GormType = gt.dataType
		why := gt.why
		if w, ok := l.applyDriverType(f, gf.typ); ok {
			why = w
		} else {
			if dt, ok := l.gormDataType(f, gf.typ); ok {
				f.DataType = dt
			}
			if dbt, ok := l.gormDBDataType(f, gf.typ); ok {
				f.SQLType = dbt
				if f.DataType == "" {
					f.DataType = dbt
				}
			}
		}
		if gt.dataType == kindString {
			f.Enum = l.enumOf(gf.typ)
		}
		if f.DataType == "" && f.Hint.Type != "" {
			f.DataType = f.Hint.Type
		}
		if f.DataType == "" {
			why = strings.TrimSuffix(strings.Split(why, ";")[0], ".")
			switch {
			case gt.relation && !hasTag:
				// sqlx maps a nested struct's fields as name.field, for
				// joins; no table has such a column.
				continue
			case !hasTag && !gt.valuer && !hasScanMethod(derefType(gf.typ)):
				// sqlx maps every exported field, and scans a column of
				// its name into it if a query has one; a field of a type
				// no database value converts to (a map, a slice, a func)
				// is no column of the table.
				l.diag.warnf(gf.pos, f.object(), "the field has no db tag and %s: it is taken for no column of the table; tag it db:\"-\" to say so, or give it a db tag and gen:\"type=…\" to store it", strings.Replace(why, "GORM has", "gen has", 1))
				continue
			}
			l.diag.errorf(gf.pos, f.object(), "%s; give the column type with gen:\"type=…\"", why)
			continue
		}
		f.NotNull, f.NotNullSet = !f.GoNullable, true
		l.applyHint(f)
		out = append(out, f)
	}
	return out
}
