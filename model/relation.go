package model

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
	"github.com/jinzhu/inflection"
)

// gormSchema is one struct as GORM's schema.Parse sees it: its fields,
// keys and relationships. Every struct a GORM relationship reaches is
// parsed, tables or not, because GORM's relationships change the column
// types of the fields they use as keys.
type gormSchema struct {
	obj *types.TypeName
	// name is GORM's Schema.Name (the struct name); table its table name.
	name  string
	table string
	// isTable is true when gen creates the table of the struct.
	isTable bool
	// why says why a struct that is not a table is not one.
	why    string
	pos    token.Position
	fields []*field
	tf     *tableFields
	// rels is Relationships.Relations: the struct's own relationships in
	// field order, then those of other structs whose foreign key is on its
	// table (GORM files them under "_Owner_Field"), then, for a join
	// table, the two belongs-to relations GORM makes up for it.
	rels      []*gormRelation
	relByName map[string]*gormRelation
	// owned is true for an embedded struct's OwnerSchema view.
	owned bool
	// m2m is, for a join table GORM makes up, the relationship it joins.
	m2m *gormRelation
	// out is the table built for the struct.
	out *schema.Table
}

// release drops what only building the table of s needs (its fields and
// key sets), once that table is built: on 10,000 structs they are most of
// a load's memory, and the foreign keys built afterwards reach the few
// fields they need through s.rels.
func (s *gormSchema) release() {
	s.fields, s.tf = nil, nil
}

// lookUpField is GORM's Schema.LookUpField: by column name, then by Go
// field name.
func (s *gormSchema) lookUpField(name string) *field {
	if f := s.byDBName(name); f != nil {
		return f
	}
	return s.lookUp(name, false)
}

// lookUpFieldByBindName is GORM's Schema.LookUpFieldByBindName: name
// inside the embedded structs along bindNames, innermost first.
func (s *gormSchema) lookUpFieldByBindName(bindNames []string, name string) *field {
	for i := len(bindNames) - 1; i >= 0; i-- {
		if f := s.lookUp(strings.Join(bindNames[:i], ".")+"."+name, true); f != nil {
			return f
		}
	}
	return nil
}

// GORM's FieldsByDBName, FieldsByName and FieldsByBindName maps are read
// here by scanning the fields, which is what the maps would hold without
// their memory (three maps per struct were a sixth of a 10,000-struct
// load): a column's field wins its names, other fields keep the first
// name they claim (a later one replacing a gorm:"-" field), relationship
// fields win theirs, as schema.Parse fills the maps.

// byDBName is FieldsByDBName[name]: the last column of that name.
func (s *gormSchema) byDBName(name string) *field {
	var found *field
	for _, f := range s.tf.columns {
		if f.DBName == name {
			found = f
		}
	}
	return found
}

// lookUp is FieldsByName[key], or FieldsByBindName[key] when byPath.
func (s *gormSchema) lookUp(key string, byPath bool) *field {
	keyOf := func(f *field) string {
		if byPath {
			return f.Path
		}
		return f.Name
	}
	var found *field
	for _, f := range s.fields {
		if keyOf(f) != key {
			continue
		}
		if found == nil || found.Settings.m["-"] == "-" || slices.Contains(s.tf.columns, f) {
			found = f
		}
	}
	for _, f := range s.fields {
		if keyOf(f) == key && f.isRelation() && f.Permitted {
			found = f
		}
	}
	return found
}

// setRelation is GORM's Schema.setRelation for the Relations map: a
// relationship of a deeper embedded field gives way to a shallower one.
func (s *gormSchema) setRelation(key string, r *gormRelation) {
	if s.relByName == nil {
		s.relByName = map[string]*gormRelation{}
	}
	if old := s.relByName[key]; old != nil {
		if strings.Count(old.field.Path, ".") == 0 {
			return
		}
		for i, o := range s.rels {
			if o == old {
				s.rels = append(s.rels[:i], s.rels[i+1:]...)
				break
			}
		}
	}
	s.relByName[key] = r
	s.rels = append(s.rels, r)
}

// relKind is GORM's RelationshipType.
type relKind int

const (
	relHas relKind = iota // before GORM decides has-one or has-many
	relHasOne
	relHasMany
	relBelongsTo
	relMany2Many
)

