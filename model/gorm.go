package model

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/internal/editdist"
)

// A field is one struct field as GORM's schema.Field sees it, before a
// dialect maps it to a column: the seam between reading tags (GORM now;
// Bun and sqlx later) and building the schema.
type field struct {
	// Name is the Go field name; Owner the struct declaring it (for
	// embedded structs, the embedded type), for messages.
	Name, Owner string
	// Path is the Go selector from the model to the field: "Email", or
	// "Base.CreatedAt" for a field of an embedded struct.
	Path string
	Pos  token.Position
	// Settings is the parsed form of the field's gorm tag (gormTag).
	Settings tagSettings
	// DBName is the column name ("" for a field that is not a column).
	DBName string
	// Depth is GORM's len(BindNames): 1 for a field of the model itself,
	// one more per embedding level. A shallower field wins a column name.
	Depth int
	// DataType is GORM's DataType: an abstract kind (kindBool…) or a
	// column type from the type: key; "" when the field is no column.
	DataType string
	// GormType is GORM's GORMDataType: the kind before the type: key.
	GormType string
	// GoKind is the kind of the Go type, by which the default is parsed.
	GoKind string
	// Size, Precision and Scale are the size:, precision: and scale: keys
	// (Size defaulting to the Go type's bit size).
	Size, Precision, Scale int
	Default                schema.Expr
	Comment                string

	// The flags are together, so that a record of 100,000 is not padded
	// after each (see docs/PERFORMANCE.md, issue 8).

	// GoNullable is true for a pointer, a Null type or a slice.
	GoNullable    bool
	PrimaryKey    bool
	AutoIncrement bool
	// NotNull is the not null key; NotNullSet whether it is written.
	NotNull, NotNullSet bool
	Unique              bool
	// Unmanaged is `-:migration`: a column gen must not touch.
	Unmanaged bool
	// Permitted is false when GORM neither reads nor writes the field
	// (`->:false` with `<-:false`); such a field never wins a column name.
	Permitted bool
	// relSlice is, for a relation field, whether the field is a slice
	// (has-many, many2many) rather than a struct.
	relSlice bool

	// GoType is the field's Go type.
	GoType types.Type
	// SQLType, when set, is the column type written verbatim for the
	// dialect being loaded (a gen type= hint, a GormDBDataType answer, a
	// Bun or sqlx type): the dialect's kind mapping is skipped.
	SQLType string
	// Hint is the field's gen tag.
	Hint genHint
	// Identity is "BY DEFAULT" or "ALWAYS" for an identity column.
	Identity string
	// Generated is the expression of a STORED generated column.
	Generated string
	// Enum is the //gen:enum type of the field, or nil.
	Enum *enumDecl

	// relTarget is, for a relation field (GORM's DataType == "" fields it
	// reads as relationships), the named struct it points to.
	relTarget *types.TypeName
	// schema is the GORM schema whose table holds the field; owner is
	// GORM's OwnerSchema, the view of the embedded struct declaring it.
	schema *gormSchema
	owner  *gormSchema
	// goTag is the field's whole struct tag, which many2many join fields
	// copy.
	goTag string
}

// gormTag is the gorm part of the field's struct tag; "" when there is
// none (a Bun or sqlx field). It is not kept in the record: on 100,000
// fields a copy was 1.6 MB, and it is read once per field, for indexes.
func (f *field) gormTag() string {
	t, _ := reflect.StructTag(f.goTag).Lookup("gorm")
	return t
}

// isRelation reports whether f is a relationship field.
func (f *field) isRelation() bool { return f.relTarget != nil && f.DataType == "" }

// object names the field in messages: "User.Email".
func (f *field) object() string { return f.Owner + "." + f.Name }

// checkNameRE is GORM's regEnLetterAndMidline: a check's leading name.
var checkNameRE = regexp.MustCompile(`^[\w-]+$`)

