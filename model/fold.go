package model

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
)

// methodSource returns the declaration of method fn and, when fn is
// declared in a model package, its type information. A method of another
// package (gorm.io/datatypes, say) is read from its source file, whose
// name the type information of the package records; it has no type
// information, so only literals fold in it. A method of the standard
// library (Value promoted from an embedded sql.NullString) is read from
// the GOROOT go/build knows: export data names its files $GOROOT/src/….
func (l *loader) methodSource(fn *types.Func) (*ast.FuncDecl, *types.Info, error) {
	if m, ok := l.methods[fn.Origin()]; ok {
		return m.decl, m.info, nil
	}
	notFound := fmt.Errorf("method %s is declared in %s, whose source gen cannot find, so its result is unknown", fn.Name(), fn.Pkg().Path())
	file := l.fset.Position(fn.Pos()).Filename
	if rest, ok := strings.CutPrefix(file, "$GOROOT/"); ok && build.Default.GOROOT != "" {
		file = filepath.Join(build.Default.GOROOT, filepath.FromSlash(rest))
	}
	if file == "" {
		return nil, nil, notFound
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
	return nil, nil, notFound
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

// foldStringMethod returns the value of a method without parameters
// returning a string when its body returns constants whatever the
// receiver holds (GormDataType: GORM may call it on a value it got from
// the type's Value method).
func (l *loader) foldStringMethod(fn *types.Func) (string, error) {
	v, err := l.foldOn(fn, nil)
	if err != nil {
		return "", fmt.Errorf("%s does not return a constant: %w, and gen reads models without running them", fn.Name(), err)
	}
	return v, nil
}

// foldOn returns the value of method fn (no parameters, a string result)
// as a call of it on recv returns it; recv nil means the receiver is not
// known. A body folds when it returns constants, tests the receiver's
// fields with if and switch, and joins constants with + or fmt.Sprintf;
// otherwise the error says what it does that gen cannot know (a
// *foldError, or why the source cannot be read).
func (l *loader) foldOn(fn *types.Func, recv *zval) (string, error) {
	decl, info, err := l.methodSource(fn)
	if err != nil {
		return "", err
	}
	f := newFolder(decl, info, fn.Pkg())
	f.recv = recv
	v, done, err := f.body(decl)
	if err != nil {
		return "", err
	}
	if !done {
		return "", notFoldable("reaches no return gen knows")
	}
	return v, nil
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
		if v, _, err = foldDialectBody(decl, info, fn.Pkg(), l.gormDialectName()); err == nil {
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
// dialect: the value of the first return it reaches; done is false when it
// reaches none (a switch on the dialect's name without a case for it).
func foldDialectBody(decl *ast.FuncDecl, info *types.Info, pkg *types.Package, dialect string) (string, bool, error) {
	f := newFolder(decl, info, pkg)
	f.dialect = dialect
	return f.body(decl)
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

// A folder evaluates the body of a method as the ORM's call of it runs,
// from what is fixed before the program runs: constants, the dialect's
// name (db.Dialector.Name() in GormDBDataType), and the receiver when the
// ORM calls the method on a zero value (TableName, Value). Anything else
// (a variable, a call, a loop) is a *foldError saying what it is.
//
// It runs a body one of two ways. Folding (TableName, GormDBDataType)
// follows the one way the call goes and needs the value of the return it
// reaches: anything gen cannot evaluate on that way is an error. Exploring
// (a Valuer's Value, read by valuerRun) wants every return the call may
// reach: a condition gen cannot decide runs both ways, a switch every
// clause, a loop its body, and other statements are passed over; each
// return reached is handed to onReturn.
//
// Identifiers are resolved by name: after releaseSyntax a method keeps
// only the types and constant values of its expressions (types.Info.Types),
// and a name declared in the body, a parameter or a named result is known
// only at run time, so a name is the receiver, else such a local, else a
// package-level object, else a universe one.
type folder struct {
	// info holds the types and constant values of the body's
	// expressions; nil for a method read from another package's source.
	info *types.Info
	// pkg is the method's package, whose scope names its constants.
	pkg *types.Package
	// dialect is the value of db.Dialector.Name(); "" when unknown.
	dialect string
	// recvName is the receiver's name in the declaration ("" or "_" when
	// the body cannot name it); recv its value, nil when unknown.
	recvName string
	recv     *zval
	// locals are the names of the parameters, named results and names
	// the body declares, which hide package-level names and are known
	// only at run time.
	locals map[string]bool
	// explore is true to run every way the call may go, handing each
	// return to onReturn; false to fold the one way, whose return's value
	// is result.
	explore  bool
	onReturn func(*ast.ReturnStmt)
	result   *zval
}

// A zval is a value known before the program runs.
type zval struct {
	kind zkind
	// c is the value of a zConst: a string, boolean or number.
	c constant.Value
	// t is the type of a zNil, zZero or zPtr value (nil for an untyped
	// nil); for a zPtr, the pointer type.
	t types.Type
}

type zkind int

const (
	// zConst is a constant or a basic value known exactly.
	zConst zkind = iota
	// zNil is a nil pointer, slice, map, channel, function or interface.
	zNil
	// zZero is the zero value of a struct or array type.
	zZero
	// zPtr is a non-nil pointer to a zero value.
	zPtr
)

// A foldError says why a body does not fold: what in it is known only
// at run time, or that the call panics.
type foldError struct {
	// what completes "it …": "calls strings.ToLower", "reads package
	// variable prefix".
	what string
	// panics is true when the ORM's call of the method panics.
	panics bool
}

func (e *foldError) Error() string { return "it " + e.what }

// isPanic reports whether err says the call panics.
func isPanic(err error) bool {
	var fe *foldError
	return errors.As(err, &fe) && fe.panics
}

func notFoldable(format string, args ...any) error {
	return &foldError{what: fmt.Sprintf(format, args...)}
}

func panicking(format string, args ...any) error {
	return &foldError{what: fmt.Sprintf(format, args...), panics: true}
}

// zeroOf is the zero value of t.
func zeroOf(t types.Type) (*zval, error) {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return nil, notFoldable("reads a value of type parameter %s", t)
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return &zval{c: constant.MakeString("")}, nil
		case u.Info()&types.IsBoolean != 0:
			return &zval{c: constant.MakeBool(false)}, nil
		case u.Info()&types.IsInteger != 0:
			return &zval{c: constant.MakeInt64(0)}, nil
		case u.Info()&types.IsFloat != 0:
			return &zval{c: constant.MakeFloat64(0)}, nil
		case u.Kind() == types.UnsafePointer:
			return &zval{kind: zNil, t: t}, nil
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return &zval{kind: zNil, t: t}, nil
	case *types.Struct, *types.Array:
		return &zval{kind: zZero, t: t}, nil
	}
	return nil, notFoldable("reads a value of type %s", t)
}

// receiverValue is the receiver of a method with receiver type recv
// called on a non-nil pointer to a zero value, as GORM calls TableName on
// reflect.New of the model's type: the zero value itself for a value
// receiver, a non-nil pointer to it for a pointer receiver.
func receiverValue(recv types.Type) (*zval, error) {
	if p, ok := types.Unalias(recv).(*types.Pointer); ok {
		return &zval{kind: zPtr, t: p}, nil
	}
	return zeroOf(recv)
}

// newFolder returns a folder for the body of decl, declared in pkg.
func newFolder(decl *ast.FuncDecl, info *types.Info, pkg *types.Package) *folder {
	f := &folder{info: info, pkg: pkg, locals: map[string]bool{}}
	if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
		f.recvName = decl.Recv.List[0].Names[0].Name
	}
	declared := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, field := range fl.List {
			for _, n := range field.Names {
				f.locals[n.Name] = true
			}
		}
	}
	declared(decl.Type.Params)
	declared(decl.Type.Results)
	if decl.Body != nil {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, e := range n.Lhs {
						if id, ok := e.(*ast.Ident); ok {
							f.locals[id.Name] = true
						}
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					f.locals[id.Name] = true
				}
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					for _, e := range []ast.Expr{n.Key, n.Value} {
						if id, ok := e.(*ast.Ident); ok {
							f.locals[id.Name] = true
						}
					}
				}
			case *ast.FuncType:
				declared(n.Params)
				declared(n.Results)
			}
			return true
		})
	}
	return f
}