// gormRelation is GORM's schema.Relationship.
type gormRelation struct {
	name        string
	kind        relKind
	field       *field
	schema      *gormSchema
	fieldSchema *gormSchema
	// join is the join table of a many2many relationship.
	join *gormSchema
	refs []gormRef
	poly bool
	// foreignKeys and primaryKeys are the foreignKey: and references:
	// values.
	foreignKeys, primaryKeys []string
}

// gormRef is GORM's schema.Reference.
type gormRef struct {
	pk, fk       *field
	primaryValue string
	own          bool
}

// guessLevel is GORM's guessLevel: which side of a relationship gen tries
// to find the foreign key on.
type guessLevel int

const (
	guessGuess guessLevel = iota
	guessBelongs
	guessEmbeddedBelongs
	guessHas
	guessEmbeddedHas
)

// gormSchemaOf returns the GORM schema of the named struct obj, parsing it
// (and, through its relationships, every struct it reaches) the first
// time, as GORM's getOrParse. It returns nil when obj is not a struct.
func (l *loader) gormSchemaOf(obj *types.TypeName) *gormSchema {
	if gs, ok := l.gschemas[obj]; ok {
		return gs
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	gs := &gormSchema{obj: obj, name: obj.Name(), pos: l.position(obj.Pos())}
	l.gschemas[obj] = gs
	// Problems in a struct that is not a table are not the user's to fix
	// here: GORM reads it only to follow a relationship.
	m := l.tableModels[obj]
	prev := l.diag
	l.diag = &l.root
	if m == nil {
		l.diag = &diagnostics{}
		gs.why = l.notTableReason(obj)
	}
	defer func() { l.diag = prev }()
	if m != nil {
		gs.isTable = true
		gs.pos = m.pos
		name, ok := l.tableName(m)
		if !ok {
			gs.isTable = false
			gs.why = "its table name is unknown"
		}
		gs.table = l.dialect.ident(name)
	} else {
		gs.table = l.dialect.ident(l.quietTableName(obj))
	}
	gs.fields = l.structFields(obj.Name(), st, 1, []*types.Struct{st})
	gs.tf = resolveKeys(gs.fields, l.diag)
	for _, f := range gs.fields {
		f.schema = gs
	}
	for _, f := range gs.fields {
		if f.isRelation() && f.Permitted {
			l.parseRelation(gs, f)
		}
	}
	return gs
}

// quietTableName is the table name GORM gives a struct that is not a
// table, which GORM's Parse names as it does a table's (a has
// relationship's foreign key is named after it): its Tabler TableName
// folded on a new zero value, as tableName folds it, else the naming
// strategy's name. A TableName gen cannot fold is no error here.
func (l *loader) quietTableName(obj *types.TypeName) string {
	if fn, index := tablerMethod(obj); fn != nil {
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			if name, err := l.foldTableName(obj, fn, index); err == nil && name != "" {
				return name
			}
		}
	}
	return l.naming.tableName(obj.Name())
}

// parseRelation is GORM's Schema.parseRelation for relationship field f
// of gs. A relationship GORM would reject is an error at f.
func (l *loader) parseRelation(gs *gormSchema, f *field) {
	rel := &gormRelation{
		name:        f.Name,
		field:       f,
		schema:      gs,
		foreignKeys: toColumns(f.Settings.m["FOREIGNKEY"]),
		primaryKeys: toColumns(f.Settings.m["REFERENCES"]),
	}
	rel.fieldSchema = l.gormSchemaOf(f.relTarget)
	if rel.fieldSchema == nil {
		l.diag.errorf(f.Pos, f.object(), "GORM reads this field as a relationship, and %s is not a struct; tag it `gorm:\"-\"`, or give it a column type with type:", f.relTarget.Name())
		return
	}
	if c := f.Settings.m["CONSTRAINT"]; c != "-" && c != "CONSTRAINT" && !strings.Contains(c, ",") && checkNameRE.MatchString(c) {
		l.diag.warnf(f.Pos, f.object(), "constraint:%s names nothing: GORM takes a name only before a comma, so the foreign key keeps its default name; write constraint:%s,OnDelete:… (or ,OnUpdate:…)", c, c)
	}
	var err error
	switch s := f.Settings; {
	case s.has("POLYMORPHIC") || (s.has("POLYMORPHICTYPE") && s.has("POLYMORPHICID")):
		err = l.buildPolymorphic(rel)
	case s.m["MANY2MANY"] != "":
		err = l.buildMany2Many(rel, s.m["MANY2MANY"])
	case s.m["BELONGSTO"] != "":
		err = l.guessRelation(rel, guessBelongs)
	case !f.relSlice:
		err = l.guessRelation(rel, guessGuess)
	default:
		err = l.guessRelation(rel, guessHas)
	}
	if err != nil {
		l.diag.errorf(f.Pos, f.object(), "%v", err)
		return
	}
	if rel.kind == relHas {
		if rel.fieldSchema != gs && !rel.poly && f.owner == nil {
			rel.fieldSchema.setRelation("_"+gs.name+"_"+rel.name, rel)
		}
		rel.kind = relHasOne
		if f.relSlice {
			rel.kind = relHasMany
		}
	}
	gs.setRelation(rel.name, rel)
}

