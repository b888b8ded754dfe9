package model

import (
	"go/types"
)

// tableName returns the table name of m: its //gen:table directive, else
// the constant its TableName method returns, else GORM's naming strategy
// (schema.go Parse: Tabler before TablerWithNamer before NamingStrategy).
func (l *loader) tableName(m *model) (string, bool) {
	if m.table != "" {
		return m.table, true
	}
	fn := lookupMethod(m.obj.Type(), "TableName")
	if fn == nil {
		return l.naming.tableName(m.obj.Name()), true
	}
	sig := fn.Type().(*types.Signature)
	obj := m.obj.Name() + ".TableName"
	pos := l.position(fn.Pos())
	if sig.Params().Len() == 1 && sig.Results().Len() == 1 && isString(sig.Results().At(0).Type()) {
		l.diag.errorf(pos, obj, "TableName(schema.Namer) computes the name at run time, which gen does not do; put //gen:table NAME on the doc comment of struct %s", m.obj.Name())
		return "", false
	}
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()) {
		// Not GORM's Tabler: GORM ignores it.
		return l.naming.tableName(m.obj.Name()), true
	}
	name, err := l.foldStringMethod(fn)
	if err != nil {
		l.diag.errorf(pos, obj, "%v; put //gen:table NAME on the doc comment of struct %s", err, m.obj.Name())
		return "", false
	}
	if name == "" {
		l.diag.errorf(pos, obj, "returns an empty table name; return the name, or put //gen:table NAME on the doc comment of struct %s", m.obj.Name())
		return "", false
	}
	return name, true
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}