// gormKeys are the keys GORM v2 reads from a gorm tag (gorm v1.31.2
// schema package and gorm.io/driver/postgres v1.6.3), upper case.
var gormKeys = map[string]bool{
	"COLUMN": true, "TYPE": true, "SIZE": true, "PRECISION": true, "SCALE": true,
	"PRIMARYKEY": true, "PRIMARY_KEY": true, "UNIQUE": true, "DEFAULT": true,
	"NOT NULL": true, "NOTNULL": true, "AUTOINCREMENT": true, "AUTOINCREMENTINCREMENT": true,
	"EMBEDDED": true, "EMBEDDEDPREFIX": true, "AUTOCREATETIME": true, "AUTOUPDATETIME": true,
	"INDEX": true, "UNIQUEINDEX": true, "CHECK": true, "<-": true, "->": true, "-": true,
	"COMMENT": true, "SERIALIZER": true, "JSON": true, "FOREIGNKEY": true, "REFERENCES": true,
	"CONSTRAINT": true, "MANY2MANY": true, "JOINFOREIGNKEY": true, "JOINREFERENCES": true,
	"BELONGSTO": true, "POLYMORPHIC": true, "POLYMORPHICTYPE": true, "POLYMORPHICID": true,
	"POLYMORPHICVALUE": true, "GENERATED": true, "ZEROVALUE": true,
}

// gormV1Keys are GORM v1 spellings that GORM v2 ignores, with the v2 key.
var gormV1Keys = map[string]string{
	"NOT_NULL":               "not null",
	"UNIQUE_INDEX":           "uniqueIndex",
	"AUTO_INCREMENT":         "autoIncrement",
	"ASSOCIATION_FOREIGNKEY": "references",
	"EMBEDDED_PREFIX":        "embeddedPrefix",
}

// embeddingKeys have an effect on an embedded struct field; GORM reads the
// other keys of such a field for no column (or, for check, for every
// column, which gen does not follow).
var embeddingKeys = map[string]bool{
	"EMBEDDED": true, "EMBEDDEDPREFIX": true, "-": true, "<-": true, "->": true,
}

// goField is a struct field to read: a field of a Go struct, or one of
// the fields GORM makes up for a many2many join table.
type goField struct {
	name      string
	typ       types.Type
	tag       string
	anonymous bool
	pos       token.Position
	pkg       *types.Package
}

// fieldOf describes struct field i of st.
func (l *loader) fieldOf(st *types.Struct, i int) goField {
	v := st.Field(i)
	return goField{name: v.Name(), typ: v.Type(), tag: st.Tag(i), anonymous: v.Anonymous(), pos: l.position(v.Pos()), pkg: v.Pkg()}
}

