package model

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Which structs are tables starts from what the application itself
// migrates: the models it hands to its ORM's table-creating calls. gen
// finds those calls without running anything, in two ways:
//
//   - in the model packages, which are type-checked anyway, through
//     go/types: the callee must be GORM's or Bun's own method, and each
//     argument is followed by its static type or, for an interface value,
//     by the expression that builds it;
//   - in the rest of the main module (cmd/, internal/, …; not vendor/,
//     testdata/, nested modules or _test.go files), by syntax alone:
//     only files that name a model package in an import and one of the
//     calls' names are parsed, and `&models.User{}` is resolved through
//     the file's import specs (discover_syntax.go).
//
// The calls, read from gorm.io/gorm v1.31.2 and github.com/uptrace/bun
// v1.3.0:
//
//   - a list of what the application migrates: GORM's
//     (*gorm.DB).AutoMigrate and Migrator().AutoMigrate/CreateTable; Bun's
//     NewCreateTable().Model (on a DB, Conn, Tx or IDB), (*bun.DB).ResetModel
//     and migrate.WithModel (the AutoMigrator's models);
//   - a mark on one model that is a table without being the list:
//     GORM's SetupJoinTable (its third argument, the join struct) and
//     Bun's RegisterModel (models registered for relations and fixtures,
//     mostly m2m join models; applications that create their tables with
//     SQL migrations call it for those alone, so it cannot be the list).

// regCall is one registration call.
type regCall struct {
	// name is the call as gen names it: "AutoMigrate",
	// "NewCreateTable().Model", "RegisterModel", …
	name string
	orm  flavor
	// list is true for a call whose models are the application's list of
	// tables (AutoMigrate, CreateTable…), false for a mark (RegisterModel,
	// SetupJoinTable).
	list bool
	// autoAdd is true for GORM's AutoMigrate, which also creates the
	// tables its models' foreign keys reference.
	autoAdd bool
	pos     token.Position
	// seq orders the calls as found.
	seq int
}

func (c *regCall) String() string { return c.name + " at " + c.pos.String() }

// discovery is what the registration calls and the ORM evidence say
// about the models of one load.
type discovery struct {
	// regs are the registration calls naming each model, in the order
	// found (model packages first, then the rest of the module).
	regs map[*types.TypeName][]*regCall
	// lists is true when a list call names a model.
	lists bool
	// unresolved are list calls with an argument gen cannot follow.
	unresolved []*regCall
	// embedders maps a model to the candidate models that embed it.
	embedders map[*model][]*model
	// strongEmbeds maps a model to the tables with strong evidence it
	// embeds (a helper reading another table: UserWithPosts{User}).
	strongEmbeds map[*model][]*model
	// models are the models of the load, in declaration order.
	models []*model
	// own is the evidence each model carries itself.
	own map[*model]signs
	// rule says how the tables were chosen.
	rule selectRule
	// module is the path of the main module.
	module string
}

func (d *discovery) register(obj *types.TypeName, c *regCall) {
	for _, o := range d.regs[obj] {
		if o == c {
			return
		}
	}
	d.regs[obj] = append(d.regs[obj], c)
	if c.list {
		d.lists = true
	}
}

// firstList returns the first list call naming a model.
func (d *discovery) firstList() *regCall {
	var first *regCall
	for _, cs := range d.regs {
		for _, c := range cs {
			if c.list && (first == nil || c.seq < first.seq) {
				first = c
			}
		}
	}
	return first
}

// registeredBy returns the first list call naming m, else the first
// mark, or nil.
func (d *discovery) registeredBy(m *model) *regCall {
	for _, c := range d.regs[m.obj] {
		if c.list {
			return c
		}
	}
	if cs := d.regs[m.obj]; len(cs) > 0 {
		return cs[0]
	}
	return nil
}

// ormOfRegistrations is the ORM every registration call naming m belongs
// to, and false when none does or they disagree.
func (d *discovery) ormOfRegistrations(m *model) (flavor, bool) {
	cs := d.regs[m.obj]
	if len(cs) == 0 {
		return 0, false
	}
	for _, c := range cs[1:] {
		if c.orm != cs[0].orm {
			return 0, false
		}
	}
	return cs[0].orm, true
}

