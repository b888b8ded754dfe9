package model

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"strings"
)

// tableName returns the table name of m: its //gen:table directive, else
// the name its TableName method returns, else GORM's naming strategy
// (schema.go Parse: Tabler before TablerWithNamer before NamingStrategy).
// The name is GORM's Schema.Table, which may be qualified with the schema
// gen manages ("public.kv"): GORM derives index and constraint names from
// it (idx_public_kv_key); the table is "kv" (load strips the schema).
func (l *loader) tableName(m *model) (string, bool) {
	if m.table != "" {
		if _, ok := l.unqualified(m.table, m.pos, m.obj.Name(), l.tableSource(m), m.obj.Name()); !ok {
			return "", false
		}
		return m.table, true
	}
	fn, index := tablerMethod(m.obj)
	if fn == nil {
		return l.naming.tableName(m.obj.Name()), true
	}
	sig := fn.Type().(*types.Signature)
	obj, promoted := methodObject(m, fn)
	pos := l.position(fn.Pos())
	if sig.Params().Len() == 1 && sig.Results().Len() == 1 && isString(sig.Results().At(0).Type()) {
		l.diag.errorf(pos, obj, "TableName(schema.Namer) computes the name at run time, which gen does not do; put //gen:table NAME on the doc comment of struct %s", m.obj.Name())
		return "", false
	}
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
		// Not GORM's Tabler: GORM ignores it.
		return l.naming.tableName(m.obj.Name()), true
	}
	name, err := l.foldTableName(m.obj, fn, index)
	var fe *foldError
	switch {
	case errors.As(err, &fe) && fe.panics:
		l.diag.errorf(pos, obj, "GORM calls TableName on a new zero %s%s, and that call panics (%v); make the method work on a zero %[1]s, or put //gen:table NAME on the doc comment of struct %[1]s", m.obj.Name(), promoted, err)
		return "", false
	case errors.As(err, &fe):
		l.diag.errorf(pos, obj, "TableName returns a name known only at run time (%v); gen folds constants, if and switch on the receiver's fields (zero: GORM calls TableName on a new zero %s%s), + and fmt.Sprintf of constants; put //gen:table NAME on the doc comment of struct %[2]s", err, m.obj.Name(), promoted)
		return "", false
	case err != nil:
		l.diag.errorf(pos, obj, "%v; put //gen:table NAME on the doc comment of struct %s", err, m.obj.Name())
		return "", false
	case name == "":
		l.diag.errorf(pos, obj, "returns an empty table name (GORM calls it on a new zero %s%s); return the name, or put //gen:table NAME on the doc comment of struct %[1]s", m.obj.Name(), promoted)
		return "", false
	}
	if _, ok := l.unqualified(name, pos, obj, "TableName returns", m.obj.Name()); !ok {
		return "", false
	}
	return name, true
}

// tableSource says where m.table comes from, for messages: gen.yaml's
// tables: when an entry there names it, else a //gen:table directive.
func (l *loader) tableSource(m *model) string {
	for _, e := range l.cfg.Tables {
		name, table, ok := strings.Cut(e, "=")
		name = strings.TrimSpace(name)
		if ok && strings.TrimSpace(table) == m.table && (name == m.obj.Name() || name == m.qualified()) {
			return "gen.yaml tables: names"
		}
	}
	return "//gen:table names"
}

// targetSchema is the schema gen manages: Config.Schema, else the
// connection's default.
func targetSchema(d dialect, schema string) string {
	if schema != "" {
		return schema
	}
	return d.defaultSchema()
}