// body folds the body of decl and returns the string value of the first
// return it reaches; done is false when none is reached (GormDBDataType's
// switch without a matching case).
func (f *folder) body(decl *ast.FuncDecl) (v string, done bool, err error) {
	if decl.Body == nil {
		return "", false, notFoldable("has no body")
	}
	fl, err := f.stmts(decl.Body.List)
	if err != nil || fl != flowReturn {
		return "", false, err
	}
	if r := f.result; r.kind != zConst || r.c.Kind() != constant.String {
		return "", false, notFoldable("returns %s, which is not a string gen knows", describe(r))
	}
	return constant.StringVal(f.result.c), true, nil
}

// flow is how a statement may end, a set: folding, it ends one way;
// exploring, it may end several.
type flow uint8

const (
	flowNext flow = 1 << iota // on to the next statement
	flowReturn
	flowBreak
	flowFallthrough
	flowContinue
)

// stmts runs a list of statements: the ways it ends are those of each
// statement, up to the first that cannot go on to the next.
func (f *folder) stmts(list []ast.Stmt) (flow, error) {
	var out flow
	for _, st := range list {
		fl, err := f.stmt(st)
		if err != nil {
			return 0, err
		}
		out |= fl &^ flowNext
		if fl&flowNext == 0 {
			return out, nil
		}
	}
	return out | flowNext, nil
}