// gormField reads struct field v (tag: its whole struct tag) of a struct
// declared as owner, as GORM's schema.ParseField does. It returns the
// field, or the fields of the struct it embeds flattened in place.
func (l *loader) gormField(owner string, v goField, depth int, stack []*types.Struct) []*field {
	pos := v.pos
	tag := v.tag
	gormTag, ok := reflect.StructTag(tag).Lookup("gorm")
	switch {
	case ok:
	case strings.Contains(tag, `gorm:"`):
		l.diag.warnf(pos, owner+"."+v.name, "Go cannot read struct tag %s, so GORM does not see it; double every backslash in the gorm value (GORM's escaped semicolon is written \\\\;)", "`"+tag+"`")
	case strings.Contains(tag, "gorm"):
		l.diag.warnf(pos, owner+"."+v.name, "struct tag %s is not in the key:\"value\" form, so GORM does not see the gorm part; write it as `gorm:\"…\"`", "`"+tag+"`")
	}
	s := tagSettingsOf(gormTag, ";")
	f := &field{
		Name:      v.name,
		Path:      v.name,
		Owner:     owner,
		Pos:       pos,
		Settings:  s,
		Depth:     depth,
		Permitted: true,
		GoType:    v.typ,
		goTag:     tag,
	}
	l.checkGormKeys(f)
	if val, ok := s.get("-"); ok && !s.has("EMBEDDED") {
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "-", "all":
			l.noHints(f, "the field is not a column (gorm:\"-\")")
			return nil // neither read nor written: no column
		}
	}
	f.Hint = l.parseHint(f)

	gt := l.classify(v.typ)
	f.GoNullable = gt.nullable
	f.DataType = gt.dataType
	if dt, ok := l.gormDataType(f, v.typ); ok {
		f.DataType = dt
	}
	f.GoKind = gt.dataType
	if gt.dataType == kindString {
		f.Enum = l.enumOf(v.typ)
	}
	if name := firstNonEmpty(s.m["SERIALIZER"], s.m["JSON"]); name != "" {
		l.serializerType(f, name, v.typ)
	}
	f.GormType = f.DataType
	if t, ok := s.get("TYPE"); ok {
		switch lt := strings.ToLower(strings.TrimSpace(t)); lt {
		case kindBool, kindInt, kindUint, kindFloat, kindString, kindTime, kindBytes:
			f.DataType = lt
		case "":
			l.diag.errorf(pos, f.object(), "type: has no value; write a column type such as `type:varchar(100)`, or remove the key")
		default:
			if kw := constraintInType(t); kw != "" {
				l.diag.errorf(pos, f.object(), "type:%s holds %s as well as the type; keep only the type in type: and use the primaryKey, not null, default and unique keys", t, kw)
			}
			f.DataType = t
		}
	}
	// GormDBDataType wins over the type: key in GORM's DataTypeOf.
	if dbt, ok := l.gormDBDataType(f, v.typ); ok {
		f.SQLType = dbt
		if f.DataType == "" {
			f.DataType = dbt
		}
	}

	f.Size = l.intKey(f, "SIZE")
	f.Precision = l.intKey(f, "PRECISION")
	f.Scale = l.intKey(f, "SCALE")
	if f.Size == 0 {
		f.Size = gt.size
	}
	f.PrimaryKey = s.truth("PRIMARYKEY", "PRIMARY_KEY")
	f.AutoIncrement = s.truth("AUTOINCREMENT")
	f.NotNull = s.truth("NOT NULL", "NOTNULL")
	f.NotNullSet = s.has("NOT NULL") || s.has("NOTNULL")
	f.Unique = s.truth("UNIQUE")
	f.Comment = s.m["COMMENT"]
	if d, ok := s.get("DEFAULT"); ok {
		expr, err := gormDefault(f.GoKind, d)
		if err != nil {
			l.diag.errorf(pos, f.object(), "%v", err)
		}
		f.Default = expr
	}

	// Permissions (`-`, `->`, `<-`): a field GORM neither reads nor writes
	// is no column.
	creatable, updatable, readable := true, true, true
	if val, ok := s.get("-"); ok {
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "-", "all":
			creatable, updatable, readable = false, false, false
			f.DataType = ""
		case "migration":
			f.Unmanaged = true
		default:
			l.diag.warnf(pos, f.object(), "gorm key \"-:%s\" is not one GORM knows, so the field stays a column; write \"-\", \"-:all\" or \"-:migration\"", val)
		}
	}
	if val, ok := s.get("->"); ok {
		creatable, updatable = false, false
		readable = !strings.EqualFold(val, "false")
	}
	if val, ok := s.get("<-"); ok {
		creatable, updatable = true, true
		if val != "<-" {
			creatable = strings.Contains(val, "create")
			updatable = strings.Contains(val, "update")
		}
	}
	permitted := creatable || updatable || readable
	f.Permitted = permitted

	// Embedded structs are flattened in place.
	if _, tagged := s.get("EMBEDDED"); tagged || (f.GormType != kindTime && f.GormType != kindBytes && !gt.valuer && v.anonymous && permitted) {
		if gt.embed != nil {
			l.noHints(f, "an embedded struct is not a column; put the gen tag on its fields")
			return l.embed(f, v, gt.embed, depth, stack)
		}
		if tagged {
			l.diag.errorf(pos, f.object(), "embedded needs a struct type, and %s is not one; remove the embedded key", types.TypeString(v.typ, types.RelativeTo(v.pkg)))
			return nil
		}
	}
	if !permitted && f.DataType == "" {
		return nil // gorm:"-"
	}
	if f.DataType == "" && f.Hint.Type != "" && permitted && !(gt.relation && gt.target != nil) {
		f.DataType = f.Hint.Type
	}
	if f.DataType == "" {
		if gt.relation && gt.target != nil && hasScanMethod(gt.target.Type()) {
			l.diag.errorf(pos, f.object(), "%s implements sql.Scanner but not driver.Valuer, so GORM reads the field as a relationship, not a column; give %s a Value method and the field a type: key (e.g. `gorm:\"type:jsonb\"`), or use serializer:json", gt.target.Name(), gt.target.Name())
			return nil
		}
		if gt.relation && gt.target != nil {
			l.noHints(f, "GORM reads it as a relationship; store the struct in a column with serializer:json instead")
			f.relTarget, f.relSlice = gt.target, gt.slice
			return []*field{f}
		}
		if gt.relation {
			l.diag.errorf(pos, f.object(), "GORM reads a field of an unnamed struct type as a relationship, and gen cannot name its table; declare the struct as a named type, tag the field `gorm:\"embedded\"` to flatten it, or `gorm:\"serializer:json\"` to store it as text")
		} else {
			l.diag.errorf(pos, f.object(), "%s; or tag the field `gorm:\"-\"` if it is not stored", gt.why)
		}
		return nil
	}
	f.DBName = s.m["COLUMN"]
	if f.DBName == "" {
		f.DBName = l.naming.columnName(f.Name)
	}
	if f.AutoIncrement && (f.DataType == kindBool || f.DataType == kindFloat || f.DataType == kindString || f.DataType == kindTime || f.DataType == kindBytes) {
		l.diag.warnf(pos, f.object(), "autoIncrement has no effect on a %s column; remove it", f.DataType)
	}
	l.gormGenerated(f)
	l.applyHint(f)
	return []*field{f}
}

