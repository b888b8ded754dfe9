package model

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// regNames are the names a registration call spells: a file holding none
// of them is not parsed.
var regNames = [][]byte{
	[]byte("AutoMigrate"), []byte("CreateTable"), []byte("SetupJoinTable"),
	[]byte("RegisterModel"), []byte("ResetModel"), []byte("WithModel"),
}

// findModuleRegistrations reads, by syntax alone, the registration calls
// of the main module outside the model packages: cmd/, internal/, a
// migrations package. It skips vendor/, testdata/, node_modules/,
// directories starting with . or _, nested modules and _test.go files
// (tests migrate subsets of the models), and parses only the files that
// import a model package and spell one of the calls' names.
func (l *loader) findModuleRegistrations(r *resolver, pkgs []*packages.Package) {
	var mod *packages.Module
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" {
			mod = p.Module
			break
		}
	}
	if mod == nil {
		return
	}
	l.disc.module = mod.Path
	modelDirs := map[string]bool{}
	var imports [][]byte
	for _, p := range pkgs {
		for _, f := range p.GoFiles {
			modelDirs[filepath.Dir(f)] = true
		}
		imports = append(imports, []byte(strconv.Quote(p.PkgPath)))
	}
	s := &syntaxScan{r: r, fset: token.NewFileSet(), siblings: map[string][]*fileCtx{}}
	var walk func(dir string, root bool)
	walk = func(dir string, root bool) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		if !root {
			for _, e := range entries {
				if e.Name() == "go.mod" && !e.IsDir() {
					return // a module of its own
				}
			}
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				if name == "vendor" || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					continue
				}
				walk(filepath.Join(dir, name), false)
				continue
			}
			if modelDirs[dir] || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			file := filepath.Join(dir, name)
			src, err := os.ReadFile(file)
			if err != nil || !containsAny(src, regNames) || !containsAny(src, imports) {
				continue
			}
			s.file(file, src)
		}
	}
	walk(mod.Dir, true)
}

func containsAny(src []byte, words [][]byte) bool {
	for _, w := range words {
		if bytes.Contains(src, w) {
			return true
		}
	}
	return false
}

// syntaxScan reads registration calls from files that are not
// type-checked.
type syntaxScan struct {
	r    *resolver
	fset *token.FileSet
	// siblings are the parsed files of a directory, for package-level
	// names declared in another file than the call's.
	siblings map[string][]*fileCtx
}

// fileCtx is one parsed file: its import names and the values assigned
// to its variables.
type fileCtx struct {
	f       *ast.File
	dir     string
	imports map[string]string
	//lint:ignore SA1019 syntax-only reading has no go/types; the parser's object resolution is the file scope wanted here
	assigns map[*ast.Object][]ast.Expr
}

func (s *syntaxScan) parse(file string, src []byte) *fileCtx {
	f, err := parser.ParseFile(s.fset, file, src, 0)
	if err != nil && f == nil {
		return nil
	}
	fc := &fileCtx{f: f, dir: filepath.Dir(file), imports: map[string]string{}}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		switch {
		case spec.Name != nil:
			name = spec.Name.Name
		case s.r.pkgs[p] != nil:
			name = s.r.pkgs[p].Name
		default:
			name = importName(p)
		}
		fc.imports[name] = p
	}
	return fc
}

// importName guesses the name of a package from its import path: the
// last element, without a major version suffix.
func importName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	if i := strings.Index(base, ".v"); i > 0 {
		base = base[:i]
	}
	return strings.ReplaceAll(base, "-", "")
}

// file reads the registration calls of one file.
func (s *syntaxScan) file(file string, src []byte) {
	fc := s.parse(file, src)
	if fc == nil {
		return
	}
	ast.Inspect(fc.f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		reg, args, ok := s.regCall(call, fc)
		if !ok {
			return true
		}
		var res resolved
		for _, a := range args {
			s.resolve(a, fc, 0, &res)
		}
		s.r.record(&reg, &res)
		return true
	})
}

// regCall recognises a registration call by its name and receiver.
func (s *syntaxScan) regCall(call *ast.CallExpr, fc *fileCtx) (regCall, []ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return regCall{}, nil, false
	}
	p := s.fset.Position(sel.Sel.Pos())
	p.Filename = s.r.l.rel(p.Filename)
	p.Offset = 0
	reg := regCall{name: sel.Sel.Name, pos: p}
	args := call.Args
	switch sel.Sel.Name {
	case "AutoMigrate":
		reg.orm, reg.list, reg.autoAdd = flavorGORM, true, true
	case "CreateTable":
		if !callsMethod(sel.X, "Migrator") && !fc.importsPrefix("gorm.io/") {
			return regCall{}, nil, false
		}
		reg.orm, reg.list = flavorGORM, true
	case "SetupJoinTable":
		if len(args) != 3 {
			return regCall{}, nil, false
		}
		reg.orm, args = flavorGORM, args[2:]
	case "RegisterModel":
		reg.orm = flavorBun
	case "ResetModel":
		if len(args) < 1 {
			return regCall{}, nil, false
		}
		reg.orm, reg.list, args = flavorBun, true, args[1:]
	case "Model":
		if !callsMethod(sel.X, "NewCreateTable") {
			return regCall{}, nil, false
		}
		reg.orm, reg.list, reg.name = flavorBun, true, "NewCreateTable().Model"
	case "WithModel":
		id, ok := sel.X.(*ast.Ident)
		if !ok || fc.imports[id.Name] != "github.com/uptrace/bun/migrate" {
			return regCall{}, nil, false
		}
		reg.orm, reg.list, reg.name = flavorBun, true, "migrate.WithModel"
	default:
		return regCall{}, nil, false
	}
	return reg, args, true
}