// stmt runs a statement. Exploring, it fails for nothing: what gen does
// not follow is passed over.
func (f *folder) stmt(st ast.Stmt) (flow, error) {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		if f.explore {
			f.onReturn(st)
			return flowReturn, nil
		}
		if len(st.Results) != 1 {
			return 0, notFoldable("returns named results")
		}
		v, err := f.expr(st.Results[0])
		f.result = v
		return flowReturn, err
	case *ast.BlockStmt:
		return f.stmts(st.List)
	case *ast.EmptyStmt:
		return flowNext, nil
	case *ast.IfStmt:
		var cond bool
		var err error
		if st.Init != nil {
			err = notFoldable("runs %s before an if condition", stmtKind(st.Init))
		} else {
			cond, err = f.cond(st.Cond)
		}
		switch {
		case err == nil && cond:
			return f.stmts(st.Body.List)
		case err == nil && st.Else != nil:
			return f.stmt(st.Else)
		case err == nil:
			return flowNext, nil
		case !f.explore:
			return 0, err
		}
		// Both ways.
		a, _ := f.stmts(st.Body.List)
		b := flowNext
		if st.Else != nil {
			b, _ = f.stmt(st.Else)
		}
		return a | b, nil
	case *ast.SwitchStmt:
		if f.explore {
			return f.everyClause(st.Body, true), nil
		}
		return f.switchStmt(st)
	case *ast.BranchStmt:
		switch {
		case st.Label != nil && f.explore:
			return flowNext, nil
		case st.Label != nil:
			return 0, notFoldable("jumps to label %s", st.Label.Name)
		case st.Tok == token.BREAK:
			return flowBreak, nil
		case st.Tok == token.FALLTHROUGH:
			return flowFallthrough, nil
		case st.Tok == token.CONTINUE && f.explore:
			return flowContinue, nil
		}
		if f.explore {
			return flowNext, nil
		}
		return 0, notFoldable("runs %s outside a loop gen knows", st.Tok)
	case *ast.ExprStmt:
		if call, ok := st.X.(*ast.CallExpr); ok && f.isBuiltin(call.Fun, "panic") {
			if f.explore {
				return 0, nil // the call ends here
			}
			return 0, panicking("calls panic(%s)", short(call.Args...))
		}
		if f.explore {
			return flowNext, nil
		}
		return 0, notFoldable("runs %s", short(st.X))
	}
	if !f.explore {
		return 0, notFoldable("runs %s", stmtKind(st))
	}
	switch st := st.(type) {
	case *ast.LabeledStmt:
		return f.stmt(st.Stmt)
	case *ast.TypeSwitchStmt:
		return f.everyClause(st.Body, true), nil
	case *ast.SelectStmt:
		return f.everyClause(st.Body, false) | flowNext, nil
	case *ast.ForStmt:
		return f.loop(st.Body), nil
	case *ast.RangeStmt:
		return f.loop(st.Body), nil
	}
	return flowNext, nil
}

