package model

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// This file learns the column type GORM gives a driver.Valuer type gen
// has no table for. GORM (schema/field.go ParseField) calls Value on a
// pointer to the type's zero value and types the column by the Go type of
// the answer: `return string(d), nil` makes text, `return int64(d), nil`
// bigint. An answer of nil, or an error, leaves GORM with the type itself:
// its kind, or for a struct the kind of its first field.
//
// gen does not run the method. It reads its body as the zero value runs
// it: a condition on the receiver (`if d == 0`, `if !n.Valid`, `if a ==
// nil`, `len(a) == 0`) is decided for the zero value; any other condition
// is both ways, and then every return it may reach must give the column
// the same type. The answer's type is its static type, which go/types
// knows for methods of the model packages even where the value is
// computed (`time.Duration(d).String()` is a string); for methods of other
// packages, read from source without type information, gen knows literals,
// conversions, the receiver's fields and its methods' results. An error
// returned as nil or from a call is taken to be nil (a zero value marshals);
// one the body makes (errors.New, fmt.Errorf) is taken to be returned. A
// value of interface type (driver.Value, any) cannot be known: the field
// needs a type: key.

// valuerOutcome is one way the zero value's Value may end.
type valuerOutcome struct {
	// typ is the static type of the value returned; nil when GORM keeps
	// the field's own type (the body answers nil or an error).
	typ types.Type
	pos token.Pos
}

// valuerRun reads one Value body for the zero value of its receiver.
type valuerRun struct {
	info *types.Info // nil for a method of another package
	pkg  *types.Package
	// recv is the receiver's name ("" when unnamed), recvType its type
	// (T, or *T for a pointer receiver: a pointer to the zero value).
	recv     string
	recvType types.Type
	// fold is false when the body assigns to the receiver: its
	// conditions are then no longer about the zero value.
	fold     bool
	outcomes []valuerOutcome
	// problem says why a return's value has no type gen knows, at
	// problemPos.
	problem    string
	problemPos token.Pos
}

// classifyValuer types a driver.Valuer t (g holds what classify learned
// of the field's pointers) by the value its Value method gives its zero
// value, as GORM does.
func (l *loader) classifyValuer(g goType, t types.Type) goType {
	fn := lookupMethod(t, "Value")
	name := l.typeString(t)
	local := l.isModelPkg(namedOf(t))
	at := func(pos token.Pos) string {
		if !local || !pos.IsValid() {
			return ""
		}
		p := l.position(pos)
		return fmt.Sprintf(" (%s:%d:%d)", p.Filename, p.Line, p.Column)
	}
	fail := func(format string, args ...any) goType {
		g.why = name + " implements driver.Valuer, and GORM types the column by what its Value method returns for the zero value" + fmt.Sprintf(format, args...) + "; add a type: key (e.g. `gorm:\"type:text\"`)"
		return g
	}
	decl, info, err := l.methodSource(fn)
	if err != nil {
		return fail(", but %v", err)
	}
	if decl.Body == nil || decl.Recv == nil || len(decl.Recv.List) != 1 {
		return fail(", which gen cannot read%s", at(fn.Pos()))
	}
	sig := fn.Type().(*types.Signature)
	r := &valuerRun{info: info, pkg: fn.Pkg(), recvType: sig.Recv().Type(), fold: true}
	if names := decl.Recv.List[0].Names; len(names) == 1 && names[0].Name != "_" {
		r.recv = names[0].Name
		r.fold = !assignsTo(decl.Body, r.recv)
	}
	r.walk(decl.Body.List)
	switch {
	case r.problem != "":
		return fail(": here %s%s, which gen cannot know without running it", r.problem, at(r.problemPos))
	case len(r.outcomes) == 0:
		return fail(", and gen finds no return in it%s", at(fn.Pos()))
	}
	var res goType
	first := r.outcomes[0]
	for i, o := range r.outcomes {
		k := l.outcomeKind(t, o.typ)
		if i == 0 {
			res = k
			continue
		}
		if k.dataType != res.dataType || k.size != res.size || (k.dataType == "" && k.why != res.why) {
			note := ""
			if first.typ == nil || o.typ == nil {
				note = " (nil leaves GORM the type's own kind)"
			}
			return fail(": here %s%s or %s%s, by a condition gen cannot decide without running it%s", l.describeOutcome(first.typ), at(first.pos), l.describeOutcome(o.typ), at(o.pos), note)
		}
	}
	if res.dataType == "" && first.typ != nil {
		res.why = fmt.Sprintf("%s implements driver.Valuer, and its Value method returns %s for the zero value%s, for which GORM has no column type; add a type: key (e.g. `gorm:\"type:text\"`)", name, l.describeOutcome(first.typ), at(first.pos))
	}
	res.nullable = g.nullable || res.nullable
	if _, ok := t.Underlying().(*types.Slice); ok {
		res.nullable = true
	}
	res.valuer = true
	res.embed, res.relation, res.target, res.slice = nil, false, nil, false
	return res
}