// findRegistrations fills l.disc with the registration calls of the
// model packages (typed) and of the rest of the main module (syntax).
// It must run before releaseSyntax.
func (l *loader) findRegistrations(pkgs []*packages.Package) {
	l.disc = &discovery{regs: map[*types.TypeName][]*regCall{}}
	r := &resolver{
		l:        l,
		pkgs:     map[string]*packages.Package{},
		funcs:    map[*types.Func]typedFunc{},
		assigned: map[*types.Var][]typedExpr{},
	}
	for _, p := range pkgs {
		r.pkgs[p.PkgPath] = p
		if p.Module != nil && p.Module.Main && l.disc.module == "" {
			l.disc.module = p.Module.Path
		}
	}
	var calls []typedCall
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			calls = append(calls, r.indexTyped(f, p.TypesInfo)...)
		}
	}
	for _, c := range calls {
		r.registerTyped(c)
	}
	l.findModuleRegistrations(r, pkgs)
}

// typedExpr is an expression with the types.Info of its package.
type typedExpr struct {
	e    ast.Expr
	info *types.Info
}

type typedFunc struct {
	decl *ast.FuncDecl
	info *types.Info
}

type typedCall struct {
	call *ast.CallExpr
	info *types.Info
	reg  regCall
	args []ast.Expr
}

// resolver follows registration arguments to the structs they name.
type resolver struct {
	l    *loader
	pkgs map[string]*packages.Package
	// funcs are the functions and methods declared in the model packages;
	// assigned the values assigned to each variable there (package-level
	// or local: initializers, = and :=, and the list a range loop's value
	// variable ranges over).
	funcs    map[*types.Func]typedFunc
	assigned map[*types.Var][]typedExpr
	seq      int
	// following are the variables and functions being followed: a value
	// assigned from itself (list = append(list, …)) adds nothing more.
	following map[any]bool
}

// follow marks key as being followed, and reports false when it already
// is; done unmarks it.
func (r *resolver) follow(key any) bool {
	if r.following[key] {
		return false
	}
	if r.following == nil {
		r.following = map[any]bool{}
	}
	r.following[key] = true
	return true
}

func (r *resolver) done(key any) { delete(r.following, key) }

// indexTyped records the functions and assignments of f and returns its
// registration calls.
func (r *resolver) indexTyped(f *ast.File, info *types.Info) []typedCall {
	var calls []typedCall
	assign := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if v, ok := obj.(*types.Var); ok {
			r.assigned[v] = append(r.assigned[v], typedExpr{rhs, info})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				r.funcs[fn] = typedFunc{n, info}
			}
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for i, name := range n.Names {
					assign(name, n.Values[i])
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
				for i := range n.Lhs {
					assign(n.Lhs[i], n.Rhs[i])
				}
			}
		case *ast.RangeStmt:
			// for _, m := range models { … Model(m) }: m is each of them.
			if n.Value != nil {
				assign(n.Value, n.X)
			}
		case *ast.CallExpr:
			if reg, args, ok := r.typedRegCall(n, info); ok {
				calls = append(calls, typedCall{n, info, reg, args})
			}
		}
		return true
	})
	return calls
}

