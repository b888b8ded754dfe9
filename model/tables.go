package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// flavor is the ORM whose tags a struct carries.
type flavor int

const (
	// flavorGORM is the default: GORM reads structs without any tag (its
	// quick-start Product has none).
	flavorGORM flavor = iota
	// flavorBun: the struct embeds bun.BaseModel or a field has a bun tag.
	flavorBun
	// flavorSQLX: fields carry db tags and none carries a gorm or bun tag.
	flavorSQLX
)

func (f flavor) String() string {
	switch f {
	case flavorBun:
		return "Bun"
	case flavorSQLX:
		return "sqlx"
	}
	return "GORM"
}

// flavorOf tells which ORM's tags st carries, looking through the structs
// it embeds anonymously.
func (l *loader) flavorOf(st *types.Struct) flavor {
	var gorm, bun, db bool
	var walk func(st *types.Struct, depth int)
	walk = func(st *types.Struct, depth int) {
		for i := 0; i < st.NumFields(); i++ {
			v := st.Field(i)
			tag := reflect.StructTag(st.Tag(i))
			if _, ok := tag.Lookup("bun"); ok || isBunBaseModel(v.Type()) {
				bun = true
			}
			if _, ok := tag.Lookup("gorm"); ok {
				gorm = true
			}
			if _, ok := tag.Lookup("db"); ok {
				db = true
			}
			if v.Anonymous() && depth < 8 {
				t := v.Type()
				if p, ok := types.Unalias(t).(*types.Pointer); ok {
					t = p.Elem()
				}
				if inner, ok := t.Underlying().(*types.Struct); ok {
					walk(inner, depth+1)
				}
			}
		}
	}
	walk(st, 0)
	switch {
	case bun:
		return flavorBun
	case db && !gorm:
		return flavorSQLX
	}
	return flavorGORM
}

// models returns the exported, non-generic struct types declared in p,
// files in name order, with their //gen: directives, and indexes p's
// methods.
func (l *loader) models(p *packages.Package) []*model {
	files := append([]*ast.File(nil), p.Syntax...)
	sort.Slice(files, func(i, j int) bool {
		return l.fset.Position(files[i].Package).Filename < l.fset.Position(files[j].Package).Filename
	})
	var (
		out   []*model
		enums []enumCandidate
	)
	for _, f := range files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if fn, ok := p.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Recv != nil {
					l.methods[fn] = method{decl: decl, info: p.TypesInfo}
				}
			case *ast.GenDecl:
				if decl.Tok != token.TYPE {
					continue
				}
				for _, spec := range decl.Specs {
					ts := spec.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && len(decl.Specs) == 1 {
						doc = decl.Doc
					}
					if _, ok := ts.Type.(*ast.StructType); !ok || ts.Assign.IsValid() || ts.TypeParams != nil || !ts.Name.IsExported() {
						if d := l.checkDirectives(doc, ts.Name.Name, false); d.enum {
							enums = append(enums, enumCandidate{spec: ts, pos: d.enumPos})
						}
						continue
					}
					obj, ok := p.TypesInfo.Defs[ts.Name].(*types.TypeName)
					if !ok {
						continue
					}
					m := &model{pkg: p, obj: obj, st: obj.Type().Underlying().(*types.Struct), pos: l.position(ts.Name.Pos())}
					d := l.checkDirectives(doc, ts.Name.Name, true)
					m.table, m.ignore, m.renamedFrom = d.table, d.ignore, d.renamedFrom
					out = append(out, m)
				}
			}
		}
	}
	l.collectEnums(p, enums)
	return out
}

// directives are the //gen: lines of a type's doc comment.
type directives struct {
	table, renamedFrom string
	ignore, enum       bool
	enumPos            token.Position
}

// checkDirectives reads the //gen: lines of a type's doc comment:
// //gen:ignore, //gen:table NAME and //gen:renamed_from OLD on a model,
// //gen:enum on any other type (collectEnums checks it further).
// Anything else after //gen: is an error, as is a struct directive on a
// type that is not a model.
func (l *loader) checkDirectives(doc *ast.CommentGroup, obj string, isModel bool) directives {
	var d directives
	if doc == nil {
		return d
	}
	for _, c := range doc.List {
		pos := l.position(c.Pos())
		if rest, ok := strings.CutPrefix(c.Text, "//"); ok && !strings.HasPrefix(rest, "gen:") && strings.HasPrefix(strings.TrimSpace(rest), "gen:") {
			l.diag.warnf(pos, obj, "%q is an ordinary comment, not a directive; write //%s without a space", c.Text, strings.TrimSpace(rest))
			continue
		}
		text, ok := strings.CutPrefix(c.Text, "//gen:")
		if !ok {
			continue
		}
		name, arg, _ := strings.Cut(strings.TrimSpace(text), " ")
		arg = strings.TrimSpace(arg)
		switch name {
		case "enum":
			if isModel {
				l.diag.errorf(pos, obj, "//gen:enum applies to a named string type, and %s is a struct; remove it", obj)
				continue
			}
			if arg != "" {
				l.diag.errorf(pos, obj, "//gen:enum takes no argument (the type's name names the enum); remove %q", arg)
			}
			d.enum, d.enumPos = true, pos
			continue
		case "ignore", "table", "renamed_from":
			if !isModel {
				l.diag.errorf(pos, obj, "//gen:%s applies to exported, non-generic struct types only; remove it", name)
				continue
			}
		default:
			l.diag.errorf(pos, obj, "unknown directive //gen:%s; gen knows //gen:ignore, //gen:table NAME and //gen:renamed_from OLD on structs, and //gen:enum on string types", name)
			continue
		}
		switch name {
		case "ignore":
			if arg != "" {
				l.diag.errorf(pos, obj, "//gen:ignore takes no argument; remove %q", arg)
			}
			d.ignore = true
		case "table":
			if arg == "" || strings.ContainsAny(arg, " \t") {
				l.diag.errorf(pos, obj, "//gen:table needs one table name; write //gen:table NAME")
				continue
			}
			d.table = arg
		case "renamed_from":
			if arg == "" || strings.ContainsAny(arg, " \t") {
				l.diag.errorf(pos, obj, "//gen:renamed_from needs the table's old name; write //gen:renamed_from OLD_NAME")
				continue
			}
			d.renamedFrom = arg
		}
	}
	return d
}