// sameSchema compares schema names as the database does: PostgreSQL
// exactly (GORM and Bun quote the name), SQLite without case.
func sameSchema(d dialect, a, b string) bool {
	if d.caselessNames() {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// splitQualified splits a table name at its dot, as GORM does (a name
// with one dot is schema.table); schema is "" when there is none.
func splitQualified(name string) (schema, table string, err error) {
	schema, table, ok := strings.Cut(name, ".")
	switch {
	case !ok:
		return "", name, nil
	case strings.Contains(table, "."):
		return "", "", fmt.Errorf("has more than one dot; write table or schema.table")
	case schema == "" || table == "":
		return "", "", fmt.Errorf("has an empty schema or table name; write table or schema.table")
	}
	return schema, table, nil
}

// unqualified returns table name without its schema when the schema is
// the one gen manages (or there is none). Otherwise it reports an error
// at pos for obj, and false: what says where the name comes from
// ("TableName returns"), structName, when set, is the struct to mark
// //gen:ignore to leave the table alone.
func (l *loader) unqualified(name string, pos token.Position, obj, what, structName string) (string, bool) {
	sch, table, err := splitQualified(name)
	if err != nil {
		l.diag.errorf(pos, obj, "%s %q, which %v", what, name, err)
		return "", false
	}
	target := targetSchema(l.dialect, l.cfg.Schema)
	if sch == "" || sameSchema(l.dialect, sch, target) {
		return table, true
	}
	fix := "name the table without a schema"
	switch {
	case structName != "" && len(l.cfg.Tables) > 0:
		fix = fmt.Sprintf("leave struct %s out of gen.yaml tables: to leave the table alone", structName)
	case structName != "":
		fix = fmt.Sprintf("mark struct %s //gen:ignore to leave the table alone", structName)
	}
	if l.dialect.attachedSchemas() {
		l.diag.errorf(pos, obj, "%s %q, table %q of schema %q, and on %s gen manages the %s database only; %s", what, name, table, sch, l.dialect.title(), l.dialect.defaultSchema(), fix)
		return "", false
	}
	l.diag.errorf(pos, obj, "%s %q, table %q of schema %q, and gen manages one schema, %q (the first schema of the database URL's search_path), until it manages several; %s, or run gen on schema %[4]s (search_path=%[4]s in the database URL)", what, name, table, sch, target, fix)
	return "", false
}

// prefixSchema checks a naming table prefix holding a schema ("app."), as
// GORM users write to put their tables in one: that schema must be the
// one gen manages. Index and constraint names keep the prefix, as GORM's
// do (idx_app_users_email).
func prefixSchema(prefix string, d dialect, schema string) error {
	sch, _, ok := strings.Cut(prefix, ".")
	if !ok {
		return nil
	}
	target := targetSchema(d, schema)
	switch {
	case strings.Count(prefix, ".") > 1 || sch == "":
		return fmt.Errorf("%q holds a schema name gen cannot read; write schema. or schema.prefix_", prefix)
	case sameSchema(d, sch, target):
		return nil
	case d.attachedSchemas():
		return fmt.Errorf("%q holds a schema name, %q, and on %s gen manages the %s database only; leave the schema out of the prefix", prefix, sch, d.title(), d.defaultSchema())
	}
	return fmt.Errorf("%q holds a schema name, %q, and gen manages one schema, %q (the first schema of the database URL's search_path); run gen on schema %[2]s (search_path=%[2]s in the database URL), keeping the prefix", prefix, sch, target)
}

// tablerMethod returns the TableName method GORM finds on model obj and
// its index path (LookupFieldOrMethod's). GORM asks whether
// reflect.New(T).Interface() is a Tabler, so the method set is that of
// *T: methods of T with value and pointer receivers, and those promoted
// from embedded structs, the shallowest one winning; two at the same depth
// make no method at all, as Go's selector rule has it. nil when there is
// none (or a field of that name hides it).
func tablerMethod(obj *types.TypeName) (*types.Func, []int) {
	found, index, _ := types.LookupFieldOrMethod(types.NewPointer(obj.Type()), false, obj.Pkg(), "TableName")
	fn, _ := found.(*types.Func)
	if fn == nil {
		return nil, nil
	}
	return fn, index
}

// methodObject names fn for messages about model m: "User.TableName", or
// for a promoted method the struct declaring it, with " (promoted from
// Base)" to append to m's name in a sentence.
func methodObject(m *model, fn *types.Func) (obj, promoted string) {
	recv := namedOf(derefType(fn.Type().(*types.Signature).Recv().Type()))
	if recv == nil || recv == m.obj {
		return m.obj.Name() + ".TableName", ""
	}
	return recv.Name() + ".TableName", " (promoted from " + recv.Name() + ")"
}

// foldTableName folds the TableName method fn of model obj, found at
// index, as GORM's call of it on reflect.New(T) runs: the receiver is the
// zero value of the struct that declares fn, reached through the embedded
// fields of the path. An embedded pointer is nil in a zero T: a pointer
// receiver below it is nil (reading its fields panics), and a value
// receiver, or anything deeper, panics at once.
func (l *loader) foldTableName(obj *types.TypeName, fn *types.Func, index []int) (string, error) {
	qual := types.RelativeTo(obj.Pkg())
	cur := obj.Type()
	nilAt := ""
	for _, i := range index[:len(index)-1] {
		if nilAt != "" {
			return "", panicking("dereferences the nil embedded %s to reach the method", nilAt)
		}
		st, ok := cur.Underlying().(*types.Struct)
		if !ok {
			return "", fmt.Errorf("gen cannot follow the embedding of %s", fn.FullName())
		}
		ft := st.Field(i).Type()
		switch u := ft.Underlying().(type) {
		case *types.Pointer:
			nilAt = types.TypeString(ft, qual)
			cur = u.Elem()
		case *types.Interface:
			return "", panicking("calls TableName on the nil embedded interface %s", types.TypeString(ft, qual))
		default:
			cur = ft
		}
	}
	// GORM calls the method on a non-nil pointer to a zero T: the zero
	// value itself for a value receiver, a pointer to it for a pointer one.
	recvType := fn.Type().(*types.Signature).Recv().Type()
	recv, err := receiverValue(recvType)
	if err != nil {
		return "", err
	}
	if nilAt != "" {
		if recv.kind != zPtr {
			return "", panicking("dereferences the nil embedded %s to call a method with a %s receiver", nilAt, types.TypeString(recvType, qual))
		}
		recv = &zval{kind: zNil, t: recvType}
	}
	return l.foldOn(fn, recv)
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}