// guessRelation is GORM's Schema.guessRelation: it looks for the foreign
// key on the side cgl says, and falls back in GORM's order (has, then
// belongs-to, then through the embedded struct declaring the field).
func (l *loader) guessRelation(rel *gormRelation, cgl guessLevel) error {
	gs, f := rel.schema, rel.field
	primarySchema, foreignSchema := gs, rel.fieldSchema
	gl := cgl
	if gl == guessGuess {
		if gs == rel.fieldSchema {
			gl = guessBelongs
		} else {
			gl = guessHas
		}
	}
	reguess := func() error {
		switch cgl {
		case guessGuess:
			return l.guessRelation(rel, guessBelongs)
		case guessBelongs:
			return l.guessRelation(rel, guessEmbeddedBelongs)
		case guessEmbeddedBelongs:
			return l.guessRelation(rel, guessHas)
		case guessHas:
			return l.guessRelation(rel, guessEmbeddedHas)
		}
		return l.noForeignKey(rel)
	}
	switch gl {
	case guessBelongs:
		primarySchema, foreignSchema = rel.fieldSchema, gs
	case guessEmbeddedBelongs:
		if f.owner == nil {
			return reguess()
		}
		primarySchema, foreignSchema = rel.fieldSchema, f.owner
	case guessEmbeddedHas:
		if f.owner == nil {
			return reguess()
		}
		primarySchema, foreignSchema = f.owner, rel.fieldSchema
	}

	var primaryFields, foreignFields []*field
	if len(rel.foreignKeys) > 0 {
		for _, name := range rel.foreignKeys {
			ff := foreignSchema.lookUpField(name)
			if ff == nil {
				return reguess()
			}
			foreignFields = append(foreignFields, ff)
		}
	} else {
		primarySchemaName := primarySchema.name
		if primarySchemaName == "" {
			primarySchemaName = rel.fieldSchema.name
		}
		if len(rel.primaryKeys) > 0 {
			for _, name := range rel.primaryKeys {
				if pf := primarySchema.lookUpField(name); pf != nil {
					primaryFields = append(primaryFields, pf)
				}
			}
		} else {
			primaryFields = append(primaryFields, primarySchema.tf.pks...)
		}
		// GORM appends each matched key to the list it ranges over, and
		// later pairs foreign keys with the list by position: kept as is.
		candidates := primaryFields
		bindNames := strings.Split(f.Path, ".")
	next:
		for _, pf := range candidates {
			lookUpName := primarySchemaName + pf.Name
			if gl == guessBelongs {
				lookUpName = f.Name + pf.Name
			}
			names := []string{lookUpName}
			if len(primaryFields) == 1 {
				base := strings.TrimSuffix(lookUpName, pf.Name)
				names = append(names, base+"ID", base+"Id", l.naming.columnName(base+"ID"))
			}
			for _, name := range names {
				if ff := foreignSchema.lookUpFieldByBindName(bindNames, name); ff != nil {
					foreignFields = append(foreignFields, ff)
					primaryFields = append(primaryFields, pf)
					continue next
				}
			}
			for _, name := range names {
				if ff := foreignSchema.lookUpField(name); ff != nil {
					foreignFields = append(foreignFields, ff)
					primaryFields = append(primaryFields, pf)
					continue next
				}
			}
		}
	}

	switch {
	case len(foreignFields) == 0:
		return reguess()
	case len(rel.primaryKeys) > 0:
		for idx, name := range rel.primaryKeys {
			pf := primarySchema.lookUpField(name)
			switch {
			case pf == nil:
				return reguess()
			case len(primaryFields) < idx+1:
				primaryFields = append(primaryFields, pf)
			case pf != primaryFields[idx]:
				return reguess()
			}
		}
	case len(primaryFields) == 0:
		switch {
		case len(foreignFields) == 1 && primarySchema.tf.prioritized != nil:
			primaryFields = append(primaryFields, primarySchema.tf.prioritized)
		case len(primarySchema.tf.pks) == len(foreignFields):
			primaryFields = append(primaryFields, primarySchema.tf.pks...)
		default:
			return reguess()
		}
	}
	if len(primaryFields) < len(foreignFields) {
		return fmt.Errorf("foreignKey names %d fields and references %d; name as many fields in `references:` as in `foreignKey:`", len(foreignFields), len(primaryFields))
	}

	own := (gs == primarySchema && gl == guessHas) || (f.owner == primarySchema && gl == guessEmbeddedHas)
	rel.refs = nil
	for idx, ff := range foreignFields {
		copyKeyType(primaryFields[idx], ff)
		rel.refs = append(rel.refs, gormRef{pk: primaryFields[idx], fk: ff, own: own})
	}
	if gl == guessHas || gl == guessEmbeddedHas {
		rel.kind = relHas
	} else {
		rel.kind = relBelongsTo
	}
	return nil
}

