package model

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"ariga.io/atlas/sql/schema"
	"golang.org/x/tools/go/packages"
)

// enumDecl is a named string type marked //gen:enum: on PostgreSQL an
// enum type named after it (snake_case) whose values are its constants in
// declaration order; on SQLite a CHECK on every column of the type.
type enumDecl struct {
	goType *types.TypeName
	pos    token.Position
	obj    *schema.EnumType
}

// enumCandidate is a type whose doc comment holds //gen:enum.
type enumCandidate struct {
	spec *ast.TypeSpec
	pos  token.Position
}

// collectEnums checks the //gen:enum types of package p and reads their
// constants: every constant of the type declared in the package, files
// in name order, in declaration order.
func (l *loader) collectEnums(p *packages.Package, cands []enumCandidate) {
	if len(cands) == 0 {
		return
	}
	var decls []*enumDecl
	byType := map[*types.TypeName]*enumDecl{}
	for _, c := range cands {
		obj, ok := p.TypesInfo.Defs[c.spec.Name].(*types.TypeName)
		if !ok {
			continue
		}
		name := c.spec.Name.Name
		if b, ok := obj.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String || c.spec.Assign.IsValid() {
			l.diag.errorf(c.pos, name, "//gen:enum needs a defined type whose underlying type is string (type %s string); this one is %s", name, types.TypeString(obj.Type().Underlying(), types.RelativeTo(p.Types)))
			continue
		}
		e := &enumDecl{goType: obj, pos: c.pos, obj: &schema.EnumType{T: l.dialect.ident(toDBName(name))}}
		decls = append(decls, e)
		byType[obj] = e
	}
	files := append([]*ast.File(nil), p.Syntax...)
	sort.Slice(files, func(i, j int) bool {
		return l.fset.Position(files[i].Package).Filename < l.fset.Position(files[j].Package).Filename
	})
	seen := map[*enumDecl]map[string]token.Position{}
	counted := map[*enumDecl]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				for _, id := range spec.(*ast.ValueSpec).Names {
					c, ok := p.TypesInfo.Defs[id].(*types.Const)
					if !ok {
						continue
					}
					n, ok := types.Unalias(c.Type()).(*types.Named)
					if !ok {
						continue
					}
					e := byType[n.Obj()]
					if e == nil || c.Val().Kind() != constant.String {
						continue
					}
					v := constant.StringVal(c.Val())
					pos := l.position(id.Pos())
					if seen[e] == nil {
						seen[e] = map[string]token.Position{}
					}
					counted[e] = true
					if len(v) > 63 {
						l.diag.errorf(pos, id.Name, "enum %s: label %q is longer than the 63 bytes PostgreSQL allows; shorten it", e.obj.T, v)
						continue
					}
					if first, dup := seen[e][v]; dup {
						l.diag.errorf(pos, id.Name, "enum %s: value %q is also the value of the constant at %s; give every constant its own value", e.obj.T, v, first)
						continue
					}
					seen[e][v] = pos
					e.obj.Values = append(e.obj.Values, v)
				}
			}
		}
	}
	for _, e := range decls {
		if !counted[e] {
			l.diag.errorf(e.pos, e.goType.Name(), "//gen:enum type %s has no constants in package %s, so the enum would have no values; declare them (const X %s = \"x\")", e.goType.Name(), p.PkgPath, e.goType.Name())
			continue
		}
		if len(e.obj.Values) == 0 {
			continue
		}
		l.enums[e.goType] = e
		l.enumOrder = append(l.enumOrder, e)
	}
}

// enumOf returns the //gen:enum type of a field of Go type t (or of a
// pointer to it), or nil.
func (l *loader) enumOf(t types.Type) *enumDecl {
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return l.enums[n.Obj()]
	}
	return nil
}

// enumChecks returns, on a database without enum types (SQLite), the
// CHECK constraints that stand in for the enum types of the columns:
// "col" IN ('a', 'b'), named chk_<table>_<column>.
func (l *loader) enumChecks(table string, cols []*field) []*schema.Check {
	if l.dialect.enumTypes() {
		return nil
	}
	var out []*schema.Check
	for _, f := range cols {
		if f.Enum == nil || f.Hint.Type != "" {
			continue
		}
		vals := make([]string, len(f.Enum.obj.Values))
		for i, v := range f.Enum.obj.Values {
			vals[i] = quote(v)
		}
		out = append(out, &schema.Check{
			Name:  l.naming.checkName(table, f.DBName),
			Expr:  fmt.Sprintf("%s IN (%s)", quoteIdent(f.DBName), strings.Join(vals, ", ")),
			Attrs: []schema.Attr{l.pos(f.Pos)},
		})
	}
	return out
}

// quoteIdent writes s as a double-quoted SQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