// everyClause explores every clause of a switch or select, as gen does
// not decide which runs: it goes on to the next statement unless each
// clause returns and one is the default.
func (f *folder) everyClause(body *ast.BlockStmt, needDefault bool) flow {
	var out flow
	def := !needDefault
	for _, c := range body.List {
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			def = def || c.List == nil
			list = c.Body
		case *ast.CommClause:
			list = c.Body
		}
		fl, _ := f.stmts(list)
		out |= fl
	}
	if !def || out&(flowBreak|flowFallthrough) != 0 {
		out |= flowNext
	}
	return out &^ (flowBreak | flowFallthrough)
}

// loop explores a loop's body, which may run or not.
func (f *folder) loop(body *ast.BlockStmt) flow {
	fl, _ := f.stmts(body.List)
	return fl&^(flowBreak|flowContinue) | flowNext
}

// switchStmt folds an expression switch: the case expressions are
// evaluated in order until one equals the tag (or is true, without a
// tag), then that clause runs, else the default one.
func (f *folder) switchStmt(st *ast.SwitchStmt) (flow, error) {
	if st.Init != nil {
		return 0, notFoldable("runs %s before a switch", stmtKind(st.Init))
	}
	tag := &zval{c: constant.MakeBool(true)}
	if st.Tag != nil {
		var err error
		if tag, err = f.expr(st.Tag); err != nil {
			return 0, err
		}
	}
	clauses := st.Body.List
	run := -1
	for i, c := range clauses {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			continue
		}
		for _, e := range cc.List {
			v, err := f.expr(e)
			if err != nil {
				return 0, err
			}
			eq, err := equal(tag, v, e)
			if err != nil {
				return 0, err
			}
			if eq {
				run = i
				break
			}
		}
		if run >= 0 {
			break
		}
	}
	if run < 0 {
		for i, c := range clauses {
			if c.(*ast.CaseClause).List == nil {
				run = i
			}
		}
	}
	for run >= 0 && run < len(clauses) {
		fl, err := f.stmts(clauses[run].(*ast.CaseClause).Body)
		switch {
		case err != nil:
			return 0, err
		case fl == flowFallthrough:
			run++
			continue
		case fl == flowBreak:
			return flowNext, nil
		}
		return fl, nil
	}
	return flowNext, nil
}

// cond evaluates a condition.
func (f *folder) cond(e ast.Expr) (bool, error) {
	v, err := f.expr(e)
	if err != nil {
		return false, err
	}
	if v.kind != zConst || v.c.Kind() != constant.Bool {
		return false, notFoldable("tests %s, which gen cannot evaluate", short(e))
	}
	return constant.BoolVal(v.c), nil
}

