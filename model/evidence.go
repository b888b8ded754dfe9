package model

import (
	"go/types"
	"reflect"
	"strings"
)

// selectRule is how the tables of a load were chosen.
type selectRule int

const (
	// ruleListed: gen.yaml tables: lists them.
	ruleListed selectRule = iota
	// ruleRegistered: the application's registration calls name them.
	ruleRegistered
	// ruleEvidence: no registration call; the structs with ORM evidence.
	ruleEvidence
	// ruleAll: neither; every exported struct, as GORM reads untagged
	// structs.
	ruleAll
)

// signs are the ORM evidence a struct carries itself.
type signs struct {
	// strong is evidence that keeps a struct a table even when another
	// embeds it: a TableName method declared on it, bun.BaseModel
	// embedded in it.
	strong string
	// weak is the rest, on the struct's own fields: a gorm or bun tag,
	// gorm.Model embedded, a gorm.DeletedAt field.
	weak string
	// flips is true for evidence that tells the model packages use an
	// ORM's tags, which makes the structs without any no tables.
	flips bool
}

// ownSigns reads the evidence m carries in its own fields and methods.
func (l *loader) ownSigns(m *model) signs {
	var s signs
	// A TableName method on a struct with no field GORM reads names the
	// table of the structs that embed it (a base struct), not one of its
	// own: such a struct has no column to create.
	if n, ok := m.obj.Type().(*types.Named); ok && hasExportedFields(m.st, 0) {
		for i := 0; i < n.NumMethods(); i++ {
			if n.Method(i).Name() == "TableName" {
				s.strong = "has a TableName method"
			}
		}
	}
	for i := 0; i < m.st.NumFields(); i++ {
		v := m.st.Field(i)
		tag := reflect.StructTag(m.st.Tag(i))
		if v.Anonymous() && isBunBaseModel(v.Type()) {
			s.strong, s.flips = "embeds bun.BaseModel", true
			continue
		}
		if s.weak != "" {
			continue
		}
		if _, ok := tag.Lookup("gorm"); ok {
			s.weak = "has gorm tags"
		} else if _, ok := tag.Lookup("bun"); ok {
			s.weak = "has bun tags"
		} else if t := derefType(v.Type()); isType(t, "gorm.io/gorm", "Model") && (v.Anonymous() || embedsByTag(m.st.Tag(i))) {
			s.weak = "embeds gorm.Model"
		} else if isType(t, "gorm.io/gorm", "DeletedAt") {
			s.weak = "has a gorm.DeletedAt field"
		}
	}
	s.flips = s.flips || s.weak != ""
	return s
}

// hasExportedFields reports whether GORM reads any field of st: an
// exported field, or one of an exported embedded struct.
func hasExportedFields(st *types.Struct, depth int) bool {
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if !v.Exported() {
			continue
		}
		if !v.Anonymous() {
			return true
		}
		if inner, ok := derefType(v.Type()).Underlying().(*types.Struct); ok && depth < 8 {
			if hasExportedFields(inner, depth+1) {
				return true
			}
		} else {
			return true
		}
	}
	return false
}

// embeddedStructs returns the struct types m flattens into its table:
// anonymous fields and fields with GORM's embedded key or Bun's embed
// option, but not Bun's extend (another model of the embedded table).
func embeddedStructs(st *types.Struct) []types.Type {
	var out []types.Type
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if !v.Anonymous() && !embedsByTag(st.Tag(i)) {
			continue
		}
		if bt := parseBunTag(reflectTag(st.Tag(i), "bun")); v.Anonymous() && (bt.has("extend") || bt.has("inherit")) {
			continue
		}
		if isBunBaseModel(v.Type()) {
			continue
		}
		t := derefType(v.Type())
		if _, ok := t.Underlying().(*types.Struct); ok {
			out = append(out, t)
		}
	}
	return out
}

// inheritedSigns is the weak evidence m takes from the structs it embeds,
// "has gorm tags through Base", skipping embedded structs that are tables
// with strong evidence of their own (a helper embedding a table reads it,
// and is no table for that).
func (l *loader) inheritedSigns(st *types.Struct, strong map[*model]string, depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	for _, b := range l.basesOf(st, strong) {
		inner := b.t.Underlying().(*types.Struct)
		switch {
		case b.model != nil:
			if s := l.disc.own[b.model]; s.weak != "" {
				return s.weak + " through " + b.name, s.flips
			}
		case namedOf(b.t) == nil:
		case isType(b.t, "gorm.io/gorm", "Model"):
			return "embeds gorm.Model", true
		default:
			if w := outsideSigns(inner); w != "" {
				return w + " through " + b.name, true
			}
		}
		if w, flips := l.inheritedSigns(inner, strong, depth+1); w != "" {
			return w, flips
		}
	}
	return "", false
}