// embed flattens the struct st that field f embeds, as GORM does: the
// struct is parsed as a schema of its own (whose primary key logic runs),
// primary keys not tagged as such are dropped, and embeddedPrefix is put
// before every column name.
func (l *loader) embed(f *field, v goField, st *types.Struct, depth int, stack []*types.Struct) []*field {
	for _, s := range stack {
		if s == st {
			l.diag.errorf(f.Pos, f.object(), "embeds a struct that embeds it again; embed it through a field that is not embedded, or tag it `gorm:\"-\"`")
			return nil
		}
	}
	for _, k := range f.Settings.keys {
		if !embeddingKeys[k.Key] && gormKeys[k.Key] {
			l.diag.warnf(f.Pos, f.object(), "gorm key %q on an embedded struct has no effect on its columns; tag the fields inside %s instead", k.Raw, embeddedName(f, v))
		}
	}
	inner := l.structFields(embeddedName(f, v), st, depth+1, append(stack, st))
	itf := resolveKeys(inner, nil)
	// GORM's OwnerSchema of the embedded fields: the embedded struct parsed
	// on its own, with its own column names and primary key.
	owner := &gormSchema{name: embeddedName(f, v), fields: inner, tf: itf, owned: true}
	prefix, hasPrefix := f.Settings.get("EMBEDDEDPREFIX")
	// Fields of a struct from outside the model packages (gorm.Model)
	// are placed at the field embedding it, which the user can edit.
	foreign := !l.isModelPkg(namedOf(derefType(v.typ)))
	for _, ef := range inner {
		ef.owner = owner
		if foreign {
			ef.Pos = f.Pos
		}
		if ef.PrimaryKey && !ef.Settings.truth("PRIMARYKEY", "PRIMARY_KEY") {
			ef.PrimaryKey = false
			if !ef.Settings.truth("AUTOINCREMENT") {
				ef.AutoIncrement = false
			}
		}
		if hasPrefix && ef.DBName != "" {
			ef.DBName = prefix + ef.DBName
		}
		ef.Path = f.Name + "." + ef.Path
	}
	return inner
}

// embeddedName is the owner name of an embedded struct's fields: its type
// name, or Outer.Field for a struct literal.
func embeddedName(f *field, v goField) string {
	t := v.typ
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return f.object()
}

// structFields reads the exported fields of st (GORM skips unexported
// ones, embedded or not) in declaration order, flattening embedded ones.
func (l *loader) structFields(owner string, st *types.Struct, depth int, stack []*types.Struct) []*field {
	var out []*field
	for i := 0; i < st.NumFields(); i++ {
		if !st.Field(i).Exported() {
			continue
		}
		out = append(out, l.gormField(owner, l.fieldOf(st, i), depth, stack)...)
	}
	return out
}

// checkGormKeys warns about keys GORM v2 ignores silently.
func (l *loader) checkGormKeys(f *field) {
	for _, k := range f.Settings.keys {
		if gormKeys[k.Key] {
			continue
		}
		if v2, ok := gormV1Keys[k.Key]; ok {
			l.diag.warnf(f.Pos, f.object(), "gorm key %q is GORM v1's spelling, which GORM v2 ignores; write %q", k.Raw, v2)
			continue
		}
		if s := suggestKey(k.Key); s != "" {
			l.diag.warnf(f.Pos, f.object(), "unknown gorm key %q, which GORM ignores; did you mean %q?", k.Raw, s)
			continue
		}
		l.diag.warnf(f.Pos, f.object(), "unknown gorm key %q, which GORM ignores; remove it or fix its spelling", k.Raw)
	}
}