// noForeignKey is the error GORM gives when no side of a relationship
// has its foreign key, with what to write.
func (l *loader) noForeignKey(rel *gormRelation) error {
	f := rel.field
	if len(rel.foreignKeys) > 0 {
		return fmt.Errorf("GORM finds no field %s in %s or %s for foreignKey:%s; name a field of the struct holding the key", strings.Join(rel.foreignKeys, ","), rel.schema.name, rel.fieldSchema.name, strings.Join(rel.foreignKeys, ","))
	}
	pk := "ID"
	if p := rel.fieldSchema.tf.prioritized; p != nil {
		pk = p.Name
	}
	if f.relSlice {
		return fmt.Errorf("GORM finds no foreign key for this has-many: %s has no field %s%s; add it, or name the key with `foreignKey:`", rel.fieldSchema.name, rel.schema.name, "ID")
	}
	return fmt.Errorf("GORM finds no foreign key for this relationship: neither %s.%s%s (belongs-to) nor %s.%s%s (has-one) exists; add one, or name the key with `foreignKey:`", rel.schema.name, f.Name, pk, rel.fieldSchema.name, rel.schema.name, "ID")
}

// copyKeyType is what GORM does to a foreign key field when it builds a
// reference: it takes the data type (unless it holds auto_increment or
// primary key), the GORM data type and, when it has none, the size of
// the key it references.
func copyKeyType(pk, fk *field) {
	if copyableDataType(pk.DataType) {
		fk.DataType = pk.DataType
	}
	fk.GormType = pk.GormType
	if fk.Size == 0 {
		fk.Size = pk.Size
	}
}

func copyableDataType(s string) bool {
	l := strings.ToLower(s)
	return !strings.Contains(l, "auto_increment") && !strings.Contains(l, "primary key")
}

// buildPolymorphic is GORM's buildPolymorphicRelation: the child holds
// <Owner>Type and <Owner>ID columns and no foreign key.
func (l *loader) buildPolymorphic(rel *gormRelation) error {
	gs, f, fs := rel.schema, rel.field, rel.fieldSchema
	poly := f.Settings.m["POLYMORPHIC"]
	rel.poly = true
	value := gs.table
	typeName, typeID := poly+"Type", poly+"ID"
	if v, ok := f.Settings.get("POLYMORPHICTYPE"); ok {
		typeName = strings.TrimSpace(v)
	}
	if v, ok := f.Settings.get("POLYMORPHICID"); ok {
		typeID = strings.TrimSpace(v)
	}
	if v, ok := f.Settings.get("POLYMORPHICVALUE"); ok {
		value = strings.TrimSpace(v)
	}
	ptype, pid := fs.lookUp(typeName, false), fs.lookUp(typeID, false)
	if ptype == nil {
		return fmt.Errorf("polymorphic: %s has no field %s for the owner's type; add it, or name it with `polymorphicType:`", fs.name, typeName)
	}
	if pid == nil {
		return fmt.Errorf("polymorphic: %s has no field %s for the owner's key; add it, or name it with `polymorphicId:`", fs.name, typeID)
	}
	rel.refs = append(rel.refs, gormRef{primaryValue: value, fk: ptype})
	pk := gs.tf.prioritized
	if len(rel.foreignKeys) > 0 {
		if pk = gs.lookUpField(rel.foreignKeys[0]); pk == nil || len(rel.foreignKeys) > 1 {
			return fmt.Errorf("polymorphic: foreignKey:%s must name one field of %s", strings.Join(rel.foreignKeys, ","), gs.name)
		}
	}
	if pk == nil {
		return fmt.Errorf("polymorphic: %s has no primary key for %s.%s to hold; add an ID field or a primaryKey", gs.name, fs.name, typeID)
	}
	if copyableDataType(pk.DataType) {
		pid.DataType = pk.DataType
	}
	pid.GormType = pk.GormType
	if pid.Size == 0 {
		pid.Size = pk.Size
	}
	rel.refs = append(rel.refs, gormRef{pk: pk, fk: pid, own: true})
	rel.kind = relHas
	return nil
}