// describeOutcome names an outcome in messages.
func (l *loader) describeOutcome(t types.Type) string {
	if t == nil {
		return "nil"
	}
	return l.typeString(t)
}

// typeString spells t for messages: types of the model packages by their
// name alone, others qualified by their package's name (pq.StringArray).
func (l *loader) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if l.modelPkgs[p.Path()] {
			return ""
		}
		return p.Name()
	})
}

// outcomeKind is GORM's kind for a Value answer of static type typ (nil:
// the field's own type t).
func (l *loader) outcomeKind(t, typ types.Type) goType {
	if typ == nil {
		typ = t
	}
	typ = derefType(typ)
	if st, ok := typ.Underlying().(*types.Struct); ok && !isTimeStruct(st) {
		return firstFieldKind(typ)
	}
	return classifyKind(goType{}, typ)
}

// walk runs stmts; it reports whether they surely end in a return (or a
// panic) for the zero value.
func (r *valuerRun) walk(stmts []ast.Stmt) bool {
	for _, s := range stmts {
		if r.stmt(s) {
			return true
		}
	}
	return false
}

func (r *valuerRun) stmt(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		r.ret(s)
		return true
	case *ast.BlockStmt:
		return r.walk(s.List)
	case *ast.LabeledStmt:
		return r.stmt(s.Stmt)
	case *ast.IfStmt:
		known, v := false, false
		if s.Init == nil {
			known, v = r.cond(s.Cond)
		}
		switch {
		case known && v:
			return r.walk(s.Body.List)
		case known:
			return s.Else != nil && r.stmt(s.Else)
		}
		body := r.walk(s.Body.List)
		return body && s.Else != nil && r.stmt(s.Else)
	case *ast.SwitchStmt:
		return r.clauses(s.Body)
	case *ast.TypeSwitchStmt:
		return r.clauses(s.Body)
	case *ast.SelectStmt:
		r.walk(s.Body.List)
		return false
	case *ast.ForStmt:
		r.walk(s.Body.List)
		return false
	case *ast.RangeStmt:
		r.walk(s.Body.List)
		return false
	case *ast.CaseClause:
		return r.walk(s.Body)
	case *ast.CommClause:
		return r.walk(s.Body)
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// clauses runs every clause of a switch as a possible way: the switch
// surely returns when each clause does and one is the default.
func (r *valuerRun) clauses(body *ast.BlockStmt) bool {
	all, def := true, false
	for _, c := range body.List {
		cc, ok := c.(*ast.CaseClause)
		if !ok {
			return false
		}
		def = def || cc.List == nil
		all = r.walk(cc.Body) && all
	}
	return all && def
}

// ret records how a return ends Value.
func (r *valuerRun) ret(s *ast.ReturnStmt) {
	switch len(s.Results) {
	case 2:
		if r.isMadeError(s.Results[1]) || isNilIdent(s.Results[0]) {
			r.outcomes = append(r.outcomes, valuerOutcome{pos: s.Pos()})
			return
		}
		t := r.typeOf(s.Results[0])
		if t == nil {
			r.setProblem("a value", s.Results[0].Pos())
			return
		}
		if types.IsInterface(t) {
			r.setProblem("a value of interface type "+types.TypeString(t, func(p *types.Package) string { return p.Name() }), s.Results[0].Pos())
			return
		}
		r.outcomes = append(r.outcomes, valuerOutcome{typ: t, pos: s.Pos()})
	case 1:
		// return f(…), whose results are Value's.
		if r.info != nil {
			if tup, ok := r.info.Types[s.Results[0]].Type.(*types.Tuple); ok && tup.Len() == 2 && !types.IsInterface(tup.At(0).Type()) {
				r.outcomes = append(r.outcomes, valuerOutcome{typ: tup.At(0).Type(), pos: s.Pos()})
				return
			}
		}
		r.setProblem("the results of a call", s.Results[0].Pos())
	default:
		r.setProblem("a bare return of named results", s.Pos())
	}
}

func (r *valuerRun) setProblem(what string, pos token.Pos) {
	if r.problem == "" {
		r.problem, r.problemPos = what, pos
	}
}

// isMadeError reports whether e is an error the body makes: a call of
// errors.New or fmt.Errorf, or a composite literal (&MyError{}). Any other
// error (nil, a variable, a call's result) is taken to be nil for the
// zero value.
func (r *valuerRun) isMadeError(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok {
				return pkg.Name == "errors" && sel.Sel.Name == "New" || pkg.Name == "fmt" && sel.Sel.Name == "Errorf"
			}
		}
	}
	return false
}