// callsMethod reports whether the chain of calls x ends in, or passes
// through, a call of a method named name: db.Migrator(),
// db.NewCreateTable().IfNotExists().
func callsMethod(x ast.Expr, name string) bool {
	for i := 0; i < 16; i++ {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if sel.Sel.Name == name {
			return true
		}
		x = sel.X
	}
	return false
}

func (fc *fileCtx) importsPrefix(prefix string) bool {
	for _, p := range fc.imports {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// assignsOf returns the values assigned to the local or file-level
// variable obj in the file.
//
//lint:ignore SA1019 syntax-only reading has no go/types; the parser's object resolution is the file scope wanted here
func (fc *fileCtx) assignsOf(obj *ast.Object) []ast.Expr {
	if fc.assigns == nil {
		//lint:ignore SA1019 syntax-only reading has no go/types; the parser's object resolution is the file scope wanted here
		fc.assigns = map[*ast.Object][]ast.Expr{}
		add := func(lhs, rhs ast.Expr) {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && id.Obj != nil {
				fc.assigns[id.Obj] = append(fc.assigns[id.Obj], rhs)
			}
		}
		ast.Inspect(fc.f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if len(n.Values) == len(n.Names) {
					for i, name := range n.Names {
						add(name, n.Values[i])
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
					for i := range n.Lhs {
						add(n.Lhs[i], n.Rhs[i])
					}
				}
			case *ast.RangeStmt:
				if n.Value != nil {
					add(n.Value, n.X)
				}
			}
			return true
		})
	}
	return fc.assigns[obj]
}

// sibling finds the package-level declaration of name in the other files
// of dir: the file and the object.
//
//lint:ignore SA1019 syntax-only reading has no go/types; the parser's object resolution is the file scope wanted here
func (s *syntaxScan) sibling(dir, name string) (*fileCtx, *ast.Object) {
	files, ok := s.siblings[dir]
	if !ok {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
				continue
			}
			src, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				continue
			}
			if fc := s.parse(filepath.Join(dir, n), src); fc != nil {
				files = append(files, fc)
			}
		}
		s.siblings[dir] = files
	}
	for _, fc := range files {
		if obj := fc.f.Scope.Lookup(name); obj != nil {
			return fc, obj
		}
	}
	return nil, nil
}

// resolve follows expression e of file fc to the structs it names.
func (s *syntaxScan) resolve(e ast.Expr, fc *fileCtx, depth int, res *resolved) {
	e = ast.Unparen(e)
	if depth > maxFollow {
		res.unresolved = append(res.unresolved, types.ExprString(e))
		return
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return // a table name
	case *ast.Ident:
		if e.Name == "nil" && e.Obj == nil {
			return
		}
		if s.object(e.Name, e.Obj, fc, depth, res) {
			return
		}
	case *ast.CompositeLit:
		switch k, obj, out := s.typeExpr(e.Type, fc); k {
		case typeModel:
			res.add(obj)
			return
		case typeOther:
			return
		case typeOutside:
			_ = out // a composite literal may be a slice type: say nothing
			return
		}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			s.resolve(elt, fc, depth, res)
		}
		return
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			if cl, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok {
				if k, _, out := s.typeExpr(cl.Type, fc); k == typeOutside {
					if depth == 0 {
						res.outside = append(res.outside, out)
					}
					return
				}
			}
			s.resolve(e.X, fc, depth, res)
			return
		}
	case *ast.CallExpr:
		if s.call(e, fc, depth, res) {
			return
		}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok && id.Obj == nil {
			if p, ok := fc.imports[id.Name]; ok {
				if s.r.pkgs[p] == nil {
					return // a variable of a package gen does not read
				}
				if s.r.typedVar(s.r.pkgs[p].Types.Scope().Lookup(e.Sel.Name), depth, res) {
					return
				}
			}
		}
	}
	res.unresolved = append(res.unresolved, types.ExprString(e))
}