// intKey reads a numeric key; a value that is not a non-negative integer
// is an error (GORM silently reads it as -1 or 0).
func (l *loader) intKey(f *field, key string) int {
	v, ok := f.Settings.get(key)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		l.diag.errorf(f.Pos, f.object(), "%s:%s is not a whole number; write e.g. %s:100", strings.ToLower(key), v, strings.ToLower(key))
		return 0
	}
	return n
}

// gormDataType handles types with GORM's data type methods:
// GormDataType() string, folded when its body returns a constant, and
// GormDBDataType, which depends on the dialect at run time.
func (l *loader) gormDataType(f *field, t types.Type) (string, bool) {
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	fn := lookupMethod(t, "GormDataType")
	if fn == nil {
		return "", false
	}
	if sig := fn.Type().(*types.Signature); sig.Params().Len() != 0 || sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()) {
		return "", false
	}
	v, err := l.foldStringMethod(fn)
	if err != nil {
		if !f.Settings.has("TYPE") && f.Hint.Type == "" && lookupMethod(t, "GormDBDataType") == nil {
			l.diag.errorf(f.Pos, f.object(), "%v; add a type: key to the field", err)
		}
		return "", false
	}
	return v, true
}

// constraintInType returns the first column constraint keyword a type:
// value holds ("NOT NULL", "PRIMARY KEY"…), or "".
func constraintInType(t string) string {
	u := " " + strings.ToUpper(strings.Join(strings.Fields(t), " ")) + " "
	for _, kw := range []string{"NOT NULL", "PRIMARY KEY", "DEFAULT", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "NULL", "AUTOINCREMENT"} {
		if strings.Contains(u, " "+kw+" ") {
			return kw
		}
	}
	return ""
}

// suggestKey returns the known key closest to an unknown one, when it is
// close enough to be a typo.
func suggestKey(key string) string {
	best, dist := "", 3
	keys := make([]string, 0, len(gormKeys))
	for k := range gormKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(k) < 3 {
			continue
		}
		if d := editdist.Levenshtein(key, k); d < dist {
			best, dist = k, d
		}
	}
	return gormKeySpelling[best]
}