// typedRegCall recognises a registration call by its callee's package
// and name, and returns the arguments that name models.
func (r *resolver) typedRegCall(call *ast.CallExpr, info *types.Info) (regCall, []ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return regCall{}, nil, false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return regCall{}, nil, false
	}
	reg := regCall{name: fn.Name(), pos: r.l.position(sel.Sel.Pos())}
	path := fn.Pkg().Path()
	args := call.Args
	switch {
	case strings.HasPrefix(path, "gorm.io/") && fn.Name() == "AutoMigrate":
		reg.orm, reg.list, reg.autoAdd = flavorGORM, true, true
	case strings.HasPrefix(path, "gorm.io/") && fn.Name() == "CreateTable":
		reg.orm, reg.list = flavorGORM, true
	case path == "gorm.io/gorm" && fn.Name() == "SetupJoinTable" && len(args) == 3:
		reg.orm, args = flavorGORM, args[2:]
	case path == "github.com/uptrace/bun" && fn.Name() == "RegisterModel":
		reg.orm = flavorBun
	case path == "github.com/uptrace/bun" && fn.Name() == "ResetModel" && len(args) >= 1:
		reg.orm, reg.list, args = flavorBun, true, args[1:]
	case path == "github.com/uptrace/bun" && fn.Name() == "Model" && recvNamed(fn, "CreateTableQuery"):
		reg.orm, reg.list, reg.name = flavorBun, true, "NewCreateTable().Model"
	case path == "github.com/uptrace/bun/migrate" && fn.Name() == "WithModel":
		reg.orm, reg.list, reg.name = flavorBun, true, "migrate.WithModel"
	default:
		return regCall{}, nil, false
	}
	return reg, args, true
}

// recvNamed reports whether method fn's receiver is (a pointer to) the
// named type name.
func recvNamed(fn *types.Func, name string) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	n := namedOf(derefType(sig.Recv().Type()))
	return n != nil && n.Name() == name
}

// registerTyped resolves the arguments of a call found in a model
// package.
func (r *resolver) registerTyped(c typedCall) {
	reg := c.reg
	var res resolved
	for _, a := range c.args {
		r.typed(a, c.info, 0, &res)
	}
	r.record(&reg, &res)
}

// record registers what a call's arguments resolved to, and reports
// what they did not.
func (r *resolver) record(reg *regCall, res *resolved) {
	d := r.l.disc
	r.seq++
	reg.seq = r.seq
	for _, obj := range res.models {
		if m := r.l.allModels[obj]; m != nil {
			if m.ignore && reg.list {
				r.l.diag.warnf(m.pos, m.obj.Name(), "%s creates the table of %s, which is marked //gen:ignore, so gen does not manage it; list its table under exclude: in gen.yaml, so that gen does not drop it", reg, m.obj.Name())
			}
			d.register(obj, reg)
			continue
		}
		r.l.diag.warnf(reg.pos, "", "%s migrates %s, %s", reg.name, obj.Name(), r.notModel(obj))
	}
	for _, n := range res.notStructs {
		r.l.diag.warnf(reg.pos, "", "%s is given %s, which is not a struct, so no table; pass a pointer to a struct of a model package", reg.name, n)
	}
	for _, o := range res.outside {
		r.l.diag.warnf(reg.pos, "", "%s migrates %s, whose package is not one of the model packages, so gen manages no table for it; add %s to the models patterns, or list its table under exclude: in gen.yaml", reg.name, o, o[:strings.LastIndex(o, ".")])
	}
	if len(res.unresolved) > 0 && reg.list {
		d.unresolved = append(d.unresolved, reg)
		quoted := make([]string, len(res.unresolved))
		for i, u := range res.unresolved {
			quoted[i] = "`" + u + "`"
		}
		r.l.diag.warnf(reg.pos, "", "gen cannot tell which models %s migrates: it cannot read %s without running the program, so the structs with ORM evidence (gorm or bun tags, TableName, gorm.Model, bun.BaseModel) are tables too; pass the models at the call (&models.User{}, …) or through a package-level var or a function of a model package that returns them, or list the tables in gen.yaml tables:", reg.name, strings.Join(quoted, ", "))
	}
}

// notModel says why obj, named by a registration call, is no model.
func (r *resolver) notModel(obj *types.TypeName) string {
	if n, ok := obj.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
		return "an instance of a generic struct, and gen reads no table for one; declare the table as a struct without type parameters"
	}
	return "a struct gen reads no table for; declare it at package level in a model package"
}

// resolved is what registration arguments name.
type resolved struct {
	// models are struct types of the model packages.
	models []*types.TypeName
	// outside are structs of other packages of the main module
	// ("example.com/app/audit.Log"), named directly at the call.
	outside []string
	// unresolved are the expressions gen could not follow.
	unresolved []string
	// notStructs are values of types that are not structs ("n (a
	// models.Count)").
	notStructs []string
}