// expr evaluates e.
func (f *folder) expr(e ast.Expr) (*zval, error) {
	if f.info != nil {
		if tv, ok := f.info.Types[e]; ok {
			switch {
			case tv.Value != nil:
				return &zval{c: tv.Value}, nil
			case tv.IsNil():
				return &zval{kind: zNil}, nil
			}
		}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return f.expr(e.X)
	case *ast.BasicLit:
		if c := constant.MakeFromLiteral(e.Value, e.Kind, 0); c.Kind() != constant.Unknown {
			return &zval{c: c}, nil
		}
	case *ast.Ident:
		return f.ident(e)
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok && f.isPackage(id) {
			if c, ok := f.imported(id.Name, e.Sel.Name).(*types.Const); ok {
				return &zval{c: c.Val()}, nil
			}
			return nil, notFoldable("reads %s", short(e))
		}
		x, err := f.expr(e.X)
		if err != nil {
			return nil, err
		}
		return f.field(x, e)
	case *ast.CallExpr:
		return f.call(e)
	case *ast.StarExpr:
		x, err := f.expr(e.X)
		if err != nil {
			return nil, err
		}
		switch {
		case x.kind == zPtr:
			return zeroOf(x.t.(*types.Pointer).Elem())
		case x.kind == zNil && x.t != nil && isPointer(x.t):
			return nil, panicking("reads %s, a nil %s", short(e), types.TypeString(x.t, types.RelativeTo(f.pkg)))
		}
	case *ast.UnaryExpr:
		switch e.Op {
		case token.NOT:
			b, err := f.cond(e.X)
			if err != nil {
				return nil, err
			}
			return &zval{c: constant.MakeBool(!b)}, nil
		case token.SUB:
			x, err := f.expr(e.X)
			if err != nil {
				return nil, err
			}
			if x.kind == zConst && (x.c.Kind() == constant.Int || x.c.Kind() == constant.Float) {
				return &zval{c: constant.UnaryOp(token.SUB, x.c, 0)}, nil
			}
		}
	case *ast.BinaryExpr:
		return f.binary(e)
	}
	return nil, notFoldable("computes %s, which gen does not evaluate", short(e))
}

// ident resolves a name: the receiver, a constant, nil, a variable.
func (f *folder) ident(id *ast.Ident) (*zval, error) {
	if id.Name == f.recvName && id.Name != "_" {
		if f.recv == nil {
			return nil, notFoldable("reads its receiver %s", id.Name)
		}
		return f.recv, nil
	}
	if f.locals[id.Name] {
		return nil, notFoldable("reads %s, known only when the method runs", id.Name)
	}
	switch obj := f.lookup(id.Name).(type) {
	case *types.Const:
		return &zval{c: obj.Val()}, nil
	case *types.Nil:
		return &zval{kind: zNil}, nil
	case *types.Var:
		if obj.Parent() == f.pkgScope() {
			return nil, notFoldable("reads package variable %s", id.Name)
		}
	}
	return nil, notFoldable("reads %s", id.Name)
}

func (f *folder) pkgScope() *types.Scope {
	if f.pkg == nil {
		return nil
	}
	return f.pkg.Scope()
}

// lookup resolves a name that is not the receiver: the package's scope,
// then the universe.
func (f *folder) lookup(name string) types.Object {
	if s := f.pkgScope(); s != nil {
		if obj := s.Lookup(name); obj != nil {
			return obj
		}
	}
	return types.Universe.Lookup(name)
}

// isPackage reports whether id names an imported package: it is neither
// the receiver nor declared in the package or the universe, and the
// package imports one of that name.
func (f *folder) isPackage(id *ast.Ident) bool {
	if id.Name == f.recvName || f.locals[id.Name] || f.lookup(id.Name) != nil || f.pkg == nil {
		return false
	}
	for _, p := range f.pkg.Imports() {
		if p.Name() == id.Name {
			return true
		}
	}
	return false
}

// imported is the object name of the package imported as pkgName, nil
// when two imported packages have that name (gen does not know which
// file imports which).
func (f *folder) imported(pkgName, name string) types.Object {
	var found *types.Package
	for _, p := range f.pkg.Imports() {
		if p.Name() == pkgName {
			if found != nil {
				return nil
			}
			found = p
		}
	}
	if found == nil {
		return nil
	}
	return found.Scope().Lookup(name)
}

