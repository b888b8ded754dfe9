package model

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// errNoFold says a method body is not one gen folds.
var errNoFold = errors.New("not foldable")

// methodSource returns the declaration of method fn and, when fn is
// declared in a model package, its type information. A method of another
// package (gorm.io/datatypes, say) is read from its source file, whose
// name the type information of the package records; it has no type
// information, so only literals fold in it.
func (l *loader) methodSource(fn *types.Func) (*ast.FuncDecl, *types.Info, error) {
	if m, ok := l.methods[fn.Origin()]; ok {
		return m.decl, m.info, nil
	}
	file := l.fset.Position(fn.Pos()).Filename
	if file == "" {
		return nil, nil, fmt.Errorf("method %s is declared in %s, whose source gen cannot find, so its result is unknown", fn.Name(), fn.Pkg().Path())
	}
	f, ok := l.sources[file]
	if !ok {
		var err error
		f, err = parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
		if err != nil {
			f = nil
		}
		l.sources[file] = f
	}
	if f == nil {
		return nil, nil, fmt.Errorf("method %s is declared in %s, whose source gen cannot read, so its result is unknown", fn.Name(), fn.Pkg().Path())
	}
	recv := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		if n := namedOf(derefType(sig.Recv().Type())); n != nil {
			recv = n.Name()
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Name.Name != fn.Name() || len(fd.Recv.List) != 1 {
			continue
		}
		if receiverName(fd.Recv.List[0].Type) == recv {
			return fd, nil, nil
		}
	}
	return nil, nil, fmt.Errorf("method %s is declared in %s, whose source gen cannot find, so its result is unknown", fn.Name(), fn.Pkg().Path())
}

// receiverName is the type name of a receiver expression: T, *T, T[P].
func receiverName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func derefType(t types.Type) types.Type {
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return t
		}
		t = p.Elem()
	}
}

// foldStringMethod returns the value of a method whose body is
// `return <constant string expression>` (a literal, a constant, or an
// expression of them, as go/types evaluates it).
func (l *loader) foldStringMethod(fn *types.Func) (string, error) {
	decl, info, err := l.methodSource(fn)
	if err != nil {
		return "", err
	}
	if decl.Body != nil && len(decl.Body.List) == 1 {
		if ret, ok := decl.Body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			if v, ok := stringConst(ret.Results[0], info); ok {
				return v, nil
			}
		}
	}
	return "", fmt.Errorf("%s does not return a constant (its body must be `return <constant>`), and gen reads models without running them", fn.Name())
}

// stringConst evaluates e as a constant string: with type information,
// any constant expression; without, a string literal.
func stringConst(e ast.Expr, info *types.Info) (string, bool) {
	if info != nil {
		if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
		return "", false
	}
	if p, ok := e.(*ast.ParenExpr); ok {
		return stringConst(p.X, nil)
	}
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if v, err := strconv.Unquote(lit.Value); err == nil {
			return v, true
		}
	}
	return "", false
}

// gormDBDataType answers GORM's GormDBDataType(db, field) for the loaded
// dialect, as migrator.DataTypeOf asks it first, before the type: key and
// the driver's mapping. It folds the bodies such methods have (those of
// gorm.io/datatypes included): `return "T"`, and `switch
// db.Dialector.Name()` or `if db.Dialector.Name() == "postgres"` whose
// branches return constants. An empty answer means GORM goes on to the
// driver's mapping (ok false). A body gen cannot fold is an error at the
// field, unless a gen type= hint gives the type.
func (l *loader) gormDBDataType(f *field, t types.Type) (string, bool) {
	fn := lookupMethod(derefType(t), "GormDBDataType")
	if fn == nil {
		return "", false
	}
	if sig := fn.Type().(*types.Signature); sig.Params().Len() != 2 || sig.Results().Len() != 1 ||
		!isString(sig.Results().At(0).Type()) ||
		!isType(derefType(sig.Params().At(0).Type()), "gorm.io/gorm", "DB") ||
		!isType(derefType(sig.Params().At(1).Type()), gormSchemaPath, "Field") {
		l.diag.warnf(f.Pos, f.object(), "its type's GormDBDataType method is not GORM's GormDBDataType(*gorm.DB, *schema.Field) string, so GORM never calls it, and gen does not either; fix its signature")
		return "", false
	}
	decl, info, err := l.methodSource(fn)
	if err == nil {
		var v string
		if v, err = foldDialectBody(decl, info, l.gormDialectName()); err == nil {
			return v, v != ""
		}
		err = fmt.Errorf("its type's GormDBDataType method does not return constants gen can pick by dialect name (its body must return a constant, or switch on db.Dialector.Name() and return constants)")
	}
	if f.Hint.Type == "" {
		l.diag.errorf(f.Pos, f.object(), "%v, and GORM asks it for the column type before anything else; add a gen hint with the type it returns for %s, e.g. `gen:\"type=jsonb\"`", err, l.dialectTitle())
	}
	return "", false
}

