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

// models returns the non-generic struct types declared in p (exported or
// not: GORM migrates unexported structs too),
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
					if _, ok := ts.Type.(*ast.StructType); !ok || ts.Assign.IsValid() || ts.TypeParams != nil {
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
				l.diag.errorf(pos, obj, "//gen:%s applies to non-generic struct types only; remove it", name)
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

// tables selects the models that are tables and sets, on each, how it
// was found (model.found). In order of precedence:
//
//   - Config.Tables: exactly the structs it lists;
//   - //gen:ignore: never a table; //gen:table: always one;
//   - registration calls (discover.go): when the application hands a list
//     of models to its ORM (AutoMigrate, NewCreateTable().Model…),
//     exactly those, and the tables GORM's AutoMigrate creates on the way
//     (gormTables); a call gen cannot follow adds the structs with ORM
//     evidence;
//   - failing that, when some struct of the model packages carries ORM
//     evidence (a gorm or bun tag, gorm.Model, bun.BaseModel, a
//     gorm.DeletedAt field), the structs with evidence of their own, or
//     through a struct they embed, or with a TableName method, and the
//     structs a table relates to;
//   - failing that, every exported struct, as GORM reads untagged
//     structs.
//
// Never a table, unless registered or //gen:table: a column value (a
// driver.Valuer or sql.Scanner, a struct a field stores with a serializer
// or type: key, a type argument of a generic column type such as
// datatypes.JSONType[Address]), a Bun model extending another's table,
// a struct another table embeds (a struct with strong evidence, a
// TableName method or bun.BaseModel, stays a table), and a struct whose
// only evidence is a table it embeds (a query result: UserWithPosts{User}).
// Unexported structs are tables by their own evidence only.
func (l *loader) tables(models []*model) []*model {
	d := l.disc
	d.models = models
	d.own = map[*model]signs{}
	flips := false
	for _, m := range models {
		d.own[m] = l.ownSigns(m)
		flips = flips || d.own[m].flips
		for i := 0; i < m.st.NumFields(); i++ {
			if bt := parseBunTag(reflectTag(m.st.Tag(i), "bun")); m.st.Field(i).Anonymous() && (bt.has("extend") || bt.has("inherit")) {
				// Bun's extend: m is another model of the embedded
				// struct's table, which stays that struct's.
				m.extends = true
			}
		}
	}
	l.settleFlavors(models)
	if len(l.cfg.Tables) > 0 {
		d.rule = ruleListed
		return l.listedTables(models)
	}
	switch {
	case d.lists:
		d.rule = ruleRegistered
	case flips:
		d.rule = ruleEvidence
	default:
		d.rule = ruleAll
	}
	strong := map[*model]string{}
	for _, m := range models {
		switch c := d.registeredBy(m); {
		case m.ignore:
		case c != nil:
			strong[m] = "registered by " + c.String()
		case m.table != "":
			strong[m] = "marked //gen:table"
		case d.own[m].strong != "":
			strong[m] = d.own[m].strong
		}
	}
	for {
		selected := l.selectOnce(models, strong)
		if d.rule == ruleRegistered && len(d.unresolved) == 0 {
			return selected
		}
		// The structs a table relates to are tables, and may change
		// what embeds what.
		in := map[*model]bool{}
		for _, m := range selected {
			in[m] = true
		}
		added := false
		for _, m := range selected {
			for _, t := range l.relationTargets(m) {
				if t.m.ignore || in[t.m] || strong[t.m] != "" {
					continue
				}
				strong[t.m] = "related from " + t.field
				added = true
			}
		}
		if !added {
			return selected
		}
	}
}

// selectOnce selects the tables given the structs with strong evidence.
func (l *loader) selectOnce(models []*model, strong map[*model]string) []*model {
	d := l.disc
	found := map[*model]string{}
	var cands []*model
	for _, m := range models {
		if m.ignore {
			continue
		}
		ev := strong[m]
		if ev == "" {
			ev = d.own[m].weak
		}
		if ev == "" && m.obj.Exported() {
			ev, _ = l.inheritedSigns(m.st, strong, 0)
		}
		if ev == "" && m.obj.Exported() && m.flavor == flavorGORM {
			ev = l.idSign(m.st, strong, 0)
		}
		cand := false
		switch d.rule {
		case ruleRegistered:
			cand = d.registeredBy(m) != nil || m.table != "" || len(d.unresolved) > 0 && ev != ""
		case ruleEvidence:
			cand = ev != ""
		case ruleAll:
			cand = m.obj.Exported() || ev != ""
			if strong[m] == "" {
				ev = "every exported struct is a table: no call registers a model, and no struct has gorm or bun tags"
			}
		}
		if cand {
			cands = append(cands, m)
			found[m] = ev
		}
	}
	d.embedders = map[*model][]*model{}
	d.strongEmbeds = map[*model][]*model{}
	for _, x := range cands {
		for _, t := range embeddedStructs(x.st) {
			y := l.allModels[namedOf(t)]
			switch {
			case y == nil || y == x:
			case strong[y] != "":
				d.strongEmbeds[x] = append(d.strongEmbeds[x], y)
			default:
				d.embedders[y] = append(d.embedders[y], x)
			}
		}
	}
	for _, m := range models {
		m.columnValue = false
		m.embedded = len(d.embedders[m]) > 0
	}
	l.markColumnValues(cands)
	var out []*model
	for _, m := range cands {
		table := false
		switch {
		case d.registeredBy(m) != nil || m.table != "":
			table = true
		case m.isValue():
		case strong[m] != "":
			table = true
		case m.embedded:
		case len(d.strongEmbeds[m]) > 0 && d.own[m].weak == "":
		default:
			table = true
		}
		if table {
			m.found = found[m]
			out = append(out, m)
		}
	}
	return out
}

// listedTables returns the structs Config.Tables lists.
func (l *loader) listedTables(models []*model) []*model {
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
			l.diag.errorf(token.Position{}, "", "tables: no struct %q in %s; list struct names as Name, import/path.Name or Name=table_name", name, strings.Join(l.cfg.Patterns, " "))
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
			m.found = "listed in gen.yaml tables:"
			out = append(out, m)
		}
	}
	return out
}