// tables selects the models that are tables: Config.Tables when set;
// otherwise every model not marked //gen:ignore and not embedded in
// another (anonymously, with GORM's embedded key or Bun's embed option).
func (l *loader) tables(models []*model) []*model {
	for _, m := range models {
		for i := 0; i < m.st.NumFields(); i++ {
			v := m.st.Field(i)
			if !v.Anonymous() && !embedsByTag(m.st.Tag(i)) {
				continue
			}
			if bt := parseBunTag(reflectTag(m.st.Tag(i), "bun")); v.Anonymous() && (bt.has("extend") || bt.has("inherit")) {
				// Bun's extend: m is another model of the embedded
				// struct's table, which stays that struct's.
				m.extends = true
				continue
			}
			t := v.Type()
			if p, ok := types.Unalias(t).(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok {
				if e := l.allModels[n.Origin().Obj()]; e != nil {
					e.embedded = true
				}
			}
		}
	}
	l.markColumnValues(models)
	if len(l.cfg.Tables) > 0 {
		want := map[*model]string{}
		for _, entry := range l.cfg.Tables {
			name, table, named := strings.Cut(entry, "=")
			name, table = strings.TrimSpace(name), strings.TrimSpace(table)
			if named && table == "" {
				l.diag.errorf(token.Position{}, "", "tables: %q names no table after =; write Struct=table_name, or just Struct", entry)
				continue
			}
			var found []*model
			for _, m := range models {
				if name == m.obj.Name() || name == m.qualified() {
					found = append(found, m)
				}
			}
			switch len(found) {
			case 0:
				l.diag.errorf(token.Position{}, "", "tables: no exported struct %q in %s; list struct names as Name, import/path.Name or Name=table_name", name, strings.Join(l.cfg.Patterns, " "))
			case 1:
				want[found[0]] = table
			default:
				l.diag.errorf(token.Position{}, "", "tables: %q names a struct in more than one package (%s, %s); write it as import/path.Name", name, found[0].qualified(), found[1].qualified())
			}
		}
		var out []*model
		for _, m := range models {
			if table, ok := want[m]; ok {
				if table != "" {
					m.table = table
				}
				out = append(out, m)
			}
		}
		return out
	}
	var out []*model
	for _, m := range models {
		if !m.ignore && (!m.embedded || m.table != "") && !m.isValue() {
			out = append(out, m)
		}
	}
	return out
}

// isValue reports whether the struct is a column value rather than a
// table: it implements driver.Valuer (a money amount, a JSON document),
// unless //gen:table says otherwise.
func (m *model) isValue() bool {
	return m.table == "" && (m.columnValue || m.extends || hasValueMethod(m.obj.Type()) || hasScanMethod(m.obj.Type()))
}

// markColumnValues marks the models that other models store in a column
// rather than relate to: the struct type of a Bun field that is no
// relation (Bun stores it as JSON), or of a GORM field with a serializer
// or a type: key.
func (l *loader) markColumnValues(models []*model) {
	for _, m := range models {
		for i := 0; i < m.st.NumFields(); i++ {
			v := m.st.Field(i)
			tag := m.st.Tag(i)
			if v.Anonymous() || embedsByTag(tag) {
				continue
			}
			stored := false
			switch m.flavor {
			case flavorBun:
				bt := parseBunTag(reflectTag(tag, "bun"))
				stored = reflectTag(tag, "bun") != "-" && !bt.has("rel") && !bt.has("m2m")
			case flavorGORM:
				gs := tagSettingsOf(reflectTag(tag, "gorm"), ";")
				stored = gs.has("SERIALIZER") || gs.has("JSON") || gs.has("TYPE")
			}
			if !stored {
				continue
			}
			if n := namedOf(derefType(v.Type())); n != nil {
				if vm := l.allModels[n]; vm != nil && vm != m {
					vm.columnValue = true
				}
			}
		}
	}
}

// embedsByTag reports whether a struct tag flattens its field: GORM's
// embedded key or Bun's embed option.
func embedsByTag(tag string) bool {
	if _, ok := tagSettingsOf(reflectTag(tag, "gorm"), ";").get("EMBEDDED"); ok {
		return true
	}
	_, ok := parseBunTag(reflectTag(tag, "bun")).option("embed")
	return ok
}

// notTableReason says why the struct obj is not a table, for messages.
func (l *loader) notTableReason(obj *types.TypeName) string {
	m := l.allModels[obj]
	switch {
	case m == nil && obj.Pkg() != nil:
		return "it is declared in package " + obj.Pkg().Path() + ", which is not one of the model packages; add that package to the models patterns"
	case m == nil:
		return "it is not declared in a model package"
	case len(l.cfg.Tables) > 0:
		return "gen.yaml's tables: does not list it; add it there"
	case m.ignore:
		return "it is marked //gen:ignore"
	case m.isValue():
		return "it is a column value (it implements driver.Valuer or sql.Scanner, or a field stores it in a column) or extends another Bun model's table, not a table of its own; give it //gen:table NAME to keep it a table"
	case m.embedded:
		return "another model embeds it, which makes it no table of its own; give it //gen:table NAME to keep it a table"
	}
	return "its table could not be built"
}