// isBuiltin reports whether e names the universe's function name.
func (f *folder) isBuiltin(e ast.Expr, name string) bool {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	id, ok := e.(*ast.Ident)
	if !ok || id.Name != name || id.Name == f.recvName || f.locals[name] {
		return false
	}
	_, ok = f.lookup(name).(*types.Builtin)
	return ok
}

// field reads field e.Sel of x.
func (f *folder) field(x *zval, e *ast.SelectorExpr) (*zval, error) {
	var t types.Type
	switch x.kind {
	case zZero:
		t = x.t
	case zPtr:
		t = x.t.(*types.Pointer).Elem()
	case zNil:
		if _, ok := x.t.Underlying().(*types.Pointer); ok {
			return nil, panicking("reads %s through a nil %s", short(e), types.TypeString(x.t, types.RelativeTo(f.pkg)))
		}
		return nil, notFoldable("reads %s", short(e))
	default:
		return nil, notFoldable("reads %s", short(e))
	}
	obj, index, _ := types.LookupFieldOrMethod(t, true, f.pkg, e.Sel.Name)
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() {
		return nil, notFoldable("reads %s", short(e))
	}
	// Through embedded fields: a nil embedded pointer panics.
	st := t
	for _, i := range index[:len(index)-1] {
		s, ok := st.Underlying().(*types.Struct)
		if !ok {
			return nil, notFoldable("reads %s", short(e))
		}
		ft := s.Field(i).Type()
		if _, ok := ft.Underlying().(*types.Pointer); ok {
			return nil, panicking("reads %s through the nil embedded %s", short(e), types.TypeString(ft, types.RelativeTo(f.pkg)))
		}
		st = ft
	}
	return zeroOf(v.Type())
}

// call evaluates the calls gen knows the result of: len of a string
// constant or of a nil slice, map or channel; a conversion between string
// types; fmt.Sprintf of constants; db.Dialector.Name() in GormDBDataType.
func (f *folder) call(e *ast.CallExpr) (*zval, error) {
	if f.dialect != "" && isDialectName(e) {
		return &zval{c: constant.MakeString(f.dialect)}, nil
	}
	if f.isBuiltin(e.Fun, "len") && len(e.Args) == 1 {
		x, err := f.expr(e.Args[0])
		if err != nil {
			return nil, err
		}
		switch {
		case x.kind == zConst && x.c.Kind() == constant.String:
			return &zval{c: constant.MakeInt64(int64(len(constant.StringVal(x.c))))}, nil
		case x.kind == zNil && x.t != nil:
			switch x.t.Underlying().(type) {
			case *types.Slice, *types.Map, *types.Chan:
				return &zval{c: constant.MakeInt64(0)}, nil
			}
		}
		return nil, notFoldable("computes %s, which gen does not evaluate", short(e))
	}
	if t := f.conversion(e); t != nil {
		x, err := f.expr(e.Args[0])
		if err != nil {
			return nil, err
		}
		if v := convert(t, x); v != nil {
			return v, nil
		}
		return nil, notFoldable("computes %s, which gen does not evaluate", short(e))
	}
	if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" {
		if id, ok := sel.X.(*ast.Ident); ok && f.isPackage(id) {
			if fn, ok := f.imported(id.Name, "Sprintf").(*types.Func); ok && fn.Pkg().Path() == "fmt" {
				return f.sprintf(e)
			}
		}
	}
	return nil, notFoldable("calls %s", short(e.Fun))
}