// outsideSigns is the evidence of a struct from outside the model
// packages (a base struct of a shared package): a gorm or bun tag.
func outsideSigns(st *types.Struct) string {
	for i := 0; i < st.NumFields(); i++ {
		tag := reflect.StructTag(st.Tag(i))
		if _, ok := tag.Lookup("gorm"); ok {
			return "has gorm tags"
		}
		if _, ok := tag.Lookup("bun"); ok {
			return "has bun tags"
		}
	}
	return ""
}

// ormSigns reports whether st, with the structs it embeds, shows GORM's
// or Bun's evidence, for the ORM of a struct without tags.
func ormSigns(st *types.Struct, depth int) (gorm, bun bool) {
	if depth > 8 {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		tag := reflect.StructTag(st.Tag(i))
		if _, ok := tag.Lookup("gorm"); ok {
			gorm = true
		}
		if _, ok := tag.Lookup("bun"); ok || (v.Anonymous() && isBunBaseModel(v.Type())) {
			bun = true
		}
		t := derefType(v.Type())
		if isType(t, "gorm.io/gorm", "Model") || isType(t, "gorm.io/gorm", "DeletedAt") {
			gorm = true
		}
		if v.Anonymous() || embedsByTag(st.Tag(i)) {
			if inner, ok := t.Underlying().(*types.Struct); ok && !isType(t, "gorm.io/gorm", "Model") {
				g, b := ormSigns(inner, depth+1)
				gorm, bun = gorm || g, bun || b
			}
		}
	}
	return
}

// relTarget is a struct a table relates to, and the field that does.
type relTarget struct {
	m     *model
	field string
}

// relationTargets returns the models m's relationship fields point to:
// for GORM, the struct (or slice of structs) fields that are no columns
// (no serializer or type: key, no driver.Valuer), as GORM's ParseField
// tells a relationship; for Bun, the rel: and m2m: fields. Fields of
// embedded structs count.
func (l *loader) relationTargets(m *model) []relTarget {
	var out []relTarget
	var walk func(st *types.Struct, depth int)
	walk = func(st *types.Struct, depth int) {
		if depth > 8 {
			return
		}
		for i := 0; i < st.NumFields(); i++ {
			v := st.Field(i)
			tag := st.Tag(i)
			if v.Anonymous() || embedsByTag(tag) {
				if inner, ok := derefType(v.Type()).Underlying().(*types.Struct); ok && !isBunBaseModel(v.Type()) {
					walk(inner, depth+1)
				}
				continue
			}
			if !v.Exported() {
				continue
			}
			var target *types.TypeName
			switch m.flavor {
			case flavorGORM:
				gs := tagSettingsOf(reflectTag(tag, "gorm"), ";")
				if val, ok := gs.get("-"); ok {
					switch strings.ToLower(strings.TrimSpace(val)) {
					case "-", "all", "migration":
						continue
					}
				}
				if gs.has("SERIALIZER") || gs.has("JSON") || gs.has("TYPE") {
					continue
				}
				if gt := l.classify(v.Type()); gt.relation && !gt.valuer {
					target = gt.target
				}
			case flavorBun:
				bt := parseBunTag(reflectTag(tag, "bun"))
				if bt.has("rel") || bt.has("m2m") {
					t := derefType(v.Type())
					if e := elemOf(t); e != nil {
						t = derefType(e)
					}
					target = namedOf(t)
				}
			}
			if target == nil {
				continue
			}
			if tm := l.allModels[target]; tm != nil && tm != m {
				out = append(out, relTarget{tm, m.obj.Name() + "." + v.Name()})
			}
		}
	}
	walk(m.st, 0)
	return out
}

// idSign is GORM's own sign of a table: a field named ID, which GORM
// takes as the primary key without a tag, in the struct or in a struct
// it embeds (not a table with strong evidence: a helper embedding a table
// reads it). Payloads, filters and column values seldom have one.
func (l *loader) idSign(st *types.Struct, strong map[*model]string, depth int) string {
	if depth > 8 {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if !v.Anonymous() && (v.Name() == "ID" || v.Name() == "Id") && reflectTag(st.Tag(i), "gorm") != "-" {
			return "has an ID field, GORM's primary key"
		}
	}
	for _, b := range l.basesOf(st, strong) {
		if s := l.idSign(b.t.Underlying().(*types.Struct), strong, depth+1); s != "" {
			if depth > 0 {
				return s
			}
			return s + " through " + b.name
		}
	}
	return ""
}

// A base is a struct another embeds: its type, the name messages give it,
// and its model when a model package declares it.
type base struct {
	t     types.Type
	name  string
	model *model
}

// basesOf returns the structs st embeds, without the tables with strong
// evidence of their own (a helper embedding a table reads it, and takes
// no evidence from it).
func (l *loader) basesOf(st *types.Struct, strong map[*model]string) []base {
	var out []base
	for _, t := range embeddedStructs(st) {
		b := base{t: t, name: types.TypeString(t, func(p *types.Package) string { return p.Name() })}
		if obj := namedOf(t); obj != nil {
			if e := l.allModels[obj]; e != nil {
				if strong[e] != "" {
					continue
				}
				b.name, b.model = obj.Name(), e
			}
		}
		out = append(out, b)
	}
	return out
}