// buildMany2Many is GORM's buildMany2ManyRelation: a join table whose
// columns are both sides' keys, all of them its primary key, with a
// belongs-to relationship (and so a foreign key) to each side.
func (l *loader) buildMany2Many(rel *gormRelation, many2many string) error {
	gs, f, fs := rel.schema, rel.field, rel.fieldSchema
	rel.kind = relMany2Many
	joinForeignKeys := toColumns(f.Settings.m["JOINFOREIGNKEY"])
	joinReferences := toColumns(f.Settings.m["JOINREFERENCES"])
	ownFields := gs.tf.pks
	refFields := fs.tf.pks
	if len(rel.foreignKeys) > 0 {
		ownFields = nil
		for _, name := range rel.foreignKeys {
			of := gs.lookUpField(name)
			if of == nil {
				return fmt.Errorf("many2many: foreignKey:%s names no field of %s; name one of its fields", name, gs.name)
			}
			ownFields = append(ownFields, of)
		}
	}
	if len(rel.primaryKeys) > 0 {
		refFields = nil
		for _, name := range rel.primaryKeys {
			rf := fs.lookUpField(name)
			if rf == nil {
				return fmt.Errorf("many2many: references:%s names no field of %s; name one of its fields", name, fs.name)
			}
			refFields = append(refFields, rf)
		}
	}
	if len(ownFields) == 0 {
		return fmt.Errorf("many2many: %s has no primary key for the join table %s to reference; add an ID field or a primaryKey", gs.name, many2many)
	}
	if len(refFields) == 0 {
		return fmt.Errorf("many2many: %s has no primary key for the join table %s to reference; add an ID field or a primaryKey", fs.name, many2many)
	}

	var (
		specs    []goField
		fieldsOf = map[string]*field{}
		ownOf    = map[string]*field{}
		refOf    = map[string]*field{}
	)
	joinTag := func(k *field) string {
		return removeSettingFromTag(appendSettingFromTag(k.goTag, "primaryKey"), "column", "autoincrement", "index", "unique", "uniqueindex")
	}
	for idx, of := range ownFields {
		name := titleWords(gs.name) + of.Name
		if len(joinForeignKeys) > idx {
			name = titleWords(joinForeignKeys[idx])
		}
		ownOf[name] = of
		fieldsOf[name] = of
		specs = append(specs, goField{name: name, typ: of.GoType, tag: joinTag(of), pos: f.Pos})
	}
	for idx, rf := range refFields {
		name := titleWords(fs.name) + rf.Name
		if _, ok := ownOf[name]; ok {
			if f.Name != fs.name {
				name = inflection.Singular(f.Name) + rf.Name
			} else {
				name += "Reference"
			}
		}
		if len(joinReferences) > idx {
			name = titleWords(joinReferences[idx])
		}
		refOf[name] = rf
		if _, ok := fieldsOf[name]; !ok {
			fieldsOf[name] = rf
			specs = append(specs, goField{name: name, typ: rf.GoType, tag: joinTag(rf), pos: f.Pos})
		}
	}

	join := &gormSchema{
		name:    titleWords(gs.name) + f.Name,
		table:   l.dialect.ident(l.naming.joinTableName(many2many)),
		pos:     f.Pos,
		m2m:     rel,
		isTable: gs.isTable,
		why:     gs.why,
	}
	// The join fields repeat the tags of the keys, whose problems were
	// reported there.
	prev := l.diag
	l.diag = &diagnostics{}
	for _, spec := range specs {
		join.fields = append(join.fields, l.gormField(join.name, spec, 1, nil)...)
	}
	join.tf = resolveKeys(join.fields, nil)
	l.diag = prev
	join.tf.pks = nil
	for _, jf := range join.tf.columns {
		// Messages and GoName point at the relationship field.
		jf.Owner, jf.Path = gs.name, f.Path
		jf.schema = join
		key := fieldsOf[jf.Name]
		copyKeyType(key, jf)
		// A join column is the key's column again: the key's type hint,
		// not its rename.
		jf.Hint = genHint{Type: key.Hint.Type}
		if key.Hint.Type != "" {
			jf.SQLType = key.Hint.Type
		}
		jf.PrimaryKey = true
		join.tf.pks = append(join.tf.pks, jf)
	}
	rel.join = join

	relName, relRefName := gs.name, fs.name
	if relName == relRefName {
		relRefName = f.Name
	}
	ownRel := &gormRelation{name: relName, kind: relBelongsTo, field: f, schema: join, fieldSchema: gs}
	refRel := &gormRelation{name: relRefName, kind: relBelongsTo, field: f, schema: join, fieldSchema: fs}
	for _, jf := range join.tf.columns {
		if of, ok := ownOf[jf.Name]; ok {
			ownRel.refs = append(ownRel.refs, gormRef{pk: of, fk: jf})
			rel.refs = append(rel.refs, gormRef{pk: of, fk: jf, own: true})
		}
		if rf, ok := refOf[jf.Name]; ok {
			refRel.refs = append(refRel.refs, gormRef{pk: rf, fk: jf})
			rel.refs = append(rel.refs, gormRef{pk: rf, fk: jf})
		}
	}
	join.setRelation(relName, ownRel)
	join.setRelation(relRefName, refRel)
	return nil
}