// conversion is the type call e converts its argument to, nil when e is
// no conversion: from the type information, else (a method read from
// source) a predeclared type or []byte.
func (f *folder) conversion(e *ast.CallExpr) types.Type {
	if len(e.Args) != 1 {
		return nil
	}
	if f.info == nil {
		return syntaxType(e.Fun)
	}
	if tv, ok := f.info.Types[e.Fun]; ok && tv.IsType() {
		return tv.Type
	}
	return nil
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

// convert is x converted to type t when the conversion keeps what gen
// knows of it (int64(d), string(s), time.Duration(n) of a zero): a
// constant to a basic type of its kind, nil to a type that has nil (an
// interface only from nil or a nil interface, as a nil pointer in an
// interface is not nil); else nil.
func convert(t types.Type, x *zval) *zval {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if x.kind != zConst {
			return nil
		}
		switch k := x.c.Kind(); {
		case u.Info()&types.IsString != 0 && k == constant.String,
			u.Info()&types.IsBoolean != 0 && k == constant.Bool,
			u.Info()&(types.IsInteger|types.IsFloat) != 0 && (k == constant.Int || k == constant.Float):
			return x
		}
	case *types.Interface:
		if x.kind == zNil && (x.t == nil || isInterface(x.t)) {
			return &zval{kind: zNil, t: t}
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature:
		if x.kind == zNil {
			return &zval{kind: zNil, t: t}
		}
	}
	return nil
}

// sprintf evaluates fmt.Sprintf of constants, when the result does not
// depend on the arguments' exact types: each verb is one of %s %q %v for
// a string, %d %v for an integer, %t %v for a boolean (with flags, width
// and precision), one argument per verb, and no argument of a named type
// (which may format itself).
func (f *folder) sprintf(e *ast.CallExpr) (*zval, error) {
	fail := func() (*zval, error) {
		return nil, notFoldable("calls %s with a verb or an argument gen does not format: it formats %%s, %%q, %%d, %%t and %%v of constants of basic types", short(e.Fun))
	}
	if f.info == nil || len(e.Args) == 0 || e.Ellipsis.IsValid() {
		return fail()
	}
	format, err := f.expr(e.Args[0])
	if err != nil {
		return nil, err
	}
	if format.kind != zConst || format.c.Kind() != constant.String {
		return fail()
	}
	verbs, ok := formatVerbs(constant.StringVal(format.c))
	if !ok || len(verbs) != len(e.Args)-1 {
		return fail()
	}
	args := make([]any, len(verbs))
	for i, a := range e.Args[1:] {
		v, err := f.expr(a)
		if err != nil {
			return nil, err
		}
		tv, ok := f.info.Types[a]
		b, basic := types.Unalias(tv.Type).(*types.Basic)
		if !ok || !basic || v.kind != zConst {
			return fail()
		}
		switch verb := verbs[i]; {
		case b.Info()&types.IsString != 0 && v.c.Kind() == constant.String && strings.ContainsRune("sqv", verb):
			args[i] = constant.StringVal(v.c)
		case b.Info()&types.IsBoolean != 0 && v.c.Kind() == constant.Bool && strings.ContainsRune("tv", verb):
			args[i] = constant.BoolVal(v.c)
		case b.Info()&types.IsInteger != 0 && v.c.Kind() == constant.Int && strings.ContainsRune("dv", verb):
			if n, exact := constant.Int64Val(v.c); exact {
				args[i] = n
			} else if n, exact := constant.Uint64Val(v.c); exact {
				args[i] = n
			} else {
				return fail()
			}
		default:
			return fail()
		}
	}
	return &zval{c: constant.MakeString(fmt.Sprintf(constant.StringVal(format.c), args...))}, nil
}

// formatVerbs returns the verbs of a fmt format (%% aside), false when it
// uses argument indexes or * widths.
func formatVerbs(format string) ([]rune, bool) {
	var verbs []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i == len(format) || format[i] == '[' || format[i] == '*' {
			return nil, false
		}
		if format[i] == '%' {
			continue
		}
		verbs = append(verbs, rune(format[i]))
	}
	return verbs, true
}