func (res *resolved) add(obj *types.TypeName) {
	for _, o := range res.models {
		if o == obj {
			return
		}
	}
	res.models = append(res.models, obj)
}

// maxFollow bounds how deep gen follows variables and functions.
const maxFollow = 8

// typed resolves expression e of a model package through its types.
func (r *resolver) typed(e ast.Expr, info *types.Info, depth int, res *resolved) {
	e = ast.Unparen(e)
	if depth > maxFollow {
		res.unresolved = append(res.unresolved, types.ExprString(e))
		return
	}
	tv, ok := info.Types[e]
	if ok && tv.IsNil() {
		return
	}
	if ok {
		if b, isBasic := tv.Type.Underlying().(*types.Basic); isBasic && b.Info()&types.IsString != 0 {
			return // GORM's AutoMigrate takes table names too
		}
		if n := structNamedOf(tv.Type); n != nil {
			obj := n.Origin().Obj()
			if obj.Pkg() != nil && r.pkgs[obj.Pkg().Path()] != nil {
				res.add(obj)
			} else if r.l.inMainModule(obj.Pkg()) && depth == 0 {
				res.outside = append(res.outside, obj.Pkg().Path()+"."+obj.Name())
			}
			return
		}
		if !holdsValues(tv.Type) {
			res.notStructs = append(res.notStructs, fmt.Sprintf("%s (a %s)", types.ExprString(e), types.TypeString(tv.Type, func(p *types.Package) string { return p.Name() })))
			return
		}
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			r.typed(elt, info, depth, res)
		}
		return
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			r.typed(e.X, info, depth, res)
			return
		}
	case *ast.Ident:
		if r.typedVar(info.Uses[e], depth, res) {
			return
		}
	case *ast.SelectorExpr:
		if r.typedVar(info.Uses[e.Sel], depth, res) {
			return
		}
	case *ast.CallExpr:
		if r.typedCall(e, info, depth, res) {
			return
		}
	}
	res.unresolved = append(res.unresolved, types.ExprString(e))
}

// typedVar resolves a variable through the values assigned to it.
func (r *resolver) typedVar(obj types.Object, depth int, res *resolved) bool {
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	vals := r.assigned[v]
	if len(vals) == 0 {
		return false
	}
	if !r.follow(v) {
		return true
	}
	defer r.done(v)
	for _, val := range vals {
		r.typed(val.e, val.info, depth+1, res)
	}
	return true
}

// typedCall resolves append(…), a conversion, or a call of a function of
// a model package through its return statements.
func (r *resolver) typedCall(call *ast.CallExpr, info *types.Info, depth int, res *resolved) bool {
	fun := ast.Unparen(call.Fun)
	if tv, ok := info.Types[fun]; ok && tv.IsType() && len(call.Args) == 1 {
		r.typed(call.Args[0], info, depth, res)
		return true
	}
	var obj types.Object
	switch f := fun.(type) {
	case *ast.Ident:
		obj = info.Uses[f]
	case *ast.SelectorExpr:
		obj = info.Uses[f.Sel]
	}
	if b, ok := obj.(*types.Builtin); ok && b.Name() == "append" {
		for _, a := range call.Args {
			r.typed(a, info, depth, res)
		}
		return true
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	return r.typedFunc(fn, depth, res)
}

// typedFunc resolves a call of fn, a function of a model package,
// through its return statements.
func (r *resolver) typedFunc(fn *types.Func, depth int, res *resolved) bool {
	tf, ok := r.funcs[fn]
	if !ok || tf.decl.Body == nil {
		return false
	}
	if !r.follow(fn) {
		return true
	}
	defer r.done(fn)
	return r.returns(tf.decl.Body, func(e ast.Expr) { r.typed(e, tf.info, depth+1, res) })
}

// returns calls each with the first result of every return statement of
// body (not those of function literals inside it), and reports whether
// there was one.
func (r *resolver) returns(body *ast.BlockStmt, each func(ast.Expr)) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				found = true
				each(n.Results[0])
			}
		}
		return true
	})
	return found
}

