package model

import (
	"fmt"
	"go/types"
)

// GORM's abstract data types (gorm schema.DataType), which each dialect
// maps to a column type. Any other DataType text is a column type given
// verbatim with the `type:` key.
const (
	kindBool   = "bool"
	kindInt    = "int"
	kindUint   = "uint"
	kindFloat  = "float"
	kindString = "string"
	kindTime   = "time"
	kindBytes  = "bytes"
)

// goType is what GORM learns from a field's Go type by reflection,
// learned here from go/types.
type goType struct {
	// dataType is GORM's abstract kind for the type, or "" when GORM gives
	// it none (structs, maps, slices other than []byte, interfaces…).
	dataType string
	// size is GORM's default Size: the bit size of numbers (int and uint
	// count as 64), 0 for the rest.
	size int
	// nullable is true for pointers and for database/sql's Null types
	// (and types defined from them): a Go value that can be NULL.
	nullable bool
	// valuer is true when the type implements driver.Valuer.
	valuer bool
	// embed is the struct type fields are taken from when the field is
	// embedded (anonymous or `embedded`); nil for time-like and Null types.
	embed *types.Struct
	// relation is true for the types GORM reads as relationships:
	// structs, and slices and arrays of structs.
	relation bool
	// target is the named struct type of a relationship (nil for a struct
	// literal type); slice is true for a slice or array of them.
	target *types.TypeName
	slice  bool
	// why says, when dataType is "", why the type has no column type.
	why string
}

// classify reads t as GORM's ParseField reads a field's reflect.Type.
func (l *loader) classify(t types.Type) goType {
	var g goType
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		g.nullable = true
		t = p.Elem()
	}
	g.valuer = hasValueMethod(t)
	if g.valuer {
		// GORM asks a driver.Valuer for the value of its zero value and
		// takes that value's type: gen knows the answer of the libraries
		// below, and of database/sql's Null types (and their like, with a
		// Valid field), which answer nil, so that GORM takes the type of
		// their first field (sql.NullString → string); it reads the Value
		// method of any other type (valuer.go).
		if kind, ok := knownValuer(t); ok {
			g.dataType = kind
			return g
		}
		st, isStruct := t.Underlying().(*types.Struct)
		switch {
		case isStruct && isTimeStruct(st):
		case isStruct && isNullStruct(st):
			inner := firstFieldKind(t)
			inner.nullable = true
			inner.valuer = true
			return inner
		case hasGormDataType(t):
			// GORM does not call Value: the kind, then GormDataType.
			if isStruct {
				g.why = "it implements driver.Valuer, whose Value method gen cannot run to learn the column type; add a type: key (e.g. `gorm:\"type:jsonb\"`)"
				return g
			}
		default:
			return l.classifyValuer(g, t)
		}
	}
	return classifyKind(g, t)
}

// firstFieldKind is what GORM makes of a struct type t whose Value gives
// no value of its own (nil for a zero sql.NullString): the kind of its
// first field, read as it is, without asking it for a value
// (uuid.NullUUID's [16]byte is bytes), and of that field's first field
// while it is a struct (null.String's sql.NullString, then its String).
func firstFieldKind(t types.Type) goType {
	qualify := func(p *types.Package) string { return p.Name() }
	for depth := 0; ; depth++ {
		st := t.Underlying().(*types.Struct)
		if st.NumFields() == 0 {
			return goType{why: "GORM has no column type for a struct without fields"}
		}
		f := st.Field(0)
		if depth > 0 && !f.Exported() {
			// Past an unexported field GORM reads an implementation
			// detail: for decimal.NullDecimal, big.Int's sign, a boolean.
			return goType{why: fmt.Sprintf("it implements driver.Valuer and its zero value is NULL, so GORM takes the type of its first field, and of that struct's first field in turn, down to the unexported field %s of %s (for decimal.NullDecimal a boolean), which cannot be what you want; add a type: key (e.g. `gorm:\"type:numeric\"`)", f.Name(), types.TypeString(t, qualify))}
		}
		first := derefType(f.Type())
		if ft, ok := first.Underlying().(*types.Struct); ok && !isTimeStruct(ft) {
			t = first
			continue
		}
		inner := classifyKind(goType{}, first)
		inner.embed = nil
		inner.relation, inner.target, inner.slice = false, nil, false
		return inner
	}
}

// classifyKind reads t by its kind, as GORM reads a type that is not a
// driver.Valuer: basic kinds, time, []byte; structs are relationships.
func classifyKind(g goType, t types.Type) goType {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		g.dataType, g.size = basicKind(u)
		if g.dataType == "" {
			g.why = "GORM has no column type for Go type " + u.Name()
		}
	case *types.Struct:
		if isTimeStruct(u) {
			g.dataType = kindTime
			return g
		}
		g.embed = u
		g.relation = true
		g.target = namedOf(t)
		g.why = "a struct is a relationship or an embedded struct in GORM, not a column"
	case *types.Slice:
		g.nullable = true
		g.classifyElem(u.Elem())
	case *types.Array:
		g.classifyElem(u.Elem())
	default:
		g.why = "GORM has no column type for Go type " + types.TypeString(t, nil)
	}
	return g
}