// toColumns is GORM's toColumns: a comma-separated list, trimmed.
func toColumns(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// appendSettingFromTag is GORM's appendSettingFromTag: the gorm part of
// tag with value put first, unless the tag already holds it.
func appendSettingFromTag(tag, value string) string {
	t := reflect.StructTag(tag).Get("gorm")
	if strings.Contains(t, value) {
		return tag
	}
	return fmt.Sprintf(`gorm:"%s;%s"`, value, t)
}

// removeSettingFromTag is GORM's removeSettingFromTag, regular expression
// and all (it also cuts inside longer keys: "index" out of uniqueIndex).
func removeSettingFromTag(tag string, names ...string) string {
	for _, name := range names {
		tag = regexp.MustCompile(`(?i)(gorm:.*?)(`+name+`(:.*?)?)(;|("))`).ReplaceAllString(tag, "${1}${5}")
	}
	return tag
}

// gormConstraint is GORM's schema.Constraint: a foreign key.
type gormConstraint struct {
	name               string
	rel                *gormRelation
	table, refSchema   *gormSchema
	fks, refs          []*field
	onUpdate, onDelete string
}

// parseConstraint is GORM's Relationship.ParseConstraint: the foreign key
// of rel, or nil for constraint:- and for a belongs-to whose other side
// declares the same key.
func (l *loader) parseConstraint(rel *gormRelation) *gormConstraint {
	str := rel.field.Settings.m["CONSTRAINT"]
	if str == "-" {
		return nil
	}
	if rel.kind == relBelongsTo {
		for _, r := range rel.fieldSchema.rels {
			if r != rel && r.fieldSchema == rel.schema && len(rel.refs) == len(r.refs) {
				same := true
				for i, ref := range r.refs {
					o := rel.refs[i]
					if o.pk != ref.pk || o.fk != ref.fk || o.primaryValue != ref.primaryValue {
						same = false
						break
					}
				}
				if same {
					return nil
				}
			}
		}
	}
	settings := parseTagSettings(str, ",")
	c := &gormConstraint{rel: rel, onUpdate: settings.m["ONUPDATE"], onDelete: settings.m["ONDELETE"]}
	if idx := strings.IndexByte(str, ','); idx != -1 && checkNameRE.MatchString(str[:idx]) {
		c.name = str[:idx]
	} else {
		c.name = l.naming.fkName(rel.schema.table, rel.name)
	}
	for _, ref := range rel.refs {
		if ref.pk == nil || (rel.join != nil && !ref.own) {
			continue
		}
		c.fks = append(c.fks, ref.fk)
		c.refs = append(c.refs, ref.pk)
		if ref.own {
			c.table, c.refSchema = ref.fk.schema, rel.schema
		} else {
			c.table, c.refSchema = rel.schema, ref.pk.schema
		}
	}
	return c
}
