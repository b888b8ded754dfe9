package model

import (
	"errors"
	"fmt"
	"go/types"
)

// tableName returns the table name of m: its //gen:table directive, else
// the name its TableName method returns, else GORM's naming strategy
// (schema.go Parse: Tabler before TablerWithNamer before NamingStrategy).
func (l *loader) tableName(m *model) (string, bool) {
	if m.table != "" {
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
	return name, true
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