// gormDialectName is Dialector.Name() of the GORM driver for the dialect.
func (l *loader) gormDialectName() string { return l.dialect.name() }

// foldDialectBody evaluates a GormDBDataType body for the dialect named
// dialect: the value of the first return it reaches.
func foldDialectBody(decl *ast.FuncDecl, info *types.Info, dialect string) (string, error) {
	if decl.Body == nil {
		return "", errNoFold
	}
	v, done, err := foldStmts(decl.Body.List, info, dialect)
	if err != nil {
		return "", err
	}
	if !done {
		return "", errNoFold
	}
	return v, nil
}

// foldStmts runs stmts; done is true when a return ran.
func foldStmts(stmts []ast.Stmt, info *types.Info, dialect string) (string, bool, error) {
	for _, st := range stmts {
		v, done, err := foldStmt(st, info, dialect)
		if err != nil || done {
			return v, done, err
		}
	}
	return "", false, nil
}

func foldStmt(st ast.Stmt, info *types.Info, dialect string) (string, bool, error) {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		if len(st.Results) != 1 {
			return "", false, errNoFold
		}
		v, ok := stringConst(st.Results[0], info)
		if !ok {
			return "", false, errNoFold
		}
		return v, true, nil
	case *ast.BlockStmt:
		return foldStmts(st.List, info, dialect)
	case *ast.SwitchStmt:
		if st.Init != nil || st.Tag == nil || !isDialectName(st.Tag) {
			return "", false, errNoFold
		}
		var def *ast.CaseClause
		for _, c := range st.Body.List {
			cc := c.(*ast.CaseClause)
			if cc.List == nil {
				def = cc
				continue
			}
			for _, e := range cc.List {
				v, ok := stringConst(e, info)
				if !ok {
					return "", false, errNoFold
				}
				if v == dialect {
					return foldStmts(cc.Body, info, dialect)
				}
			}
		}
		if def != nil {
			return foldStmts(def.Body, info, dialect)
		}
		return "", false, nil
	case *ast.IfStmt:
		if st.Init != nil {
			return "", false, errNoFold
		}
		cond, err := foldCond(st.Cond, info, dialect)
		if err != nil {
			return "", false, err
		}
		if cond {
			return foldStmts(st.Body.List, info, dialect)
		}
		if st.Else != nil {
			return foldStmt(st.Else, info, dialect)
		}
		return "", false, nil
	}
	return "", false, errNoFold
}

// foldCond evaluates `name == "x"`, `name != "x"` (either way round), and
// && / || of those, where name is the dialect's name.
func foldCond(e ast.Expr, info *types.Info, dialect string) (bool, error) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return foldCond(e.X, info, dialect)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			a, err := foldCond(e.X, info, dialect)
			if err != nil {
				return false, err
			}
			b, err := foldCond(e.Y, info, dialect)
			if err != nil {
				return false, err
			}
			if e.Op == token.LAND {
				return a && b, nil
			}
			return a || b, nil
		case token.EQL, token.NEQ:
			x, y := e.X, e.Y
			if !isDialectName(x) {
				x, y = y, x
			}
			v, ok := stringConst(y, info)
			if !isDialectName(x) || !ok {
				return false, errNoFold
			}
			return (v == dialect) == (e.Op == token.EQL), nil
		}
	}
	return false, errNoFold
}

// isDialectName reports whether e is a call of a method Name with no
// arguments on something named Dialector: db.Dialector.Name(),
// tx.Dialector.Name(), db.Config.Dialector.Name().
func isDialectName(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Name" {
		return false
	}
	switch x := sel.X.(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name == "Dialector"
	case *ast.Ident:
		return strings.EqualFold(x.Name, "dialector")
	}
	return false
}