func isNilIdent(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// typeOf is the static type of e: from the type information of a model
// package, else from e's form.
func (r *valuerRun) typeOf(e ast.Expr) types.Type {
	if r.info != nil {
		tv, ok := r.info.Types[e]
		if !ok || tv.Type == nil {
			return nil
		}
		if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			return types.Default(tv.Type)
		}
		return tv.Type
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.typeOf(e.X)
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT:
			return types.Typ[types.Int]
		case token.FLOAT:
			return types.Typ[types.Float64]
		case token.STRING:
			return types.Typ[types.String]
		case token.CHAR:
			return types.Universe.Lookup("rune").Type()
		}
	case *ast.Ident:
		switch {
		case e.Name == r.recv && r.recv != "":
			return r.recvType
		case e.Name == "true" || e.Name == "false":
			return types.Typ[types.Bool]
		}
	case *ast.StarExpr:
		if p, ok := types.Unalias(r.typeOf(e.X)).(*types.Pointer); ok {
			return p.Elem()
		}
	case *ast.SelectorExpr:
		if x := r.typeOf(e.X); x != nil {
			if v, ok := r.member(x, e.Sel.Name).(*types.Var); ok {
				return v.Type()
			}
		}
	case *ast.CompositeLit:
		return syntaxType(e.Type)
	case *ast.CallExpr:
		if t := syntaxType(e.Fun); t != nil && len(e.Args) == 1 {
			return t // a conversion
		}
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if x := r.typeOf(sel.X); x != nil {
				if fn, ok := r.member(x, sel.Sel.Name).(*types.Func); ok {
					if res := fn.Type().(*types.Signature).Results(); res.Len() >= 1 {
						return res.At(0).Type()
					}
				}
			}
		}
	}
	return nil
}

// member looks up a field or method of a value of type t.
func (r *valuerRun) member(t types.Type, name string) types.Object {
	obj, _, _ := types.LookupFieldOrMethod(t, true, r.pkg, name)
	return obj
}

// syntaxType is the type a type expression names without type
// information: a predeclared type (string, int64, bool…) or []byte.
func syntaxType(e ast.Expr) types.Type {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return syntaxType(e.X)
	case *ast.Ident:
		if tn, ok := types.Universe.Lookup(e.Name).(*types.TypeName); ok {
			return tn.Type()
		}
	case *ast.ArrayType:
		if e.Len == nil {
			if el := syntaxType(e.Elt); el != nil {
				return types.NewSlice(el)
			}
		}
	}
	return nil
}

// vval is what gen knows of an expression's value for the zero receiver:
// a constant, nil, a pointer to the zero value of a type (the pointer
// receiver: not nil), or the zero value of a type.
type vval struct {
	c     constant.Value
	isNil bool
	ptrTo types.Type
	zero  types.Type
}

// vzeroOf is the zero value of t.
func vzeroOf(t types.Type) (vval, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return vval{c: constant.MakeBool(false)}, true
		case u.Info()&types.IsString != 0:
			return vval{c: constant.MakeString("")}, true
		case u.Info()&(types.IsInteger|types.IsFloat) != 0:
			return vval{c: constant.MakeInt64(0)}, true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return vval{isNil: true}, true
	case *types.Struct:
		return vval{zero: t}, true
	}
	return vval{}, false
}

// cond decides a condition for the zero receiver: known is false when gen
// cannot.
func (r *valuerRun) cond(e ast.Expr) (known, v bool) {
	e = ast.Unparen(e)
	if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == token.LAND || b.Op == token.LOR) {
		xk, xv := r.cond(b.X)
		yk, yv := r.cond(b.Y)
		if b.Op == token.LAND {
			switch {
			case xk && !xv, yk && !yv:
				return true, false
			case xk && yk:
				return true, true
			}
			return false, false
		}
		switch {
		case xk && xv, yk && yv:
			return true, true
		case xk && yk:
			return true, false
		}
		return false, false
	}
	z, ok := r.value(e)
	if !ok || z.c == nil || z.c.Kind() != constant.Bool {
		return false, false
	}
	return true, constant.BoolVal(z.c)
}