// settleFlavors decides the ORM of the structs their tags do not tell:
// the ORM of the calls registering a struct, else Bun for a struct
// without tags in a package of Bun models (and no GORM ones), or in
// model packages of Bun models alone. A plain struct beside Bun models is
// never read as GORM.
func (l *loader) settleFlavors(models []*model) {
	type pkgSigns struct{ gorm, bun bool }
	pkgs := map[string]*pkgSigns{}
	var all pkgSigns
	plain := map[*model]bool{}
	for _, m := range models {
		g, b := ormSigns(m.st, 0)
		ps := pkgs[m.pkg.PkgPath]
		if ps == nil {
			ps = &pkgSigns{}
			pkgs[m.pkg.PkgPath] = ps
		}
		ps.gorm, ps.bun = ps.gorm || g, ps.bun || b
		all.gorm, all.bun = all.gorm || g, all.bun || b
		plain[m] = !g && !b && m.flavor == flavorGORM
	}
	for _, m := range models {
		if orm, ok := l.disc.ormOfRegistrations(m); ok {
			m.flavor = orm
			continue
		}
		ps := pkgs[m.pkg.PkgPath]
		if plain[m] && (ps.bun && !ps.gorm || !ps.bun && !ps.gorm && all.bun && !all.gorm) {
			m.flavor = flavorBun
		}
	}
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
// or a type: key, and the type arguments of a field's generic type
// (datatypes.JSONType[Address] stores an Address).
func (l *loader) markColumnValues(models []*model) {
	for _, m := range models {
		for i := 0; i < m.st.NumFields(); i++ {
			v := m.st.Field(i)
			tag := m.st.Tag(i)
			if v.Anonymous() || embedsByTag(tag) {
				continue
			}
			l.markTypeArgs(m, v.Type(), 0)
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

// markTypeArgs marks the models among the type arguments of t (and of
// the types it points to or holds) as column values.
func (l *loader) markTypeArgs(m *model, t types.Type, depth int) {
	if depth > 4 {
		return
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		l.markTypeArgs(m, u.Elem(), depth+1)
	case *types.Slice:
		l.markTypeArgs(m, u.Elem(), depth+1)
	case *types.Array:
		l.markTypeArgs(m, u.Elem(), depth+1)
	case *types.Map:
		l.markTypeArgs(m, u.Key(), depth+1)
		l.markTypeArgs(m, u.Elem(), depth+1)
	case *types.Named:
		args := u.TypeArgs()
		for i := 0; i < args.Len(); i++ {
			a := args.At(i)
			if n := namedOf(derefType(a)); n != nil {
				if vm := l.allModels[n]; vm != nil && vm != m {
					vm.columnValue = true
				}
			}
			l.markTypeArgs(m, a, depth+1)
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
	d := l.disc
	switch {
	case m == nil && obj.Pkg() != nil && !l.modelPkgs[obj.Pkg().Path()]:
		return "it is declared in package " + obj.Pkg().Path() + ", which is not one of the model packages; add that package to the models patterns"
	case m == nil:
		return "gen reads no table for a generic struct or a struct declared inside a function; declare the table's struct at package level"
	case len(l.cfg.Tables) > 0:
		return "gen.yaml's tables: does not list it; add it there"
	case m.ignore:
		return "it is marked //gen:ignore"
	case m.isValue():
		return "it is a column value (it implements driver.Valuer or sql.Scanner, or a field stores it in a column) or extends another Bun model's table, not a table of its own; give it //gen:table NAME to keep it a table"
	case m.embedded:
		return "another model (" + d.embedders[m][0].obj.Name() + ") embeds it, which makes it part of that table, not a table of its own; give it //gen:table NAME to keep it a table"
	case d.rule == ruleRegistered:
		return "the application registers its tables (" + d.firstList().String() + ") and no call registers it; pass it to that call, or mark it //gen:table NAME"
	case len(d.strongEmbeds[m]) > 0 && d.own[m].weak == "":
		return "its only ORM evidence is the table it embeds (" + d.strongEmbeds[m][0].obj.Name() + "): it reads that table, a query result, not a table of its own; mark it //gen:table NAME to make it one"
	case !obj.Exported():
		return "it is unexported and carries no ORM evidence of its own (a gorm or bun tag, a TableName method, bun.BaseModel), and no table relates to it; tag its fields, register it (AutoMigrate), or mark it //gen:table NAME"
	}
	return "it carries no ORM evidence (no gorm or bun tag, TableName method, gorm.Model or bun.BaseModel), no call registers it, and no table relates to it; register it (AutoMigrate), tag a field, or mark it //gen:table NAME"
}