// structNamedOf returns the named struct type t is, points to, or holds
// in a slice or array (GORM and Bun take *[]User as User), or nil.
func structNamedOf(t types.Type) *types.Named {
	for i := 0; i < 4; i++ {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Array:
			t = u.Elem()
			continue
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u
			}
			if _, ok := u.Underlying().(*types.Slice); ok {
				t = u.Underlying()
				continue
			}
		}
		return nil
	}
	return nil
}

// holdsValues reports whether a value of type t may hold models gen
// follows by its expression: an interface, or a slice, array or pointer
// of them.
func holdsValues(t types.Type) bool {
	for i := 0; i < 4; i++ {
		switch u := t.Underlying().(type) {
		case *types.Interface:
			return true
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		default:
			return false
		}
	}
	return false
}

// inMainModule reports whether pkg belongs to the main module of the
// model packages.
func (l *loader) inMainModule(pkg *types.Package) bool {
	return pkg != nil && l.disc.inMainModule(pkg.Path())
}

func (d *discovery) inMainModule(path string) bool {
	return d.module != "" && (path == d.module || strings.HasPrefix(path, d.module+"/"))
}

// gormTables reads the GORM schema of every selected GORM model (and of
// every struct their relationships reach) before a table is built, as
// AutoMigrate does. When the tables are the application's registered
// models, it adds those AutoMigrate creates on the way (its
// ReorderModels with autoAdd): the table a registered model's foreign
// key references (a belongs-to, or the owner of a has-one or has-many
// whose key is on the registered table) and the other side of a
// many2many, and theirs in turn. The schemas are then read again, so
// that the added structs are read as tables. It returns the tables in
// declaration order.
func (l *loader) gormTables(selected []*model) []*model {
	saved := diagnostics{list: slices.Clone(l.root.list), seen: maps.Clone(l.root.seen)}
	parse := func() {
		for _, m := range selected {
			if m.flavor == flavorGORM {
				l.gormSchemaOf(m.obj)
			}
		}
	}
	parse()
	if l.disc.rule != ruleRegistered {
		return selected
	}
	var queue []*gormSchema
	for _, m := range selected {
		if gs := l.gschemas[m.obj]; gs != nil && m.flavor == flavorGORM && l.autoAdds(m) {
			queue = append(queue, gs)
		}
	}
	added := map[*model]bool{}
	for len(queue) > 0 {
		gs := queue[0]
		queue = queue[1:]
		for _, rel := range gs.rels {
			if rel.field.Unmanaged {
				continue // -:migration: AutoMigrate skips the relationship
			}
			var reached []*gormSchema
			if c := l.parseConstraint(rel); c != nil && c.table == gs && c.refSchema != nil && c.refSchema != gs {
				reached = append(reached, c.refSchema)
			}
			if rel.kind == relMany2Many && rel.fieldSchema != nil {
				reached = append(reached, rel.fieldSchema)
			}
			for _, r := range reached {
				m := l.allModels[r.obj]
				if m == nil || m.ignore || l.tableModels[m.obj] != nil || added[m] {
					continue
				}
				added[m] = true
				m.flavor = flavorGORM
				m.found = "AutoMigrate creates it for " + rel.field.object() + ", of a registered model"
				queue = append(queue, r)
			}
		}
	}
	if len(added) == 0 {
		return selected
	}
	in := map[*model]bool{}
	for _, m := range selected {
		in[m] = true
	}
	var out []*model
	for _, m := range l.disc.models {
		if in[m] || added[m] {
			out = append(out, m)
			l.tableModels[m.obj] = m
		}
	}
	selected = out
	l.root = saved
	l.gschemas = map[*types.TypeName]*gormSchema{}
	parse()
	return selected
}

// autoAdds reports whether m is registered by a call that creates the
// tables its relationships need (GORM's AutoMigrate), or was added so.
func (l *loader) autoAdds(m *model) bool {
	for _, c := range l.disc.regs[m.obj] {
		if c.autoAdd {
			return true
		}
	}
	return false
}
