package model

import (
	"fmt"
	"go/ast"
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

// valuerRun reads one Value body for the zero value of its receiver: a
// folder explores the body, deciding the conditions it can for the zero
// value, and hands it each return the call may reach.
type valuerRun struct {
	*folder
	// recv is the receiver's name ("" when unnamed), recvType its type
	// (T, or *T for a pointer receiver: a pointer to the zero value).
	recv     string
	recvType types.Type
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
	r := &valuerRun{folder: newFolder(decl, info, fn.Pkg()), recvType: sig.Recv().Type()}
	r.explore, r.onReturn = true, r.ret
	// A body that assigns to its receiver no longer tests the zero value:
	// the receiver is then unknown.
	if names := decl.Recv.List[0].Names; len(names) == 1 && names[0].Name != "_" {
		r.recv = names[0].Name
	}
	if r.recv == "" || !assignsTo(decl.Body, r.recv) {
		r.folder.recv, _ = receiverValue(r.recvType)
	}
	r.stmts(decl.Body.List)
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