// value evaluates e for the zero receiver.
func (r *valuerRun) value(e ast.Expr) (vval, bool) {
	if r.info != nil {
		if tv, ok := r.info.Types[e]; ok && tv.Value != nil {
			return vval{c: tv.Value}, true
		}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.value(e.X)
	case *ast.BasicLit:
		c := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		return vval{c: c}, c.Kind() != constant.Unknown
	case *ast.Ident:
		switch {
		case e.Name == "nil":
			return vval{isNil: true}, true
		case e.Name == "true" || e.Name == "false":
			return vval{c: constant.MakeBool(e.Name == "true")}, true
		case e.Name == r.recv && r.recv != "" && r.fold:
			if p, ok := types.Unalias(r.recvType).(*types.Pointer); ok {
				return vval{ptrTo: p.Elem()}, true
			}
			return vzeroOf(r.recvType)
		}
	case *ast.StarExpr:
		if x, ok := r.value(e.X); ok && x.ptrTo != nil {
			return vzeroOf(x.ptrTo)
		}
	case *ast.SelectorExpr:
		x, ok := r.value(e.X)
		if !ok {
			break
		}
		t := x.zero
		if x.ptrTo != nil {
			t = x.ptrTo
		}
		if t == nil {
			break
		}
		if v, ok := r.member(t, e.Sel.Name).(*types.Var); ok && v.IsField() {
			return vzeroOf(v.Type())
		}
	case *ast.UnaryExpr:
		x, ok := r.value(e.X)
		if !ok || x.c == nil {
			break
		}
		switch {
		case e.Op == token.NOT && x.c.Kind() == constant.Bool:
			return vval{c: constant.MakeBool(!constant.BoolVal(x.c))}, true
		case e.Op == token.SUB && (x.c.Kind() == constant.Int || x.c.Kind() == constant.Float):
			return vval{c: constant.UnaryOp(token.SUB, x.c, 0)}, true
		}
	case *ast.CallExpr:
		if len(e.Args) != 1 {
			break
		}
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "len" {
			x, ok := r.value(e.Args[0])
			switch {
			case ok && x.isNil:
				return vval{c: constant.MakeInt64(0)}, true
			case ok && x.c != nil && x.c.Kind() == constant.String:
				return vval{c: constant.MakeInt64(int64(len(constant.StringVal(x.c))))}, true
			}
			break
		}
		if r.isConversion(e.Fun) {
			// A conversion keeps a zero a zero (int64(d), string(s),
			// time.Duration(d)).
			x, ok := r.value(e.Args[0])
			if ok && (x.isNil || x.c != nil) {
				return x, true
			}
		}
	case *ast.BinaryExpr:
		x, xok := r.value(e.X)
		y, yok := r.value(e.Y)
		if !xok || !yok {
			break
		}
		return compareZ(e.Op, x, y)
	}
	return vval{}, false
}

// isConversion reports whether fun, the function of a call, names a type.
func (r *valuerRun) isConversion(fun ast.Expr) bool {
	if r.info != nil {
		tv, ok := r.info.Types[fun]
		return ok && tv.IsType()
	}
	return syntaxType(fun) != nil
}

// compareZ compares two known values.
func compareZ(op token.Token, x, y vval) (vval, bool) {
	switch op {
	case token.EQL, token.NEQ:
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		if x.c == nil || y.c == nil {
			return vval{}, false
		}
	default:
		return vval{}, false
	}
	nilish := func(z vval) bool { return z.isNil || z.ptrTo != nil }
	switch {
	case nilish(x) && nilish(y):
		eq := x.isNil == y.isNil
		return vval{c: constant.MakeBool(eq == (op == token.EQL))}, true
	case x.c != nil && y.c != nil:
		num := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float }
		xk, yk := x.c.Kind(), y.c.Kind()
		if xk != yk && !(num(xk) && num(yk)) {
			return vval{}, false
		}
		if xk == constant.Bool && op != token.EQL && op != token.NEQ {
			return vval{}, false
		}
		return vval{c: constant.MakeBool(constant.Compare(x.c, op, y.c))}, true
	}
	return vval{}, false
}

// assignsTo reports whether body assigns to name or a part of it, takes
// its address, or declares another variable of that name: then the
// receiver may not hold the zero value when a condition reads it.
func assignsTo(body *ast.BlockStmt, name string) bool {
	found := false
	root := func(e ast.Expr) bool {
		for {
			switch x := e.(type) {
			case *ast.Ident:
				return x.Name == name
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.ParenExpr:
				e = x.X
			default:
				return false
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || root(l)
			}
		case *ast.IncDecStmt:
			found = found || root(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && root(n.X)
		case *ast.RangeStmt:
			found = found || n.Key != nil && root(n.Key) || n.Value != nil && root(n.Value)
		case *ast.ValueSpec:
			for _, id := range n.Names {
				found = found || id.Name == name
			}
		case *ast.FuncLit:
			for _, f := range n.Type.Params.List {
				for _, id := range f.Names {
					found = found || id.Name == name
				}
			}
		}
		return !found
	})
	return found
}

// hasGormDataType reports whether *t has GORM's GormDataType() string:
// GORM then types the field by its kind and that method, and does not
// call Value.
func hasGormDataType(t types.Type) bool {
	fn := lookupMethod(t, "GormDataType")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && isString(sig.Results().At(0).Type())
}