// classifyElem handles slices and arrays: []byte is bytes, a slice of
// structs a relationship, anything else has no column type.
func (g *goType) classifyElem(elem types.Type) {
	if b, ok := types.Unalias(elem).(*types.Basic); ok && b.Kind() == types.Uint8 {
		g.dataType = kindBytes
		return
	}
	for {
		p, ok := types.Unalias(elem).(*types.Pointer)
		if !ok {
			break
		}
		elem = p.Elem()
	}
	if st, ok := elem.Underlying().(*types.Struct); ok && !isTimeStruct(st) {
		g.relation = true
		g.target = namedOf(elem)
		g.slice = true
		g.why = "a slice of structs is a has-many or many2many relationship in GORM, not a column"
		return
	}
	g.why = "GORM has no column type for a slice other than []byte; add a serializer (`gorm:\"serializer:json\"`) or a type: key (e.g. `gorm:\"type:text[]\"`)"
}

// namedOf returns the declared type name of t, or nil for a type literal.
func namedOf(t types.Type) *types.TypeName {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// basicKind maps a basic Go type to GORM's kind and default size
// (schema/field.go: 64 for int, int64, uint, uint64 and float64).
func basicKind(b *types.Basic) (string, int) {
	switch b.Kind() {
	case types.Bool:
		return kindBool, 0
	case types.Int, types.Int64:
		return kindInt, 64
	case types.Int8:
		return kindInt, 8
	case types.Int16:
		return kindInt, 16
	case types.Int32:
		return kindInt, 32
	case types.Uint, types.Uint64:
		return kindUint, 64
	case types.Uint8:
		return kindUint, 8
	case types.Uint16:
		return kindUint, 16
	case types.Uint32:
		return kindUint, 32
	case types.Float32:
		return kindFloat, 32
	case types.Float64:
		return kindFloat, 64
	case types.String:
		return kindString, 0
	}
	return "", 0
}

// isTimeStruct reports whether st is time.Time's struct: GORM treats every
// type convertible to time.Time as a time.
func isTimeStruct(st *types.Struct) bool {
	if st.NumFields() != 3 || st.Field(2).Name() != "loc" {
		return false
	}
	p, ok := st.Field(2).Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Location"
}

// isNullStruct reports whether st has the shape of database/sql's Null
// types, whose zero value is NULL: a value field first, and a `Valid
// bool` field (sql.NullString, uuid.NullUUID, pgtype.Text…).
func isNullStruct(st *types.Struct) bool {
	if st.NumFields() < 2 {
		return false
	}
	for i := 1; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Name() == "Valid" {
			b, ok := f.Type().Underlying().(*types.Basic)
			return ok && b.Kind() == types.Bool
		}
	}
	return false
}

// knownValuers are driver.Valuer types whose zero value's Value() gen
// knows: the UUID and decimal types answer a string (uuid.Nil.String(),
// "0"), so GORM makes them text columns unless a type: key says uuid or
// numeric.
var knownValuers = map[string]string{
	"github.com/google/uuid.UUID":           kindString,
	"github.com/gofrs/uuid.UUID":            kindString,
	"github.com/gofrs/uuid/v5.UUID":         kindString,
	"github.com/satori/go.uuid.UUID":        kindString,
	"github.com/shopspring/decimal.Decimal": kindString,
}

// knownValuer returns the GORM kind of a known valuer type.
func knownValuer(t types.Type) (string, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", false
	}
	kind, ok := knownValuers[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
	return kind, ok
}

// hasValueMethod reports whether *t has a method `Value() (X, error)`, the
// shape of driver.Valuer (GORM checks reflect.New(t), a pointer).
func hasValueMethod(t types.Type) bool {
	fn := lookupMethod(t, "Value")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 2 {
		return false
	}
	return types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type())
}

// hasScanMethod reports whether *t has a method `Scan(X) error`, the
// shape of sql.Scanner.
func hasScanMethod(t types.Type) bool {
	fn := lookupMethod(t, "Scan")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
		types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type())
}

// lookupMethod returns the method name of *t (value and pointer receivers,
// promoted ones included), or nil.
func lookupMethod(t types.Type, name string) *types.Func {
	var pkg *types.Package
	if n, ok := types.Unalias(t).(*types.Named); ok {
		pkg = n.Obj().Pkg()
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, pkg, name)
	fn, _ := obj.(*types.Func)
	return fn
}