// gormKeySpelling is how GORM's documentation writes each key.
var gormKeySpelling = map[string]string{
	"COLUMN": "column", "TYPE": "type", "SIZE": "size", "PRECISION": "precision", "SCALE": "scale",
	"PRIMARYKEY": "primaryKey", "PRIMARY_KEY": "primary_key", "UNIQUE": "unique", "DEFAULT": "default",
	"NOT NULL": "not null", "NOTNULL": "not null", "AUTOINCREMENT": "autoIncrement",
	"AUTOINCREMENTINCREMENT": "autoIncrementIncrement", "EMBEDDED": "embedded",
	"EMBEDDEDPREFIX": "embeddedPrefix", "AUTOCREATETIME": "autoCreateTime",
	"AUTOUPDATETIME": "autoUpdateTime", "INDEX": "index", "UNIQUEINDEX": "uniqueIndex",
	"CHECK": "check", "COMMENT": "comment", "SERIALIZER": "serializer", "JSON": "json",
	"FOREIGNKEY": "foreignKey", "REFERENCES": "references", "CONSTRAINT": "constraint",
	"MANY2MANY": "many2many", "JOINFOREIGNKEY": "joinForeignKey", "JOINREFERENCES": "joinReferences",
	"BELONGSTO": "belongsTo", "POLYMORPHIC": "polymorphic", "POLYMORPHICTYPE": "polymorphicType",
	"POLYMORPHICID": "polymorphicId", "POLYMORPHICVALUE": "polymorphicValue",
	"GENERATED": "generated", "ZEROVALUE": "zeroValue",
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// tableFields is a model's fields resolved as GORM's schema.Parse does.
type tableFields struct {
	// columns are the fields that are columns, one per column name, in
	// the order the names first appear.
	columns []*field
	// pks are the primary key fields, in GORM's PrimaryFields order.
	pks []*field
	// prioritized is GORM's PrioritizedPrimaryField.
	prioritized *field
}

// resolveKeys runs GORM's schema-level rules over fields (schema.go
// Parse): one field per column name (the first, unless a shallower one
// with permissions comes later), the primary key (tagged fields, else the
// `id` column or ID field), and auto-increment for the prioritized
// integer primary key unless autoIncrement is written. d, when not nil,
// receives warnings for fields that lose their column name.
func resolveKeys(fields []*field, d *diagnostics) *tableFields {
	tf := &tableFields{}
	byName := map[string]*field{}
	index := map[string]int{}
	for _, f := range fields {
		if f.DBName == "" || f.DataType == "" {
			continue
		}
		old, ok := byName[f.DBName]
		switch {
		case !ok:
			byName[f.DBName] = f
			index[f.DBName] = len(tf.columns)
			tf.columns = append(tf.columns, f)
		case f.Permitted && f.Depth < old.Depth:
			byName[f.DBName] = f
			tf.columns[index[f.DBName]] = f
			if old.PrimaryKey {
				for i, p := range tf.pks {
					if p == old {
						tf.pks = append(tf.pks[:i], tf.pks[i+1:]...)
						break
					}
				}
			}
		default:
			if d != nil && f.Depth == old.Depth {
				d.warnf(f.Pos, f.object(), "column %q is also declared by %s (%s), and GORM keeps the first; remove one or rename it with column:", f.DBName, old.object(), old.Pos)
			}
			continue
		}
		if f.PrimaryKey {
			tf.pks = append(tf.pks, f)
		}
	}
	cand := byName["id"]
	if cand == nil {
		cand = byName["ID"]
	}
	if cand == nil {
		for _, f := range tf.columns {
			if f.Name == "ID" {
				cand = f
				break
			}
		}
	}
	if cand != nil {
		if cand.PrimaryKey {
			tf.prioritized = cand
		} else if len(tf.pks) == 0 {
			cand.PrimaryKey = true
			tf.prioritized = cand
			tf.pks = append(tf.pks, cand)
		}
	}
	if tf.prioritized == nil {
		if len(tf.pks) == 1 {
			tf.prioritized = tf.pks[0]
		} else {
			for _, f := range tf.pks {
				if f.AutoIncrement {
					tf.prioritized = f
					break
				}
			}
		}
	}
	if p := tf.prioritized; p != nil && (p.GormType == kindInt || p.GormType == kindUint) && !p.Settings.has("AUTOINCREMENT") {
		p.AutoIncrement = true
	}
	// Columns of `-:migration` fields are declared but not created.
	return tf
}

// gormIndex is one index (or unique index) as GORM's ParseIndexes merges
// it from the fields naming it.
type gormIndex struct {
	Name  string
	Class string
	Type  string
	Where string
	// Storage holds the index's storage parameters ("fillfactor=70"),
	// from option:WITH (…) on PostgreSQL.
	Storage []string
	// Include and NullsNotDistinct are option:INCLUDE (…) and
	// option:NULLS NOT DISTINCT on PostgreSQL.
	Include          []string
	NullsNotDistinct bool
	parts            []gormIndexPart
	first            *field
}

// indexOptions are what an index's option: says the index is.
type indexOptions struct {
	Params           []string // storage parameters, "name=value"
	Include          []string // INCLUDE column names
	NullsNotDistinct bool
}

type gormIndexPart struct {
	f        *field
	expr     string
	desc     bool
	priority int
	collate  string // unquoted collation name, "" for the column's own
}

// gormIndexes reads the index and uniqueIndex keys of the columns, as
// GORM's schema.ParseIndexes does: unnamed indexes are named
// idx_<table>_<snake of the Go field name> (or of the composite: option),
// fields naming the same index make one composite index whose columns are
// ordered by priority (default 10), and options come from the first field
// that sets them.
func (l *loader) gormIndexes(table string, cols []*field) []*gormIndex {
	dialect := l.dialect
	var (
		list   []*gormIndex
		byName = map[string]*gormIndex{}
	)
	for _, f := range cols {
		if f.Settings.m["INDEX"] == "" && f.Settings.m["UNIQUEINDEX"] == "" {
			continue
		}
		for _, it := range indexTagsOf(f.gormTag()) {
			name := it.Name
			if name == "" {
				sub := f.Name
				if c, ok := it.Opts.get("COMPOSITE"); ok {
					if c == "" || c == "COMPOSITE" {
						l.diag.errorf(f.Pos, f.object(), "%s: composite needs a name; write composite:NAME", it.Raw)
						continue
					}
					sub = c
				}
				name = l.naming.indexName(table, sub)
			}
			class := it.Opts.m["CLASS"]
			if it.Unique || it.Opts.m["UNIQUE"] != "" {
				class = "UNIQUE"
			}
			if class != "" && !strings.EqualFold(class, "UNIQUE") {
				l.diag.errorf(f.Pos, f.object(), "%s: class:%s is MySQL's, and %s has no such index (GORM would write CREATE %s INDEX, which fails); remove it, or on PostgreSQL use type:gin or type:gist with an expression", it.Raw, class, l.dialectTitle(), strings.ToUpper(class))
				class = ""
			}
			part := gormIndexPart{f: f, priority: 10, expr: it.Opts.m["EXPRESSION"]}
			if p, ok := it.Opts.get("PRIORITY"); ok {
				n, err := strconv.Atoi(strings.TrimSpace(p))
				if err != nil {
					l.diag.errorf(f.Pos, f.object(), "%s: priority:%s is not a whole number; write e.g. priority:1", it.Raw, p)
				} else {
					part.priority = n
				}
			}
			if so, ok := it.Opts.get("SORT"); ok {
				switch strings.ToLower(strings.TrimSpace(so)) {
				case "desc":
					part.desc = true
				case "asc", "sort":
				default:
					l.diag.errorf(f.Pos, f.object(), "%s: sort:%s is neither asc nor desc; write sort:desc", it.Raw, so)
				}
			}
			method := strings.ToLower(strings.TrimSpace(it.Opts.m["TYPE"]))
			if method != "" {
				if err := dialect.indexMethod(method); err != nil {
					l.diag.errorf(f.Pos, f.object(), "%s: %v", it.Raw, err)
					method = ""
				}
			}
			var options indexOptions
			for _, o := range it.Opts.keys {
				switch o.Key {
				case "UNIQUE", "CLASS", "TYPE", "WHERE", "EXPRESSION", "SORT", "PRIORITY", "COMPOSITE", "COMMENT":
				case "LENGTH":
					l.diag.warnf(f.Pos, f.object(), "%s: length is MySQL-only and GORM ignores it here; remove it", it.Raw)
				case "COLLATE":
					name, warning, err := l.dialect.collationName(o.Value)
					switch {
					case strings.Trim(o.Value, `"' `) == "":
						l.diag.errorf(f.Pos, f.object(), "%s: collate: names no collation; write e.g. collate:\"C\"", it.Raw)
					case err != nil:
						l.diag.errorf(f.Pos, f.object(), "%s: %v", it.Raw, err)
					case part.expr != "":
						l.diag.warnf(f.Pos, f.object(), "%s: gen does not manage the collation of an expression index: it creates and compares the index without COLLATE %s; put the COLLATE in expression:", it.Raw, o.Value)
					case name == "": // the dialect's default: the column's own
					default:
						part.collate = name
						if warning != "" {
							l.diag.warnf(f.Pos, f.object(), "%s: %s", it.Raw, warning)
						}
					}
				case "OPTION":
					// CONCURRENTLY is how GORM builds the index, not what the
					// index is: gen decides that itself when it renders.
					if v := strings.ToUpper(strings.TrimSpace(o.Value)); v != "CONCURRENTLY" {
						opts, warning := l.dialect.indexOption(strings.TrimSpace(o.Value))
						options.Params = append(options.Params, opts.Params...)
						options.Include = append(options.Include, opts.Include...)
						options.NullsNotDistinct = options.NullsNotDistinct || opts.NullsNotDistinct
						if warning != "" {
							l.diag.warnf(f.Pos, f.object(), "%s: %s", it.Raw, warning)
						}
					}
				default:
					l.diag.warnf(f.Pos, f.object(), "%s: unknown index option %q, which GORM ignores; remove it or fix its spelling", it.Raw, o.Raw)
				}
			}
			idx := byName[name]
			if idx == nil {
				idx = &gormIndex{Name: name, first: f}
				byName[name] = idx
				list = append(list, idx)
			}
			if idx.Class == "" {
				idx.Class = class
			}
			if idx.Type == "" {
				idx.Type = method
			}
			if idx.Where == "" {
				idx.Where = it.Opts.m["WHERE"]
			}
			if idx.Storage == nil {
				idx.Storage = options.Params
			}
			if idx.Include == nil {
				idx.Include = options.Include
			}
			idx.NullsNotDistinct = idx.NullsNotDistinct || options.NullsNotDistinct
			idx.parts = append(idx.parts, part)
			sort.SliceStable(idx.parts, func(i, j int) bool { return idx.parts[i].priority < idx.parts[j].priority })
		}
	}
	return list
}

// gormChecks reads the check keys of the columns (schema/constraint.go
// ParseCheckConstraints): `check:name,expr` when the first comma-separated
// part is a word, else `check:expr` named chk_<table>_<column>.
func (l *loader) gormChecks(table string, cols []*field) []*schema.Check {
	var (
		out  []*schema.Check
		seen = map[string]bool{}
	)
	for _, f := range cols {
		chk := f.Settings.m["CHECK"]
		if chk == "" {
			continue
		}
		var name, expr string
		names := strings.Split(chk, ",")
		if len(names) > 1 && checkNameRE.MatchString(names[0]) {
			name, expr = names[0], strings.Join(names[1:], ",")
		} else {
			expr = chk
			if names[0] == "" {
				expr = strings.Join(names[1:], ",")
			}
			name = l.naming.checkName(table, f.DBName)
		}
		expr = strings.TrimSpace(expr)
		if expr == "" || expr == "CHECK" {
			l.diag.errorf(f.Pos, f.object(), "check has no expression; write check:NAME,EXPR or check:EXPR")
			continue
		}
		if seen[name] {
			l.diag.errorf(f.Pos, f.object(), "check constraint %q is declared twice; give one of them another name (check:NAME,EXPR)", name)
			continue
		}
		seen[name] = true
		out = append(out, &schema.Check{Name: name, Expr: expr, Attrs: []schema.Attr{l.pos(f.Pos)}})
	}
	return out
}

// String is for debugging.
func (f *field) String() string {
	return fmt.Sprintf("%s(%s %s)", f.object(), f.DBName, f.DataType)
}

// gormGenerated reads the generated key as gorm.io/driver/postgres v1.6.3
// does (generatedColumnOf): `identity`, optionally with `always` or `by
// default`, makes an identity column of the field's integer type; any
// other value is the expression of a STORED generated column. The SQLite
// drivers do not read the key: GORM creates a plain column there.
func (l *loader) gormGenerated(f *field) {
	v, ok := f.Settings.get("GENERATED")
	if !ok {
		return
	}
	if v = strings.TrimSpace(v); v == "" || v == "GENERATED" {
		l.diag.warnf(f.Pos, f.object(), "generated has no value, and GORM ignores it; write generated:identity or generated:EXPR")
		return
	}
	if !l.dialect.gormGenerated() {
		l.diag.warnf(f.Pos, f.object(), "generated:%s is read by gorm.io/driver/postgres only: on %s GORM creates a plain column, and so does gen", v, l.dialectTitle())
		return
	}
	if mode, identity := identityMode(v); identity {
		if f.DataType != kindInt && f.DataType != kindUint {
			l.diag.errorf(f.Pos, f.object(), "generated:%s needs an integer field, and this one is %s; use an int type or remove the key", v, f.DataType)
			return
		}
		f.Identity = mode
		return
	}
	if f.Default != nil {
		l.diag.errorf(f.Pos, f.object(), "a generated column cannot have a default, and PostgreSQL rejects DEFAULT with GENERATED ALWAYS AS; remove default:")
		f.Default = nil
	}
	f.Generated = v
}

// identityMode is gorm.io/driver/postgres's identityMode: the value is an
// identity when its words are identity, always, by and default only.
func identityMode(value string) (mode string, ok bool) {
	mode = "BY DEFAULT"
	for _, tok := range strings.Fields(strings.ToLower(value)) {
		switch tok {
		case "identity":
			ok = true
		case "always":
			mode = "ALWAYS"
		case "by", "default":
		default:
			return "", false
		}
	}
	return mode, ok
}