// object resolves an identifier: a variable through the values assigned
// to it, in its file or (package-level) in a sibling file.
//
//lint:ignore SA1019 syntax-only reading has no go/types; the parser's object resolution is the file scope wanted here
func (s *syntaxScan) object(name string, obj *ast.Object, fc *fileCtx, depth int, res *resolved) bool {
	if obj == nil {
		sfc, sobj := s.sibling(fc.dir, name)
		if sobj == nil {
			return false
		}
		fc, obj = sfc, sobj
	}
	if obj.Kind != ast.Var {
		return false
	}
	vals := fc.assignsOf(obj)
	if len(vals) == 0 {
		return false
	}
	if !s.r.follow(obj) {
		return true
	}
	defer s.r.done(obj)
	for _, v := range vals {
		s.resolve(v, fc, depth+1, res)
	}
	return true
}

// call resolves new(T), (*T)(nil), []any(x), append(…), and calls of
// functions, through their return statements.
func (s *syntaxScan) call(call *ast.CallExpr, fc *fileCtx, depth int, res *resolved) bool {
	fun := ast.Unparen(call.Fun)
	if id, ok := fun.(*ast.Ident); ok && id.Obj == nil {
		switch id.Name {
		case "new":
			if len(call.Args) == 1 {
				s.named(call.Args[0], fc, depth, res)
				return true
			}
		case "append":
			for _, a := range call.Args {
				s.resolve(a, fc, depth, res)
			}
			return true
		}
	}
	switch f := fun.(type) {
	case *ast.StarExpr:
		s.named(f.X, fc, depth, res)
		return true
	case *ast.ArrayType:
		if len(call.Args) == 1 {
			s.resolve(call.Args[0], fc, depth, res)
			return true
		}
	case *ast.SelectorExpr:
		id, ok := f.X.(*ast.Ident)
		if !ok || id.Obj != nil {
			return false
		}
		p, ok := fc.imports[id.Name]
		if !ok {
			return false
		}
		if s.r.pkgs[p] == nil {
			return true // a function of a package gen does not read
		}
		fn, ok := s.r.pkgs[p].Types.Scope().Lookup(f.Sel.Name).(*types.Func)
		if !ok {
			return false
		}
		return s.r.typedFunc(fn, depth, res)
	case *ast.Ident:
		sfc, obj := fc, f.Obj
		if obj == nil {
			sfc, obj = s.sibling(fc.dir, f.Name)
		}
		if obj == nil || obj.Kind != ast.Fun {
			return false
		}
		decl, ok := obj.Decl.(*ast.FuncDecl)
		if !ok || decl.Body == nil {
			return false
		}
		if !s.r.follow(obj) {
			return true
		}
		defer s.r.done(obj)
		return s.r.returns(decl.Body, func(e ast.Expr) { s.resolve(e, sfc, depth+1, res) })
	}
	return false
}

// named resolves the type of new(T) or (*T)(nil).
func (s *syntaxScan) named(t ast.Expr, fc *fileCtx, depth int, res *resolved) {
	switch k, obj, out := s.typeExpr(t, fc); k {
	case typeModel:
		res.add(obj)
	case typeOutside:
		if depth == 0 {
			res.outside = append(res.outside, out)
		}
	}
}

type typeKind int

const (
	// typeList: not a struct type (any, []any, interface{}): look at
	// the elements.
	typeList typeKind = iota
	// typeModel: a struct of a model package.
	typeModel
	// typeOutside: a type of another package of the main module.
	typeOutside
	// typeOther: a type of this package or of another module.
	typeOther
)

// typeExpr classifies a type expression of file fc.
func (s *syntaxScan) typeExpr(t ast.Expr, fc *fileCtx) (typeKind, *types.TypeName, string) {
	switch t := ast.Unparen(t).(type) {
	case nil:
		return typeList, nil, ""
	case *ast.StarExpr:
		return s.typeExpr(t.X, fc)
	case *ast.ArrayType:
		k, obj, out := s.typeExpr(t.Elt, fc)
		if k == typeOther {
			return typeList, nil, ""
		}
		return k, obj, out
	case *ast.InterfaceType:
		return typeList, nil, ""
	case *ast.Ident:
		if t.Name == "any" && t.Obj == nil {
			return typeList, nil, ""
		}
		return typeOther, nil, ""
	case *ast.SelectorExpr:
		id, ok := t.X.(*ast.Ident)
		if !ok {
			return typeOther, nil, ""
		}
		p, ok := fc.imports[id.Name]
		if !ok {
			return typeOther, nil, ""
		}
		if pkg := s.r.pkgs[p]; pkg != nil {
			obj, ok := pkg.Types.Scope().Lookup(t.Sel.Name).(*types.TypeName)
			if !ok {
				return typeOther, nil, ""
			}
			n := structNamedOf(obj.Type())
			if n == nil {
				return typeList, nil, "" // a list type of a model package
			}
			return typeModel, n.Origin().Obj(), ""
		}
		if s.r.l.disc.inMainModule(p) {
			return typeOutside, nil, p + "." + t.Sel.Name
		}
		return typeOther, nil, ""
	}
	return typeOther, nil, ""
}