// binary evaluates && and || (short-circuit), comparisons, and string
// concatenation.
func (f *folder) binary(e *ast.BinaryExpr) (*zval, error) {
	switch e.Op {
	case token.LAND, token.LOR:
		// decides is the value of either side that decides the whole.
		// Folding, X is evaluated first, as Go does; exploring, an X gen
		// cannot evaluate (and that does not panic) is decided by Y.
		decides := e.Op == token.LOR
		a, errX := f.cond(e.X)
		if errX == nil && a == decides {
			return &zval{c: constant.MakeBool(a)}, nil
		}
		if errX != nil && (!f.explore || isPanic(errX)) {
			return nil, errX
		}
		b, errY := f.cond(e.Y)
		switch {
		case errY == nil && (errX == nil || b == decides):
			return &zval{c: constant.MakeBool(b)}, nil
		case errX != nil:
			return nil, errX
		}
		return nil, errY
	}
	x, err := f.expr(e.X)
	if err != nil {
		return nil, err
	}
	y, err := f.expr(e.Y)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case token.EQL, token.NEQ:
		eq, err := equal(x, y, e)
		if err != nil {
			return nil, err
		}
		return &zval{c: constant.MakeBool(eq == (e.Op == token.EQL))}, nil
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		if x.kind == zConst && y.kind == zConst && comparableConsts(x.c, y.c) && x.c.Kind() != constant.Bool {
			return &zval{c: constant.MakeBool(constant.Compare(x.c, e.Op, y.c))}, nil
		}
	case token.ADD:
		if x.kind == zConst && y.kind == zConst && x.c.Kind() == constant.String && y.c.Kind() == constant.String {
			return &zval{c: constant.BinaryOp(x.c, token.ADD, y.c)}, nil
		}
	}
	return nil, notFoldable("computes %s, which gen does not evaluate", short(e))
}

// equal compares two values as == does; e is the expression for messages.
func equal(x, y *zval, e ast.Expr) (bool, error) {
	switch {
	case x.kind == zConst && y.kind == zConst && comparableConsts(x.c, y.c):
		return constant.Compare(x.c, token.EQL, y.c), nil
	case x.kind == zNil && y.kind == zNil:
		return true, nil
	case x.kind == zNil && y.kind == zPtr, x.kind == zPtr && y.kind == zNil:
		return false, nil
	case x.kind == zNil && y.kind == zConst && isInterface(x.t), y.kind == zNil && x.kind == zConst && isInterface(y.t):
		// A nil interface holds no constant.
		return false, nil
	}
	return false, notFoldable("compares %s, which gen does not evaluate", short(e))
}

// comparableConsts reports whether constant.Compare accepts x and y.
func comparableConsts(x, y constant.Value) bool {
	num := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float }
	return x.Kind() == y.Kind() && x.Kind() != constant.Unknown || num(x.Kind()) && num(y.Kind())
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

func isInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

// short is the source text of expressions for a message, cut to a line.
func short(es ...ast.Expr) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, types.ExprString(e))
	}
	s := strings.Join(parts, ", ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// describe names a value for a message.
func describe(v *zval) string {
	switch v.kind {
	case zConst:
		return v.c.ExactString()
	case zNil:
		return "nil"
	}
	return "a zero " + v.t.String()
}

// stmtKind names a statement gen does not fold, for a message.
func stmtKind(st ast.Stmt) string {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 {
			return "an assignment to " + short(st.Lhs[0])
		}
		return "an assignment"
	case *ast.DeclStmt:
		return "a declaration"
	case *ast.ForStmt, *ast.RangeStmt:
		return "a loop"
	case *ast.TypeSwitchStmt:
		return "a type switch"
	case *ast.IncDecStmt:
		return short(st.X) + st.Tok.String()
	case *ast.DeferStmt:
		return "a defer"
	case *ast.GoStmt:
		return "a go statement"
	case *ast.SelectStmt:
		return "a select"
	case *ast.LabeledStmt:
		return "a labeled statement"
	case *ast.SendStmt:
		return "a send"
	}
	return "a statement"
}
