package model

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/packages"
)

// gormSchemaPath is the import path of GORM's schema package.
const gormSchemaPath = "gorm.io/gorm/schema"

// namingStrategy returns the naming strategy in effect: Config.Naming
// when gen.yaml sets one, else the one a schema.NamingStrategy{…}
// literal in the loaded packages spells out with constant fields (the
// value an application passes to gorm.Open), else GORM's default.
func (l *loader) namingStrategy(pkgs []*packages.Package) Naming {
	if !l.cfg.Naming.IsZero() {
		return l.cfg.Naming
	}
	type literal struct {
		n   Naming
		pos token.Position
	}
	var found []literal
	for _, p := range pkgs {
		for _, file := range p.Syntax {
			ast.Inspect(file, func(node ast.Node) bool {
				lit, ok := node.(*ast.CompositeLit)
				if !ok || !isNamingStrategy(p.TypesInfo.TypeOf(lit)) {
					return true
				}
				pos := l.position(lit.Pos())
				found = append(found, literal{l.foldNaming(lit, p.TypesInfo, pos), pos})
				return true
			})
		}
	}
	if len(found) == 0 {
		return Naming{}
	}
	first := found[0]
	for _, o := range found[1:] {
		if o.n != first.n {
			l.diag.warnf(o.pos, "schema.NamingStrategy", "this NamingStrategy differs from the one at %s, which gen follows; set the one your database uses in gen.yaml (naming:)", first.pos)
		}
	}
	if err := prefixSchema(first.n.TablePrefix, l.dialect, l.cfg.Schema); err != nil {
		l.diag.errorf(first.pos, "schema.NamingStrategy", "TablePrefix %v", err)
		first.n.TablePrefix = ""
	}
	return first.n
}

// isNamingStrategy reports whether t is gorm.io/gorm/schema.NamingStrategy
// or a pointer to it.
func isNamingStrategy(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(derefType(t)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == gormSchemaPath && n.Obj().Name() == "NamingStrategy"
}

// foldNaming reads the constant fields of a NamingStrategy literal; a
// field gen cannot read is a warning saying to set it in gen.yaml.
func (l *loader) foldNaming(lit *ast.CompositeLit, info *types.Info, pos token.Position) Naming {
	var n Naming
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			l.diag.warnf(pos, "schema.NamingStrategy", "gen reads NamingStrategy literals with field names only; write TablePrefix: …, or set naming in gen.yaml")
			return Naming{}
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			continue
		}
		tv := info.Types[kv.Value]
		val := tv.Value
		bad := func(want string) {
			l.diag.warnf(l.position(kv.Value.Pos()), "schema.NamingStrategy", "%s is not a constant %s, so gen cannot read it and uses GORM's default; set naming.%s in gen.yaml", key.Name, want, yamlKey(key.Name))
		}
		switch key.Name {
		case "TablePrefix":
			if val == nil || val.Kind() != constant.String {
				bad("string")
				continue
			}
			n.TablePrefix = constant.StringVal(val)
		case "SingularTable", "NoLowerCase":
			if val == nil || val.Kind() != constant.Bool {
				bad("bool")
				continue
			}
			if key.Name == "SingularTable" {
				n.SingularTable = constant.BoolVal(val)
			} else {
				n.NoLowerCase = constant.BoolVal(val)
			}
		case "IdentifierMaxLength":
			v, exact := int64(0), false
			if val != nil && val.Kind() == constant.Int {
				v, exact = constant.Int64Val(val)
			}
			if !exact {
				bad("int")
				continue
			}
			if v > 0 {
				n.IdentifierMaxLength = int(v)
			}
		case "NameReplacer":
			if id, ok := kv.Value.(*ast.Ident); ok && id.Name == "nil" {
				continue
			}
			l.diag.warnf(l.position(kv.Value.Pos()), "schema.NamingStrategy", "NameReplacer renames at run time, which gen does not follow; name the tables with //gen:table NAME and the columns with column: tags")
		}
	}
	return n
}

// yamlKey is the gen.yaml key of a NamingStrategy field.
func yamlKey(field string) string {
	switch field {
	case "TablePrefix":
		return "table_prefix"
	case "SingularTable":
		return "singular_table"
	case "NoLowerCase":
		return "no_lower_case"
	case "IdentifierMaxLength":
		return "identifier_max_length"
	}
	return fmt.Sprint(strings.ToLower(field))
}
